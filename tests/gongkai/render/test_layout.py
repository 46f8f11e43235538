from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.render.layout import (
    Grid,
    Role,
    applications_grid,
    format_number,
    proactive_grid,
    review_grid,
    table_grid,
)
from gongkai.report.codec import report_to_data
from gongkai.report.formats import RESULTS_GROUP
from tests.gongkai.render.cases import SEED_CASES, case_id, load_case


def _grids(case: Path) -> list[Grid]:
    report = load_case(case)
    tables = ("proactive", "applications", "review_litigation")
    return [g for t in tables if (g := table_grid(report, t)) is not None]


def _flatten(data: dict[str, Any]) -> dict[str, object]:
    """Model data as field path -> number, in the grid's field spelling."""
    out: dict[str, object] = {}
    for row_id, cells in (data.get("proactive") or {}).items():
        for column_id, value in cells.items():
            if column_id != "amount_unit":
                out[f"proactive.{row_id}.{column_id}"] = value
    for table in ("applications", "review_litigation"):
        for row_id, values in (data.get(table) or {}).items():
            for i, value in enumerate(values):
                out[f"{table}.{row_id}[{i}]"] = value
    return out


@pytest.mark.parametrize("case", SEED_CASES, ids=case_id)
def test_every_model_number_sits_in_exactly_one_grid_cell(case: Path) -> None:
    cells = [c for grid in _grids(case) for c in grid.number_cells()]
    fields = [c.field for c in cells]
    assert len(fields) == len(set(fields))
    assert {c.field: c.value for c in cells} == _flatten(
        report_to_data(load_case(case))
    )


@pytest.mark.parametrize("case", SEED_CASES, ids=case_id)
def test_grid_cells_tile_the_table_without_gaps_or_overlaps(case: Path) -> None:
    for grid in _grids(case):
        covered: dict[tuple[int, int], str] = {}
        for cell in grid.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    assert (r, c) not in covered, f"{grid.table}: ({r}, {c}) twice"
                    covered[(r, c)] = cell.text
        expected = {(r, c) for r in range(len(grid.rows)) for c in range(grid.width)}
        assert set(covered) == expected, grid.table


@pytest.mark.parametrize(
    ("case", "rowspan"),
    [(c, 22 if load_case(c).format == "2021" else 20) for c in SEED_CASES],
    ids=lambda v: v.name if isinstance(v, Path) else str(v),
)
def test_results_cell_spans_20_rows_in_2019_and_22_in_2021(
    case: Path, rowspan: int
) -> None:
    grid = applications_grid(load_case(case).applications)  # type: ignore[arg-type]
    (results,) = [c for c in grid.cells if c.text == RESULTS_GROUP]
    assert (results.rowspan, results.colspan, results.role) == (
        rowspan,
        1,
        Role.ROW_GROUP,
    )


def test_flattened_headers_name_group_and_column() -> None:
    report = load_case(SEED_CASES[4])
    assert applications_grid(report.applications).column_labels() == (  # type: ignore[arg-type]
        "自然人",
        "法人或其他组织 商业企业",
        "法人或其他组织 科研机构",
        "法人或其他组织 社会公益组织",
        "法人或其他组织 法律服务机构",
        "法人或其他组织 其他",
        "总计",
    )
    labels = review_grid(report.review_litigation).column_labels()  # type: ignore[arg-type]
    assert labels[0] == "行政复议 结果维持"
    assert labels[9] == "行政诉讼 未经复议直接起诉 总计"
    assert labels[14] == "行政诉讼 复议后起诉 总计"


def test_body_rows_carry_the_full_flattened_label() -> None:
    grid = applications_grid(load_case(SEED_CASES[4]).applications)  # type: ignore[arg-type]
    labels = [row.label for row in grid.rows if row.label]
    assert "（三）不予公开 1.属于国家秘密" in labels
    assert "（六）其他处理 3.其他" in labels
    assert labels[0] == "一、本年新收政府信息公开申请数量"


def test_a_block_with_fewer_columns_widens_its_last_cell() -> None:
    grid = proactive_grid(load_case(SEED_CASES[4]).proactive)  # type: ignore[arg-type]
    (fees,) = [c for c in grid.cells if c.field == "proactive.fees.amount_wan_yuan"]
    assert (fees.col, fees.colspan, fees.text) == (1, 3, "488.780058")


def test_procurement_unit_is_printed_after_the_amount() -> None:
    grid = proactive_grid(load_case(SEED_CASES[2]).proactive)  # type: ignore[arg-type]
    (amount,) = [c for c in grid.cells if c.field == "proactive.procurement.amount"]
    assert (amount.text, amount.value, amount.unit) == (
        "427557.68元",
        Decimal("427557.68"),
        "元",
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (-1, "-1"),
        (1234567, "1234567"),
        (Decimal("488.780058"), "488.780058"),
        (Decimal("0.10"), "0.10"),
    ],
)
def test_numbers_print_plainly_with_every_decimal(
    value: int | Decimal, text: str
) -> None:
    assert format_number(value) == text
