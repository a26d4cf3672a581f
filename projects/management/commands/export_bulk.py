from pathlib import Path

from django.core.management.base import BaseCommand

from projects.exports.builds import (
    DEFAULT_BASE_URL,
    build_now,
    bulk_root,
    current_build,
    is_stale,
    write_bundle,
)


class Command(BaseCommand):
    help = (
        "Write the whole data set as bulk files (CSV, JSON, GeoJSON, SQLite, OC4IDS) "
        "with a Frictionless datapackage.json. Without --output, the build the site "
        "serves at /data/ is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Write the files into this folder instead of the served build.",
        )
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help="The site's address, for the package's links (default %(default)s).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Rebuild the served files even if they are of the current data.",
        )

    def handle(self, *args, output, base_url, force, **options):
        if output is None and not force and not is_stale(current_build()):
            self.stdout.write(f"{bulk_root()}: up to date with the data.")
            return
        if output is not None:
            package = write_bundle(output, base_url)
            folder = output
        else:
            build = build_now(base_url)
            package, folder = build.package(), build.directory
            self.stdout.write(f"served from {bulk_root()}")
        for resource in package["resources"]:
            self.stdout.write(
                f"wrote {folder / resource['path']} ({resource['bytes']} bytes)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(package['resources'])} files and datapackage.json, "
                f"data version {package['version']}."
            )
        )
