from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.render.xlsx import number_format, render_xlsx
from gongkai.report.formats import RESULTS_GROUP, FormatId
from gongkai.report.model import AnnualReport
from tests.gongkai.render.cases import (
    CASES,
    SEED_CASES,
    case_id,
    gold_data,
    load_case,
    reports,
)
from tests.gongkai.render.readback import (
    read_xlsx,
    span_of,
    table_matrix,
    xlsx_matrices,
)
from tests.gongkai.render.spans import expected_spans


def _book(case: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(load_case(case))))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_xlsx_reads_back_to_the_model(case: Path) -> None:
    report = load_case(case)
    assert read_xlsx(render_xlsx(report)) == gold_data(report)


@pytest.mark.parametrize("case", SEED_CASES, ids=case_id)
def test_xlsx_merges_cells_as_the_format_notice(case: Path) -> None:
    report = load_case(case)
    _, matrices = xlsx_matrices(render_xlsx(report))
    spans = expected_spans(
        FormatId(report.format), report.review_litigation is not None
    )
    for (table, text), span in spans.items():
        assert span_of(table_matrix(matrices, table), text) == span, text


@pytest.mark.parametrize(
    ("case", "merged"), [(SEED_CASES[1], "A8:A27"), (SEED_CASES[4], "A8:A29")]
)
def test_results_cell_is_a_merged_range_of_20_or_22_rows(
    case: Path, merged: str
) -> None:
    sheet = _book(case)["三 依申请"]
    assert merged in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet[merged.split(":")[0]].value == RESULTS_GROUP


def test_one_sheet_per_table_after_a_cover() -> None:
    book = _book(SEED_CASES[2])
    assert book.sheetnames == ["封面", "二 主动公开", "三 依申请", "四 复议诉讼"]
    cover = {
        row[0]: row[1] for row in book["封面"].iter_rows(min_row=2, values_only=True)
    }
    assert cover == {
        "标题": "黄石市人民防空办公室2019年政府信息公开工作年度报告",
        "机关名称": "黄石市人民防空办公室",
        "统计年度": 2019,
        "报告格式": "2019（国办公开办函〔2019〕60号）",
    }


def test_numbers_are_stored_as_numbers() -> None:
    book = _book(SEED_CASES[2])
    for name in ("二 主动公开", "三 依申请", "四 复议诉讼"):
        for row in book[name].iter_rows(min_row=3):
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else ""
                assert not text.lstrip("-").replace(".", "").isdigit(), cell.coordinate
    sheet = book["四 复议诉讼"]
    assert [c.value for c in sheet[6]] == [1, 0, 0, 0, 1, 0, 0, 2, 1, 3, 0, 0, 1, 0, 1]


def test_decimals_show_every_printed_place_and_the_unit() -> None:
    fees = _book(SEED_CASES[4])["二 主动公开"]
    (cell,) = [c for row in fees.iter_rows() for c in row if isinstance(c.value, float)]
    assert (cell.value, cell.number_format) == (488.780058, "0.000000")
    procurement = _book(SEED_CASES[2])["二 主动公开"]
    (amount,) = [
        c for row in procurement.iter_rows() for c in row if isinstance(c.value, float)
    ]
    assert (amount.value, amount.number_format) == (427557.68, '0.00"元"')
    signed = [c for row in procurement.iter_rows() for c in row if c.value == -1]
    assert [c.number_format for c in signed] == ["0"]


def test_number_format_counts_the_decimal_places() -> None:
    from decimal import Decimal

    assert number_format(5) == "0"
    assert number_format(Decimal("0.10")) == "0.00"
    assert number_format(Decimal("1.5"), "万元") == '0.0"万元"'


def test_missing_table_gets_a_sheet_saying_so() -> None:
    sheet = _book(SEED_CASES[0])["四 复议诉讼"]
    assert (sheet["A1"].value, sheet["A2"].value) == (
        "四、政府信息公开行政复议、行政诉讼情况",
        "本报告未包含此表",
    )
    assert sheet.max_row == 2


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_reads_back_from_xlsx(report: AnnualReport) -> None:
    assert read_xlsx(render_xlsx(report)) == gold_data(report)
