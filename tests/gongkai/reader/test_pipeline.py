from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.errors import ReportFileError, ReportFormatError
from gongkai.reader import read_report
from gongkai.report.codec import load_report, report_to_data
from gongkai.report.validate import Rule
from tests.conftest import GOLD_FILES

SOURCES = [
    gold.with_name(gold.name.replace(".gold.json", ".txt")) for gold in GOLD_FILES
]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_seed_reads_exactly_as_its_gold(source: Path) -> None:
    gold = source.with_name(source.stem + ".gold.json")
    result = read_report(source, latest_year=2027)
    assert report_to_data(result.report) == report_to_data(load_report(gold))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_number_points_at_its_printed_digits(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    result = read_report(source)
    data = report_to_data(result.report)
    numbers = 0
    for path, entry in result.provenance.items():
        if path in ("agency", "year") or entry.get("missing"):
            continue
        printed = text[entry["start"] : entry["end"]]
        assert printed == entry["text"]
        assert text.count("\n", 0, entry["start"]) + 1 == entry["line"]
        if not entry.get("blank"):
            value = _value(data, path)
            digits = printed.translate(
                str.maketrans("０１２３４５６７８９", "0123456789")
            )
            assert re.sub(r"[^\d.]", "", digits).lstrip("0") == str(abs(value)).lstrip(
                "0"
            )
            numbers += 1
    assert numbers > 0


def _value(data: dict, path: str):  # type: ignore[no-untyped-def]
    table, _, rest = path.partition(".")
    row, _, column = rest.replace("[", ".").rstrip("]").partition(".")
    cells = data[table][row]
    return cells[int(column)] if isinstance(cells, list) else cells[column]


def test_provenance_covers_every_cell_of_the_model() -> None:
    result = read_report(SOURCES[4])
    data = report_to_data(result.report)
    cells = sum(len(r) for r in data["applications"].values())
    cells += sum(len(r) for r in data["review_litigation"].values())
    cells += sum(
        len([k for k in r if k != "amount_unit"]) for r in data["proactive"].values()
    )
    assert len([p for p in result.provenance if p not in ("agency", "year")]) == cells


def test_seed_notes_say_what_was_not_plain_reading() -> None:
    codes = {n.code: n for n in read_report(SOURCES[1]).notes}
    assert "missing_cell" in codes and "每格" not in codes["missing_cell"].message_zh
    assert {
        n.path for n in read_report(SOURCES[1]).notes if n.code == "missing_cell"
    } == {
        "applications.denied_state_secret",
        "applications.denied_prohibited_by_law",
        "applications.other",
    }
    variants = {
        n.path for n in read_report(SOURCES[2]).notes if n.code == "label_variant"
    }
    assert "applications.denied_enforcement_file" in variants
    assert any(n.code == "blank" for n in read_report(SOURCES[4]).notes)
    assert any("traditional" in n.message_en for n in read_report(SOURCES[0]).notes)


def test_missing_table_is_null_with_a_finding() -> None:
    result = read_report(SOURCES[0], latest_year=2027)
    assert result.report.review_litigation is None
    assert [f.rule for f in result.findings] == [Rule.MISSING_TABLE]


def test_broken_rules_read_as_printed_and_are_found() -> None:
    text = (
        SOURCES[3]
        .read_text(encoding="utf-8")
        .replace(
            "(一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
            "(一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 2",
        )
    )
    result = read_report(text.encode("utf-8"), "broken.txt", latest_year=2027)
    assert result.report.applications.row("granted") == [3, 0, 0, 0, 0, 0, 2]  # type: ignore[union-attr]
    assert Rule.ROW_TOTAL in {f.rule for f in result.findings}


def test_an_old_style_report_without_tables_is_a_partial_model() -> None:
    text = "某某市人民政府2015年政府信息公开工作年度报告\n一、概述\n本年度主动公开信息1200条。\n"
    result = read_report(text.encode("utf-8"), "old.txt")
    assert result.report.format is None and result.report.year == 2015
    assert result.report.applications is None
    assert any(n.code == "no_tables" for n in result.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (
            "一份会议纪要，与政府信息公开年报无关。".encode(),
            "not a 政府信息公开 annual report",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "the image cannot be read"),
    ],
)
def test_what_is_not_a_report_gets_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises((ReportFileError, ReportFormatError), match=message):
        read_report(data, "x.html")


def test_unreadable_path_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(ReportFileError, match="cannot read"):
        read_report(tmp_path / "nothing.txt")


_PIPE_SEED = Path(__file__).parents[2] / "fixtures/seeds/003_987b09836dacbc77.txt"
_LICENSING = "行政许可 | 1 | 0 | 41 |"


@pytest.mark.parametrize(
    ("printed", "change", "note"),
    [
        ("行政许可 | 1 | - 1 | 41 |", -1, None),
        ("行政许可 | 1 | + 2 | 41 |", 2, None),
        ("行政许可 | 1 | —1 | 41 |", -1, "破折号按负号读"),
        ("行政许可 | 1 | – 1 | 41 |", -1, "破折号按负号读"),
        ("行政许可 | 1 | 0 | 41 | 7 |", 0, "多印了 1 个数字"),
    ],
)
def test_signs_and_extra_numbers_of_section_two(
    printed: str, change: int, note: str | None
) -> None:
    text = _PIPE_SEED.read_text(encoding="utf-8")
    assert _LICENSING in text
    result = read_report(text.replace(_LICENSING, printed).encode(), "x.txt")
    row = result.report.proactive.row("licensing")
    assert (row.previous_items, row.change, row.decisions) == (1, change, 41)
    notes = [n.message_zh for n in result.notes if n.path == "proactive.licensing"]
    if note is None:
        assert notes == []
    else:
        assert any(note in n for n in notes), notes


@pytest.mark.parametrize("zero", ["〇", "零"])
def test_zero_written_as_a_character_reads_0_with_a_note(zero: str) -> None:
    text = _PIPE_SEED.read_text(encoding="utf-8")
    printed = f"行政许可 | 1 | {zero} | 41 |"
    result = read_report(text.replace(_LICENSING, printed).encode(), "x.txt")
    row = result.report.proactive.row("licensing")
    assert (row.previous_items, row.change, row.decisions) == (1, 0, 41)
    notes = [n.message_zh for n in result.notes if n.path == "proactive.licensing"]
    assert any("印为汉字零" in n for n in notes), notes


_CARRIED = "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||"


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("二、上年结转政府信息公开申请数量 ||", "row_empty"),
        ("二、上年结转政府信息公开申请数量 | 3 | ||", "row_short"),
    ],
)
def test_an_unplaceable_row_says_whether_numbers_were_printed(
    printed: str, code: str
) -> None:
    text = _PIPE_SEED.read_text(encoding="utf-8")
    assert _CARRIED in text
    result = read_report(text.replace(_CARRIED, printed).encode(), "x.txt")
    codes = {n.code for n in result.notes if n.path == "applications.carried_over"}
    assert codes == {code}


@pytest.mark.parametrize(
    ("printed", "codes", "uncertain"),
    [
        ("0 0 0 0 0 0", {"missing_cell"}, set()),
        ("2 0 0 0 0 2", {"missing_position"}, {1, 2, 3, 4, 5}),
        ("2 0 0 0 0 3", {"missing_unfit"}, {6}),
    ],
)
def test_a_row_with_one_missing_cell_says_what_is_uncertain(
    printed: str, codes: set[str], uncertain: set[int]
) -> None:
    text = _PIPE_SEED.read_text(encoding="utf-8")
    row = f"二、上年结转政府信息公开申请数量 {printed}"
    result = read_report(text.replace(_CARRIED, row).encode(), "x.txt")
    found = {n.code for n in result.notes if n.path == "applications.carried_over"}
    assert codes <= found, found
    if uncertain:
        assert "resolved" not in found, found
    marked = {
        index
        for index in range(7)
        if result.provenance[f"applications.carried_over[{index}]"].get("uncertain")
    }
    assert uncertain <= marked, marked
    if not uncertain:
        assert not marked
