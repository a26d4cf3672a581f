from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from projects.models import Meeting, Phase, Project, Sector, Source


class Command(BaseCommand):
    help = "Load fixtures/cpec.json into an empty database, with initial history."

    def handle(self, *args, **options):
        models = (Phase, Sector, Project, Meeting, Source)
        if any(model.objects.exists() for model in models):
            self.stdout.write("The database already holds data; nothing loaded.")
            return
        with transaction.atomic():
            call_command("loaddata", "cpec", verbosity=0)
            # A raw fixture load writes no history; give every record its first entry.
            call_command("populate_history", auto=True, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {Project.objects.count()} projects, "
                f"{Meeting.objects.count()} meetings and "
                f"{Source.objects.count()} sources."
            )
        )
