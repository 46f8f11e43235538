"""`report build|publish|export --agency CODE --year Y`: the annual report at the command line.

- `build` prints the canonical JSON of the current draft (what would be published now).
- `publish` approves and publishes it as the next version, recorded as done from the
  command line; a second publication of a year is a correction and needs
  `--correction-note`.
- `export --to html|docx|pdf -o FILE` writes a published version (default the latest),
  whole or not at all.
- `add-pdf` renders the PDF of a version published without one (LibreOffice was
  missing then) and stores it beside the version.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.annual import check_draft_year
from gongkai.errors import GongkaiError
from gongkai.render.files import write_atomically
from gongkai.report.codec import dump_report
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.compute import current_report
from gongkai_web.annual.files import version_bytes
from gongkai_web.annual.models import Channel, ReportVersion
from gongkai_web.annual.services import add_pdf, publish
from gongkai_web.applications.management.commands.ledger import agency_by_code

EXPORT_KINDS = ("html", "docx", "pdf")


class Command(BaseCommand):
    help = "Build, publish or export an agency's annual report."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name, text in (
            ("build", "print the canonical JSON of the current draft"),
            (
                "publish",
                "publish the current draft as the next version (from the command line)",
            ),
            ("export", "write a published version as HTML, DOCX or PDF"),
            (
                "add-pdf",
                "render the PDF of a version published without one "
                "(no LibreOffice then)",
            ),
        ):
            command = sub.add_parser(name, help=text)
            command.add_argument(
                "--agency", required=True, metavar="CODE", help="agency code"
            )
            command.add_argument("--year", required=True, type=int, help="report year")
            if name == "publish":
                command.add_argument(
                    "--correction-note",
                    default="",
                    metavar="TEXT",
                    help="public note; required for a correction",
                )
            if name == "export":
                command.add_argument("--to", required=True, choices=EXPORT_KINDS)
                command.add_argument(
                    "-o",
                    "--output",
                    required=True,
                    metavar="FILE",
                    help="written whole or not at all",
                )
            if name in ("export", "add-pdf"):
                command.add_argument(
                    "--version", type=int, metavar="N", help="default: the latest"
                )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_by_code(options["agency"])
        year = options["year"]
        try:
            if options["subcommand"] == "build":
                self._build(agency, year)
            elif options["subcommand"] == "publish":
                version = publish(
                    agency,
                    year,
                    None,
                    via=Channel.COMMAND_LINE,
                    correction_note=options["correction_note"],
                )
                self.stdout.write(
                    f"{agency.code} {year}: published version {version.number}, "
                    f"sha256 {version.content_hash}"
                )
            elif options["subcommand"] == "add-pdf":
                version = self._version(agency, year, options["version"])
                added = add_pdf(version, None, via=Channel.COMMAND_LINE)
                self.stdout.write(
                    f"{agency.code} {year}: added the PDF of version "
                    f"{version.number} ({len(bytes(added.data))} bytes)"
                )
            else:
                self._export(agency, year, options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc

    def _build(self, agency: Agency, year: int) -> None:
        check_draft_year(year, timezone.localdate())
        current = current_report(agency, year)
        self.stdout.write(dump_report(current.report), ending="")
        for finding in current.findings:
            self.stderr.write(f"{finding.severity.label}: {finding.message_zh}")

    def _version(self, agency: Agency, year: int, number: int | None) -> ReportVersion:
        versions = ReportVersion.objects.filter(agency=agency, year=year)
        if number is not None:
            versions = versions.filter(number=number)
        version: ReportVersion | None = versions.order_by("-number").first()
        if version is None:
            stem = f"{agency.name}{year}年度报告"
            if number is not None:
                raise CommandError(
                    f"{stem}没有第{number}版 (no published version {number})"
                )
            raise CommandError(
                f"{stem}尚未发布 (not published; gongkai report publish)"
            )
        return version

    def _export(self, agency: Agency, year: int, options: dict[str, Any]) -> None:
        version = self._version(agency, year, options["version"])
        output = Path(options["output"])
        data = version_bytes(version, options["to"])
        try:
            write_atomically(output, data)
        except OSError as exc:
            raise CommandError(
                f"{output}: cannot write ({exc.strerror or exc})"
            ) from exc
        print(
            f"{output}: {options['to']}, version {version.number}, {len(data)} bytes",
            file=sys.stderr,
        )
