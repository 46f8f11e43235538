"""Second hold-out corpus (tests/fixtures/holdout2/), read through the `gongkai` command.

Made by an examiner who did not read the reader's code; see the corpus README for each
file's quirks and BROKEN.md for the broken inputs. Every report must read back exactly as
its gold file (optional fields ignored); broken inputs must fail cleanly. The whole
corpus is read by one `gongkai read FILE… -o OUT.jsonl` run (`batch.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.report.codec import load_report, report_from_data, report_to_data
from gongkai.report.model import OPTIONAL_FIELDS
from tests.gongkai.reader.batch import Batch, read_batch

HOLDOUT2 = Path(__file__).parents[2] / "fixtures" / "holdout2"
GOLD = sorted(HOLDOUT2.glob("*.gold.json"))
BROKEN = HOLDOUT2 / "broken"


def _report_file(gold: Path) -> Path:
    stem = gold.name.removesuffix(".gold.json")
    (found,) = [
        p for p in HOLDOUT2.glob(stem + ".*") if not p.name.endswith(".gold.json")
    ]
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """Every report and broken input of the corpus, read by one `gongkai read` run."""
    paths = [_report_file(gold) for gold in GOLD] + sorted(
        p for p in BROKEN.iterdir() if p.suffix != ".md"
    )
    batch = read_batch(paths, tmp_path_factory.mktemp("holdout2") / "read.jsonl")
    assert "Traceback" not in batch.stderr, batch.stderr
    return batch


def _canonical(data: object, source: str) -> dict[str, Any]:
    out = report_to_data(report_from_data(data, source))
    for name in OPTIONAL_FIELDS:
        out.pop(name, None)
    return out


def _cells(data: dict[str, Any]) -> dict[str, Any]:
    """Flatten to {table.row[.col]: value} so a failure lists the wrong cells."""
    flat: dict[str, Any] = {}
    for key in ("agency", "year", "format"):
        flat[key] = data[key]
    for table in ("proactive", "applications", "review_litigation"):
        value = data[table]
        if value is None:
            flat[table] = None
            continue
        for row, cells in value.items():
            items = cells.items() if isinstance(cells, dict) else enumerate(cells)
            for col, cell in items:
                flat[f"{table}.{row}.{col}"] = cell
    return flat


def test_corpus_is_there() -> None:
    assert len(GOLD) >= 20
    assert len(list(BROKEN.iterdir())) >= 2


@pytest.mark.parametrize(
    "gold", GOLD, ids=[g.name.removesuffix(".gold.json") for g in GOLD]
)
def test_report_reads_exactly_as_gold(corpus: Batch, gold: Path) -> None:
    source = _report_file(gold)
    got, error = corpus.outcome(source)
    assert got is not None, f"{source.name} was not read: {error}"
    expected = _canonical(report_to_data(load_report(gold)), str(gold))
    actual = _canonical(got["report"], str(source))
    want, have = _cells(expected), _cells(actual)
    wrong = {
        k: (want.get(k), have.get(k))
        for k in want.keys() | have.keys()
        if want.get(k) != have.get(k)
    }
    assert not wrong, (
        f"{source.name}: wrong cells (expected, got): {sorted(wrong.items())}"
    )
    assert actual == expected


def test_the_run_fails_for_the_broken_inputs_only(corpus: Batch) -> None:
    assert corpus.returncode == 2  # the broken inputs below
    assert sorted(corpus.errors) == [
        "b01_gov_404_page.html",
        "b02_cover_letter_no_tables.docx",
    ], corpus.stderr


def test_404_page_is_refused_by_name(corpus: Batch) -> None:
    path = BROKEN / "b01_gov_404_page.html"
    record, error = corpus.outcome(path)
    assert record is None  # nothing printed for it
    assert path.name in error and "internal error" not in error, corpus.stderr


def test_cover_letter_without_tables_is_refused_by_name(corpus: Batch) -> None:
    # A 函 that forwards a report is not a report: no agency, no table, nothing to read.
    path = BROKEN / "b02_cover_letter_no_tables.docx"
    record, error = corpus.outcome(path)
    assert record is None, record
    assert path.name in error and "internal error" not in error, corpus.stderr
