"""`stats applications --agency CODE --year Y`: the section 三 table as canonical JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.calendar import parse_year
from gongkai.errors import GongkaiError
from gongkai.report.formats import FormatId
from gongkai_web.applications.management.commands.ledger import agency_by_code
from gongkai_web.applications.statistics import applications_table


class Command(BaseCommand):
    help = "Print statistics of an agency's year."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        table = sub.add_parser("applications", help="section 三 table, canonical JSON")
        table.add_argument(
            "--agency", required=True, metavar="CODE", help="agency code"
        )
        table.add_argument(
            "--year", required=True, help="2019 to next year (years with a 三 table)"
        )
        table.add_argument(
            "--format",
            choices=[f.value for f in FormatId],
            help="report format (default: the year's, 2021 from the 2021 report on; "
            "none before 2019)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_by_code(options["agency"])
        try:
            year = parse_year(str(options["year"]), today=timezone.localdate())
            table = applications_table(agency, year, options["format"])
        except GongkaiError as exc:
            raise CommandError(f"--year {options['year']}: {exc}") from None
        self.stdout.write(table_json(table.model_dump(mode="json")))


def table_json(rows: dict[str, list[int]]) -> str:
    """Return the table as JSON laid out like the gold files: one row per line."""
    lines = [
        f"  {json.dumps(row_id)}: {json.dumps(cells)}" for row_id, cells in rows.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}"
