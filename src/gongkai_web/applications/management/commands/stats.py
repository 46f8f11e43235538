"""`stats applications --agency CODE --year Y`: the section 三 table as canonical JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.report.formats import FormatId
from gongkai_web.applications.management.commands.ledger import agency_by_code
from gongkai_web.applications.statistics import applications_table


class Command(BaseCommand):
    help = "Print statistics of an agency's year."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        table = sub.add_parser("applications", help="section 三 table, canonical JSON")
        table.add_argument("--agency", required=True, metavar="CODE")
        table.add_argument("--year", required=True, type=int)
        table.add_argument(
            "--format",
            choices=[f.value for f in FormatId],
            help="report format (default: 2021 from the 2021 report on, else 2019)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_by_code(options["agency"])
        table = applications_table(agency, options["year"], options["format"])
        self.stdout.write(table_json(table.model_dump(mode="json")))


def table_json(rows: dict[str, list[int]]) -> str:
    """Return the table as JSON laid out like the gold files: one row per line."""
    lines = [
        f"  {json.dumps(row_id)}: {json.dumps(cells)}" for row_id, cells in rows.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}"
