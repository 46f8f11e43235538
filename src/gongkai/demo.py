"""The demo behind `make run`: validate the seed reports and render each in every format.

It finds the five seed gold files (`../shared/corpus/seeds` beside the repository, else
the copies in `tests/fixtures/seeds`), checks each with the validator, writes HTML,
DOCX, XLSX and Markdown (and PDF when LibreOffice is installed) under `out/<stem>/`,
and prints a summary: agency, year, format, findings and the files written.

Run: `python -m gongkai.demo [--seeds DIR] [--out DIR]`.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gongkai.errors import GongkaiError
from gongkai.render import EXTENSIONS, RENDERERS
from gongkai.render.files import write_atomically
from gongkai.render.pdf import find_soffice
from gongkai.report.codec import load_report
from gongkai.report.validate import Finding, validate

REPOSITORY = Path(__file__).resolve().parents[2]
GOLD_SUFFIX = ".gold.json"
BASE_FORMATS = ("html", "docx", "xlsx", "md")


def seed_candidates(root: Path) -> tuple[Path, ...]:
    """The places the seed gold files are looked for, in order of preference."""
    return (
        root.parent / "shared" / "corpus" / "seeds",
        root / "tests" / "fixtures" / "seeds",
    )


def find_seeds(candidates: Sequence[Path]) -> list[Path]:
    """Return the gold files of the first candidate directory that holds any."""
    for directory in candidates:
        files = sorted(directory.glob(f"*{GOLD_SUFFIX}"))
        if files:
            return files
    return []


@dataclass
class Outcome:
    """What the demo did with one gold file."""

    source: Path
    agency: str = ""
    year: int | None = None
    format: str = ""
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.source.name.removesuffix(GOLD_SUFFIX)


def process(
    source: Path, out: Path, formats: Sequence[str], latest_year: int
) -> Outcome:
    """Validate one gold file and render it in each format under `out/<stem>/`."""
    outcome = Outcome(source)
    try:
        report = load_report(source)
    except GongkaiError as exc:
        outcome.problems.append(str(exc))
        return outcome
    outcome.agency, outcome.year = report.agency, report.year
    outcome.format = report.format.value if report.format else "—"
    outcome.findings = validate(report, latest_year=latest_year)
    target = out / outcome.stem
    target.mkdir(parents=True, exist_ok=True)
    for name in formats:
        path = target / f"report{EXTENSIONS[name]}"
        try:
            write_atomically(path, RENDERERS[name](report))
        except (GongkaiError, OSError) as exc:
            outcome.problems.append(f"{name}: {exc}")
            continue
        outcome.written.append(path)
    return outcome


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def summary(outcomes: Sequence[Outcome], out: Path) -> str:
    """Return the printed summary: one line per file, then its findings and problems."""
    header = ("file", "agency", "year", "format", "findings", "written")
    rows = [
        (
            o.stem,
            o.agency,
            str(o.year or ""),
            o.format,
            str(len(o.findings)),
            " ".join(p.suffix.lstrip(".") for p in o.written),
        )
        for o in outcomes
    ]
    widths = [
        max(display_width(r[i]) for r in (header, *rows)) for i in range(len(header))
    ]
    lines = ["  ".join(pad(c, w) for c, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for outcome, row in zip(outcomes, rows, strict=True):
        lines.append(
            "  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
        for finding in outcome.findings:
            label = finding.severity.label
            lines.append(f"    {label} [{finding.rule.value}] {finding.message('zh')}")
        lines += [f"    未完成: {problem}" for problem in outcome.problems]
    total = sum(len(o.written) for o in outcomes)
    lines.append(f"{total} files written under {out}/")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gongkai.demo",
        description="validate and render the seed reports",
    )
    parser.add_argument("--seeds", type=Path, help="directory of *.gold.json files")
    parser.add_argument("--out", type=Path, default=Path("out"), help="default: out/")
    args = parser.parse_args(argv)
    candidates = [args.seeds] if args.seeds else seed_candidates(REPOSITORY)
    sources = find_seeds(candidates)
    if not sources:
        where = ", ".join(str(c) for c in candidates)
        print(f"error: no *{GOLD_SUFFIX} files in {where}", file=sys.stderr)
        return 2
    formats = BASE_FORMATS + (("pdf",) if find_soffice() else ())
    print(
        f"seeds: {sources[0].parent} ({len(sources)} files); formats: {', '.join(formats)}"
    )
    if "pdf" not in formats:
        print("pdf: skipped, LibreOffice (soffice) is not installed")
    latest_year = date.today().year + 1  # the edge asks for today, the core does not
    # Each PDF conversion runs its own LibreOffice, so files are rendered side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(
            pool.map(lambda s: process(s, args.out, formats, latest_year), sources)
        )
    print(summary(outcomes, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
