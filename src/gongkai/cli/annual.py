"""`gongkai report build|publish|export|add-pdf` and `gongkai demo`: the annual report
of an agency's records, at the command line.

Like `gongkai.cli.web`, this module only parses arguments; the work is done by the
management commands `report` and `demo` of `gongkai_web.annual`, run through
`gongkai.cli.web.run_django_command` (by its `forward`; Django is imported only when a
command runs).
"""

from __future__ import annotations

import argparse

from gongkai.cli.web import forward


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report", help="an agency's annual report: build, publish, export"
    ).add_subparsers(dest="report_command", metavar="SUBCOMMAND", required=True)
    build = report.add_parser(
        "build", help="print the canonical JSON of the current draft"
    )
    _agency_year(build)
    build.set_defaults(handler=forward(lambda a: ["report", "build", *_where(a)]))

    publish = report.add_parser(
        "publish",
        help="publish the current draft as the next version (from the command line)",
    )
    _agency_year(publish)
    publish.add_argument(
        "--correction-note",
        metavar="TEXT",
        help="public note; required for a correction",
    )
    publish.set_defaults(handler=forward(_publish_args))

    export = report.add_parser(
        "export", help="write a published version as HTML, DOCX or PDF"
    )
    _agency_year(export)
    export.add_argument("--to", required=True, choices=("html", "docx", "pdf"))
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--version", type=int, metavar="N", help="default: the latest")
    export.set_defaults(handler=forward(_export_args))

    add_pdf = report.add_parser(
        "add-pdf",
        help="render the PDF of a version published without one (no LibreOffice then)",
    )
    _agency_year(add_pdf)
    add_pdf.add_argument("--version", type=int, metavar="N", help="default: the latest")
    add_pdf.set_defaults(handler=forward(_add_pdf_args))

    demo = commands.add_parser(
        "demo", help="load the demo agency `demo` (users per role, records of seed 004)"
    )
    demo.add_argument("--no-publish", action="store_true", help="do not publish 2021")
    demo.add_argument("--reset-passwords", action="store_true")
    demo.set_defaults(handler=forward(_demo_args))


def _agency_year(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--agency", required=True, metavar="CODE")
    parser.add_argument("--year", required=True, type=int)


def _where(a: argparse.Namespace) -> list[str]:
    return ["--agency", a.agency, "--year", str(a.year)]


def _publish_args(a: argparse.Namespace) -> list[str]:
    note = ["--correction-note", a.correction_note] if a.correction_note else []
    return ["report", "publish", *_where(a), *note]


def _export_args(a: argparse.Namespace) -> list[str]:
    version = ["--version", str(a.version)] if a.version is not None else []
    return ["report", "export", *_where(a), "--to", a.to, "-o", a.output, *version]


def _add_pdf_args(a: argparse.Namespace) -> list[str]:
    version = ["--version", str(a.version)] if a.version is not None else []
    return ["report", "add-pdf", *_where(a), *version]


def _demo_args(a: argparse.Namespace) -> list[str]:
    flags = [
        f"--{name.replace('_', '-')}"
        for name in ("no_publish", "reset_passwords")
        if getattr(a, name)
    ]
    return ["demo", *flags]
