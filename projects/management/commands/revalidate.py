"""Rebuild the remembered public answers under the latest data version; serve it."""

import os

from django.core.management.base import BaseCommand

from projects.caching.revalidate import refresh

# Below the web workers: readers come first, the rebuild takes what is left.
NICENESS = 10


class Command(BaseCommand):
    help = (
        "Rebuild the public pages and API answers readers asked for recently under "
        "the latest data version, then answer readers from it "
        "(projects/caching/revalidate.py). The site starts it after each write."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--locked",
            action="store_true",
            help="The site took the rebuild's lock for this run (revalidate.start).",
        )

    def handle(self, *args, **options):
        os.nice(NICENESS)
        refresh(locked=options["locked"])
