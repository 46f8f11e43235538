"""`backup -o FILE`: the database and every stored file in one tar.gz archive.

Consistent while the server runs (see gongkai_web.operations.backup). Restore with
`gongkai restore FILE` into an empty installation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_web.operations.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write the database and every stored file to one archive (.tar.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="archive to write"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if output.is_dir():
            raise CommandError(f"-o {output}: a folder; expected a file name")
        try:
            manifest = write_backup(output)
        except (BackupError, OSError) as exc:
            raise CommandError(f"backup: {exc}") from None
        self.stdout.write(
            f"{output}: {manifest['engine']} database and {manifest['files']} files "
            f"({output.stat().st_size:,} bytes)"
        )
