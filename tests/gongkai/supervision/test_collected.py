"""`collect` reads a file once and gives what `read_report` gives (model, notes,
findings), plus the hash and the tampering hits."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.reader import read_report
from gongkai.render import render
from gongkai.report.codec import load_report
from gongkai.supervision import collect

SEEDS = Path(__file__).parents[2] / "fixtures" / "seeds"


def sources() -> list[tuple[str, bytes]]:
    found = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    gold = load_report(next(SEEDS.glob("004_*.gold.json")))
    found += [(f"004.{to}", render(gold, to)) for to in ("html", "docx", "xlsx")]
    return found


@pytest.mark.parametrize("name,data", sources(), ids=lambda v: str(v)[:12])
def test_collect_reads_as_the_reader_does(name: str, data: bytes) -> None:
    read = read_report(data, name)
    collected = collect("x", data, name)
    assert collected.report == read.report
    assert collected.notes == read.notes
    assert collected.findings == read.findings
