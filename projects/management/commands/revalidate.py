"""Rebuild the remembered public answers under the latest data version; serve it."""

import os

from django.core.management.base import BaseCommand

from projects.caching.revalidate import NICENESS, refresh


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
        # Started by the site it is there already (revalidate.start); by hand, not.
        current = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, 0, max(current, NICENESS))
        refresh(locked=options["locked"])
