from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.datafiles import DATA_DIR, DataFileError, load_data
from projects.models import Meeting, Phase, Project, Sector, Source


class Command(BaseCommand):
    help = (
        "Load the curated data files (fixtures/data/) into an empty database, all or "
        "nothing; an error names the file, the record and the field."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DATA_DIR)

    def handle(self, *args, path, **options):
        models = (Phase, Sector, Project, Meeting, Source)
        if any(model.objects.exists() for model in models):
            self.stdout.write("The database already holds data; nothing loaded.")
            return
        try:
            counts = load_data(path)
        except DataFileError as exc:
            raise CommandError(f"Nothing loaded. {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {counts.get('projects', 0)} projects, "
                f"{counts.get('meetings', 0)} meetings, "
                f"{counts.get('sources', 0)} sources and "
                f"{counts.get('citations', 0)} citations."
            )
        )
