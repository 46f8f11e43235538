"""`gongkai validate`, `gongkai schema`, `gongkai render`: the canonical report JSON at
the command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from gongkai.errors import ReportFileError
from gongkai.report.codec import load_report
from gongkai.report.model import AnnualReport
from gongkai.report.validate import Finding, has_errors, validate, validate_series

# The names of `gongkai.render.RENDERERS`, which is imported only to render: it brings
# in python-docx, openpyxl and numpy, half a second that every other command (`read`
# over thousands of files too) would pay at start-up.
OUTPUT_FORMATS = ("html", "md", "docx", "xlsx", "pdf")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "validate", help="check canonical report JSON files against the 勾稽 rules"
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE.json")
    check.add_argument(
        "--json", action="store_true", help="print findings as JSON lines"
    )
    check.set_defaults(handler=run_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of the model")
    schema.set_defaults(handler=run_schema)

    draw = commands.add_parser(
        "render",
        help="render a canonical report JSON file as HTML, DOCX, XLSX, MD or PDF",
    )
    draw.add_argument("file", type=Path, metavar="FILE.json")
    draw.add_argument(
        "--to", required=True, choices=OUTPUT_FORMATS, help="output format"
    )
    draw.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    draw.set_defaults(handler=run_render)


def run_validate(args: argparse.Namespace) -> int:
    """Exit 0 when no errors, 1 when findings of severity error, 2 when a file failed."""
    reports: list[AnnualReport] = []
    unreadable = errors = 0
    for path in args.files:
        try:
            report = load_report(path)
        except ReportFileError as exc:
            print(f"error: {exc}", file=sys.stderr)
            unreadable += 1
            continue
        reports.append(report)
        findings = validate(report, latest_year=date.today().year + 1)
        errors += has_errors(findings)
        _print_findings(str(path), findings, args)
    _print_findings("(series)", validate_series(reports), args)
    if not args.json:
        print(
            f"{len(args.files)} files: {len(reports) - errors} without errors, "
            f"{errors} with errors, {unreadable} unreadable",
            file=sys.stderr,
        )
    if unreadable:
        return 2
    return 1 if errors else 0


def _print_findings(
    source: str, findings: list[Finding], args: argparse.Namespace
) -> None:
    for finding in findings:
        if args.json:
            record = {"source": source, **finding.to_dict()}
            print(json.dumps(record, ensure_ascii=False, default=str))
        else:
            severity = (
                finding.severity.value if args.lang == "en" else finding.severity.label
            )
            print(
                f"{source}: {severity} [{finding.rule.value}] {finding.message(args.lang)}"
            )


def run_schema(args: argparse.Namespace) -> int:
    print(schema_text(), end="")
    return 0


def schema_text() -> str:
    """Return the JSON Schema of the canonical model, as committed under schema/."""
    schema = AnnualReport.model_json_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def run_render(args: argparse.Namespace) -> int:
    """Render one report file; exit 0 when written, 2 when it cannot be read or written.

    The output is written whole or not at all (temporary file + rename).
    """
    from gongkai.render import render
    from gongkai.render.files import write_atomically

    report = load_report(args.file)
    data = render(report, args.to)
    try:
        write_atomically(args.output, data)
    except OSError as exc:
        print(
            f"error: {args.output}: cannot write ({exc.strerror or exc})",
            file=sys.stderr,
        )
        return 2
    print(f"{args.output}: {args.to}, {len(data)} bytes", file=sys.stderr)
    return 0
