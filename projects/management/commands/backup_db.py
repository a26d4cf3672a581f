import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def pg_environment(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection arguments and environment for pg_dump/pg_restore."""
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {"PGCONNECT_TIMEOUT": "5"}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def run_tool(tool: str, args: list[str], env: dict) -> None:
    if not shutil.which(tool):
        raise CommandError(
            f"{tool} is not installed (apt-get install postgresql-client)."
        )
    result = subprocess.run(
        [tool, *args], env={**os.environ, **env}, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise CommandError(f"{tool} failed: {result.stderr.strip()}")


class Command(BaseCommand):
    help = (
        "Back up the database: pg_dump custom format for PostgreSQL, an online copy "
        "of the file for SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="folder or file name")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        vendor = connection.vendor
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        output = Path(options["output"])
        suffix = ".dump" if vendor == "postgresql" else ".sqlite3"
        if output.suffix != suffix:
            output.mkdir(parents=True, exist_ok=True)
            output = output / f"cpec-{stamp}{suffix}"
        else:
            output.parent.mkdir(parents=True, exist_ok=True)

        if vendor == "postgresql":
            conn_args, env = pg_environment(connection.settings_dict)
            run_tool(
                "pg_dump",
                [*conn_args, "--format=custom", "--no-owner", "--file", str(output)],
                env,
            )
        elif vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(output)
            try:
                # The backup API copies a consistent snapshot while others write.
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            raise CommandError(f"No backup method for {vendor}.")
        self.stdout.write(str(output))
