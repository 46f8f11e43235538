"""The reader against the hold-out corpus (tests/fixtures/holdout), as a black box.

The corpus was built without looking at the reader (see its README): fictional agencies,
layouts and quirks from formats.md §10, both formats, text/HTML/Word/PDF. Each report
is read through the documented command, `gongkai read FILE` (issue 3, deliver 1; in
this process, the broken inputs in one subprocess, see `batch.py`), and
its canonical model must equal the gold exactly (optional fields such as `title` are
ignored, as report-schema.md says). A failure lists every wrong cell as
table / row / column / expected / got. Broken inputs must fail cleanly (BROKEN.md).

Run this file as a script for the examiner's report: per-file wrong cells, cell
accuracy, agency/year/format accuracy, broken-input behaviour:

    .venv/bin/python tests/gongkai/reader/test_holdout.py
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.report.codec import load_report, report_from_data, report_to_data
from gongkai.report.model import OPTIONAL_FIELDS
from gongkai_cli import main as gongkai
from tests.gongkai.reader.batch import Batch, read_batch

HOLDOUT = Path(__file__).resolve().parents[2] / "fixtures" / "holdout"
GOLDS = sorted(HOLDOUT.glob("*.gold.json"))
BROKEN = HOLDOUT / "broken"
TOP_FIELDS = ("agency", "year", "format")
TABLES = ("proactive", "applications", "review_litigation")
# Exit codes BROKEN.md allows per broken input (0 only with every table null).
BROKEN_EXITS = {
    "not_a_page.html": {2},
    "random_bytes.txt": {2},
    "truncated_report.docx": {2},
    "no_tables.txt": {0, 2},
}


@dataclass(frozen=True)
class Wrong:
    table: str
    row: str
    column: str
    expected: object
    got: object

    def __str__(self) -> str:
        return f"{self.table} / {self.row} / {self.column}: expected {self.expected!r}, got {self.got!r}"


def source_of(gold: Path) -> Path:
    stem = gold.name.removesuffix(".gold.json")
    found = [p for p in HOLDOUT.glob(f"{stem}.*") if not p.name.endswith(".gold.json")]
    if len(found) != 1:
        raise FileNotFoundError(
            f"{gold.name}: expected one report file beside it, found {found}"
        )
    return found[0]


def read_through_cli(path: Path) -> tuple[int, dict[str, Any] | None, str]:
    """Run `gongkai read PATH` in this process; return exit code, parsed JSON, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = gongkai(["read", str(path)])
    text = out.getvalue()
    parsed = (
        json.loads(text, parse_float=Decimal) if code == 0 and text.strip() else None
    )
    return code, parsed, err.getvalue()


def comparable(report_data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report_data.items() if k not in OPTIONAL_FIELDS}


def cells_of(data: dict[str, Any]) -> dict[tuple[str, str, str], object]:
    """Every cell of the three tables, keyed (table, row, column); a null table is one cell."""
    cells: dict[tuple[str, str, str], object] = {}
    for table in TABLES:
        value = data.get(table)
        if value is None:
            cells[(table, "(table)", "(present)")] = None
            continue
        for row_id, row in value.items():
            if isinstance(row, dict):
                for col, cell in row.items():
                    cells[(table, row_id, col)] = cell
            else:
                for i, cell in enumerate(row):
                    cells[(table, row_id, str(i))] = cell
    return cells


def compare(expected: dict[str, Any], got: dict[str, Any]) -> list[Wrong]:
    """Return every top-level field and gold cell the reader got wrong."""
    wrong = [
        Wrong("(report)", "-", name, expected.get(name), got.get(name))
        for name in TOP_FIELDS
        if expected.get(name) != got.get(name)
    ]
    want, have = cells_of(expected), cells_of(got)
    for key, value in want.items():
        if key[1] == "(table)":
            if got.get(key[0]) is not None:
                wrong.append(Wrong(key[0], "(table)", "(present)", None, "a table"))
            continue
        table_got = got.get(key[0])
        actual = have.get(
            key, "(table missing)" if table_got is None else "(cell missing)"
        )
        if actual != value:
            wrong.append(Wrong(*key, value, actual))
    return wrong


def column_name(table: str, column: str) -> str:
    if table == "applications" and column.isdigit():
        return (
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        )[int(column)]
    if table == "review_litigation" and column.isdigit():
        return ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")[int(column)]
    return column


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_reader_reproduces_holdout_gold(gold: Path) -> None:
    source = source_of(gold)
    code, result, err = read_through_cli(source)
    assert code == 0, f"{source.name}: `gongkai read` exited {code}: {err.strip()}"
    assert result is not None and "report" in result, (
        f"{source.name}: no report in the output"
    )
    got = report_to_data(report_from_data(result["report"], source.name))
    expected = report_to_data(load_report(gold))
    wrong = compare(expected, got)
    detail = "\n".join(
        f"  {w.table} / {w.row} / {column_name(w.table, w.column)}: "
        f"expected {w.expected!r}, got {w.got!r}"
        for w in wrong
    )
    assert comparable(got) == comparable(expected), (
        f"{source.name}: {len(wrong)} wrong\n{detail}"
    )


@pytest.fixture(scope="module")
def broken_read(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """The broken inputs, read by one `gongkai read FILE… -o OUT.jsonl` run."""
    out = tmp_path_factory.mktemp("holdout-broken") / "read.jsonl"
    return read_batch(sorted(BROKEN.iterdir()), out)


def test_the_broken_run_ends_cleanly(broken_read: Batch) -> None:
    assert "Traceback" not in broken_read.stderr, broken_read.stderr
    assert broken_read.returncode == 2  # some of the inputs are refused


@pytest.mark.parametrize("path", sorted(BROKEN.iterdir()), ids=lambda p: p.name)
def test_broken_input_fails_cleanly(broken_read: Batch, path: Path) -> None:
    record, error = broken_read.outcome(path)
    exit_code = 0 if record is not None else 2  # what `gongkai read FILE` exits with
    assert exit_code in BROKEN_EXITS[path.name], (
        f"read as {record!r}, error {error!r}" if record else f"refused: {error!r}"
    )
    if record is None:
        assert path.name in error, f"the message does not name the file: {error!r}"
        assert "internal error" not in error, error
    else:
        assert not error, error
        report = record["report"]
        assert all(report[t] is None for t in TABLES), (
            "a table without a table in the file"
        )


# --- the examiner's report ------------------------------------------------------------


def examine() -> int:
    total_cells = right_cells = 0
    top_right = {name: 0 for name in TOP_FIELDS}
    perfect = 0
    lines = []
    for gold in GOLDS:
        source = source_of(gold)
        expected = report_to_data(load_report(gold))
        n = sum(1 for _ in cells_of(expected))
        total_cells += n
        try:
            code, result, err = read_through_cli(source)
        except Exception as exc:  # the examiner reports crashes instead of stopping
            lines.append(f"CRASH {source.name}: {type(exc).__name__}: {exc}")
            continue
        if code != 0 or result is None:
            lines.append(f"FAIL  {source.name}: exit {code}: {err.strip()}")
            continue
        got = report_to_data(report_from_data(result["report"], source.name))
        wrong = compare(expected, got)
        cell_wrong = [w for w in wrong if w.table != "(report)"]
        right_cells += n - len(cell_wrong)
        for name in TOP_FIELDS:
            top_right[name] += expected.get(name) == got.get(name)
        if not wrong:
            perfect += 1
            lines.append(f"OK    {source.name} ({n} cells)")
            continue
        lines.append(
            f"WRONG {source.name}: {len(cell_wrong)}/{n} cells wrong"
            + (
                f", fields: {', '.join(w.column for w in wrong if w.table == '(report)')}"
                if len(cell_wrong) != len(wrong)
                else ""
            )
        )
        for w in wrong:
            lines.append(
                f"      {w.table} / {w.row} / {column_name(w.table, w.column)}: "
                f"expected {w.expected!r}, got {w.got!r}"
            )
    print("\n".join(lines))
    print()
    print(f"reports: {len(GOLDS)}, every cell and field right: {perfect}")
    print(f"cells right: {right_cells}/{total_cells} = {right_cells / total_cells:.2%}")
    for name in TOP_FIELDS:
        print(f"{name} right: {top_right[name]}/{len(GOLDS)}")
    print()
    for path in sorted(BROKEN.iterdir()):
        proc = subprocess.run(
            [sys.executable, "-m", "gongkai_cli", "read", str(path)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        tail = proc.stderr.strip().splitlines()[-1:] or [proc.stdout[:200]]
        print(
            f"broken {path.name}: exit {proc.returncode}; {'TRACEBACK; ' if 'Traceback' in proc.stderr else ''}{tail[0]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(examine())
