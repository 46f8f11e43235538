"""Excel workbooks: bounded used area, formula cells without a saved value."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.errors import ReportFileError
from gongkai.reader import read_report
from gongkai.reader.sources.xlsx import xlsx_documents
from gongkai.render import render
from gongkai.report.codec import load_report
from tests.conftest import GOLD_FILES


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_huge_merged_range_is_refused_without_expanding_it() -> None:
    book = Workbook()
    book.active["A1"] = "x"
    book.active.merge_cells("A2:Z6000")
    with pytest.raises(ReportFileError, match="6000 rows × 26 columns"):
        xlsx_documents(_saved(book), "big.xlsx")


def test_one_far_away_cell_is_refused() -> None:
    book = Workbook()
    book.active["A1"] = "x"
    book.active["ZZ300000"] = "y"
    with pytest.raises(ReportFileError, match="used area of 300000 rows"):
        xlsx_documents(_saved(book), "sparse.xlsx")


def test_a_formula_without_saved_value_is_missing_not_blank() -> None:
    gold = GOLD_FILES[0]
    report = load_report(gold)
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    target = None
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                    target = cell
                    break
            if target is not None:
                break
        if target is not None:
            break
    assert target is not None
    target.value = "=1+1"  # openpyxl saves no cached value
    result = read_report(_saved(book), "formula.xlsx")
    notes = [note.message_zh for note in result.notes]
    assert any("公式单元格没有保存计算结果" in note for note in notes), notes
    assert any(
        entry.get("missing") or entry.get("uncertain")
        for entry in result.provenance.values()
    ), [n.to_dict() for n in result.notes]
