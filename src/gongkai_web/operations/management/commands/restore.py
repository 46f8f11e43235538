"""`restore FILE`: load a `gongkai backup` archive into an empty installation.

The installation (DATABASE_URL and the file storage) must hold no data: a new
database, migrated or not, and an empty storage. Afterwards `migrate` brings an
archive of an older version up to this one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_web.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="archive from `backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(f"{source}: no such file")
        try:
            manifest = restore_backup(source)
        except (BackupError, OSError) as exc:
            raise CommandError(f"restore: {exc}") from None
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            f"{source}: restored the {manifest['engine']} database of "
            f"{manifest['created']} and {manifest['files']} files"
        )
