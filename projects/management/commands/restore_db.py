import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from .backup_db import pg_environment, run_tool


class Command(BaseCommand):
    help = "Restore a backup made by backup_db, replacing the database's contents."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        connection = connections[options["database"]]
        if connection.vendor == "postgresql":
            if path.suffix != ".dump":
                raise CommandError("A PostgreSQL restore takes a .dump file.")
            conn_args, env = pg_environment(connection.settings_dict)
            connection.close()
            run_tool(
                "pg_restore",
                [
                    *conn_args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    str(path),
                ],
                env,
            )
        elif connection.vendor == "sqlite":
            if path.suffix != ".sqlite3":
                raise CommandError("A SQLite restore takes a .sqlite3 file.")
            connection.ensure_connection()
            source = sqlite3.connect(path)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            raise CommandError(f"No restore method for {connection.vendor}.")
        self.stdout.write(self.style.SUCCESS(f"Restored {path}."))
