"""Golden cases: realistic published reports (tests/golden/reader/<case>/source.*), each
read to exactly its expected.json (written from hand-specified models by make_cases.py,
not by the reader), with the validator findings listed here."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.reader import read_report
from gongkai.report.codec import dump_report

HERE = Path(__file__).resolve().parents[2]
CASES = sorted(p for p in (HERE / "golden" / "reader").iterdir() if p.is_dir())
EXPECTED_FINDINGS = {
    "text_broken_rules": ["applications.row_total", "applications.outcome_sum"],
}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_reader_matches_gold(case: Path, update_golden: bool) -> None:
    source = next(case.glob("source.*"))
    result = read_report(source, latest_year=2030)
    got = dump_report(result.report)
    gold = case / "expected.json"
    if update_golden:
        gold.write_text(got, encoding="utf-8")
    assert got == gold.read_text(encoding="utf-8")
    assert [f.rule.value for f in result.findings] == EXPECTED_FINDINGS.get(
        case.name, []
    )


def test_every_case_has_a_source_and_a_gold() -> None:
    assert len(CASES) >= 9
    for case in CASES:
        assert (
            len(list(case.glob("source.*"))) == 1 and (case / "expected.json").exists()
        )


def test_html_provenance_names_table_row_and_cell() -> None:
    result = read_report(
        HERE / "golden" / "reader" / "html_site_chrome" / "source.html"
    )
    entry = result.provenance["applications.new_received[0]"]
    assert {"table", "row", "cell", "source_line", "text"} <= set(entry)
    assert entry["table"] == 1 and entry["text"] == str(
        result.report.applications.row("new_received")[0]  # type: ignore[union-attr]
    )


def test_pdf_provenance_names_the_page() -> None:
    result = read_report(HERE / "golden" / "reader" / "pdf_from_word" / "source.pdf")
    assert all("page" in e for p, e in result.provenance.items() if p.startswith("app"))


def test_blank_cells_of_a_page_are_noted() -> None:
    result = read_report(
        HERE / "golden" / "reader" / "html_site_chrome" / "source.html"
    )
    assert result.provenance["applications.granted[2]"].get("blank")
    assert any(
        n.code == "blank" and n.path == "applications.granted" for n in result.notes
    )
