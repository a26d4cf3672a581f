from pathlib import Path

from django.core.management.base import BaseCommand

from projects.datafiles import DATA_DIR, export_data


class Command(BaseCommand):
    help = (
        "Write the database back to the data files (fixtures/data/), so that edits "
        "made in the admin can be reviewed as a diff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DATA_DIR)

    def handle(self, *args, path, **options):
        changed = export_data(path)
        for file in changed:
            self.stdout.write(f"wrote {file}")
        self.stdout.write(self.style.SUCCESS(f"{len(changed)} files changed."))
