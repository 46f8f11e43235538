"""`ledger import FILE --agency CODE` and `ledger export --agency CODE --year Y -o FILE`."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.calendar import parse_year
from gongkai.errors import GongkaiError
from gongkai.ledger import parse_ledger, write_ledger_csv, write_ledger_xlsx
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services


def agency_by_code(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(
            f"no agency with code {code!r} (gongkai agency create --code {code} --name …)"
        )
    return agency


class Command(BaseCommand):
    help = "Import or export the application ledger (ledger.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser(
            "import", help="import FILE.xlsx|FILE.csv, all rows or none"
        )
        load.add_argument("file", type=Path, metavar="FILE")
        load.add_argument("--agency", required=True, metavar="CODE", help="agency code")
        load.add_argument(
            "--update",
            action="store_true",
            help="update applicant, content, type, channel, fee and note of cases "
            "already registered (old values to the audit log); default: report them",
        )
        load.add_argument(
            "--user", metavar="USERNAME", help="record the import as this user"
        )
        load.add_argument(
            "--notify",
            action="store_true",
            help="send applicants the notices of the imported events (default: none)",
        )
        dump = sub.add_parser(
            "export",
            help="export the cases a year's table counts as XLSX (CSV for FILE.csv)",
        )
        dump.add_argument("--agency", required=True, metavar="CODE", help="agency code")
        dump.add_argument("--year", required=True, help="2008 to next year")
        dump.add_argument(
            "-o",
            "--output",
            required=True,
            type=Path,
            metavar="FILE",
            help="written whole or not at all",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_by_code(options["agency"])
        try:
            if options["subcommand"] == "import":
                self._import(agency, options)
            else:
                self._export(agency, options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from None

    def _import(self, agency: Agency, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read ({exc.strerror})") from None
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        ledger = parse_ledger(data, path.name)
        summary = services.import_ledger(
            agency,
            user,
            ledger,
            sha256=hashlib.sha256(data).hexdigest(),
            notify=options["notify"],
            update=options["update"],
        )
        for line in summary.lines():
            self.stdout.write(line)

    def _export(self, agency: Agency, options: dict[str, Any]) -> None:
        target: Path = options["output"]
        year = parse_year(str(options["year"]), today=timezone.localdate())
        rows = services.export_rows(agency, year)
        partial = target.with_name(target.name + ".partial")
        try:
            if target.suffix.lower() == ".csv":
                write_ledger_csv(rows, partial)
            else:
                write_ledger_xlsx(rows, partial)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{target}: cannot write ({exc.strerror})") from None
        self.stdout.write(f"{target}: {len(rows)} rows ({agency.code} {year})")
