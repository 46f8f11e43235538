"""Render a report as an Excel workbook (XLSX): a cover sheet and one sheet per table.

Each table sheet holds the section heading in its first row and the official table
below it, with the merged header and label cells of the format notices (the grids of
`render.layout`). Numbers are stored as numbers: integers as `int`, decimals as `float`
with a number format that shows every decimal place the report printed (488.780058),
and a unit the report printed beside an amount (427557.68元) lives in the number format,
so the cell stays a number.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.render.document import (
    MISSING_TABLE,
    printable_report,
    report_facts,
    report_sections,
    report_title,
)
from gongkai.render.layout import (
    Grid,
    GridCell,
    Number,
    Role,
)
from gongkai.report.model import AnnualReport

COVER_SHEET = "封面"
SHEET_NAMES = {
    "proactive": "二 主动公开",
    "applications": "三 依申请",
    "review_litigation": "四 复议诉讼",
}
FONT_NAME = "仿宋"
HEADING_FONT = Font(name="黑体", size=14)
CELL_FONT = Font(name=FONT_NAME, size=10.5)
TITLE_FONT = Font(name="宋体", size=16, bold=True)
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TABLE_TOP = 3  # worksheet row of the first grid row: heading in row 1, a gap in row 2
COLUMN_UNIT = 2.2  # worksheet column width per unit of grid column weight


def render_xlsx(report: AnnualReport) -> bytes:
    """Return the report as an XLSX workbook."""
    report = printable_report(report)
    book = Workbook()
    _cover(book.active, report)
    for section in report_sections(report):
        if section.table is None:
            continue
        sheet = book.create_sheet(SHEET_NAMES[section.table])
        sheet["A1"] = section.heading
        sheet["A1"].font = HEADING_FONT
        if section.grid is None:
            sheet["A2"] = MISSING_TABLE
            sheet["A2"].font = CELL_FONT
            sheet.column_dimensions["A"].width = 40
            continue
        _table(sheet, section.grid)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cover(sheet: Worksheet, report: AnnualReport) -> None:
    sheet.title = COVER_SHEET
    sheet["A1"] = report_title(report)
    sheet["A1"].data_type = "s"  # a title starting with = is text, not a formula
    sheet["A1"].font = TITLE_FONT
    sheet.merge_cells("A1:B1")
    for line, (key, label, text) in enumerate(report_facts(report), start=2):
        sheet.cell(line, 1, label).font = CELL_FONT
        value: object = text
        if key == "year":
            value = report.year
        elif key == "information_fee_yuan" and report.information_fee_yuan is not None:
            value = _excel_number(report.information_fee_yuan)
        cell = sheet.cell(line, 2, value)
        if isinstance(value, str):
            cell.data_type = "s"
        cell.font = CELL_FONT
        cell.alignment = Alignment(horizontal="left")
        if key == "information_fee_yuan" and report.information_fee_yuan is not None:
            cell.number_format = number_format(report.information_fee_yuan)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 60


def _table(sheet: Worksheet, grid: Grid) -> None:
    for index, weight in enumerate(grid.column_weights, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = weight * COLUMN_UNIT
    for cell in grid.cells:
        _write(sheet, cell)
    for line in range(TABLE_TOP, TABLE_TOP + len(grid.rows)):
        for col in range(1, grid.width + 1):
            sheet.cell(line, col).border = BORDER
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write(sheet: Worksheet, grid_cell: GridCell) -> None:
    row, col = TABLE_TOP + grid_cell.row, 1 + grid_cell.col
    if grid_cell.rowspan > 1 or grid_cell.colspan > 1:
        sheet.merge_cells(
            start_row=row,
            start_column=col,
            end_row=row + grid_cell.rowspan - 1,
            end_column=col + grid_cell.colspan - 1,
        )
    cell = sheet.cell(row, col)
    cell.font = CELL_FONT
    if grid_cell.role is Role.NUMBER and grid_cell.value is not None:
        cell.value = _excel_number(grid_cell.value)
        cell.number_format = number_format(grid_cell.value, grid_cell.unit)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        return
    cell.value = grid_cell.text
    is_left = grid_cell.role in (Role.ROW, Role.CORNER)
    cell.alignment = Alignment(
        horizontal="left" if is_left else "center", vertical="center", wrap_text=True
    )


def _excel_number(value: Number) -> int | float:
    return value if isinstance(value, int) else float(value)


def number_format(value: Number, unit: str | None = None) -> str:
    """Return an Excel number format showing every decimal of `value` and its unit.

    `0` shows an integer as is (signed when negative); a Decimal gets as many `0`s after
    the point as it has decimal places, so 488.780058 is shown with all six.
    """
    places = 0
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    shown = "0." + "0" * places if places else "0"
    if unit:
        escaped = unit.replace('"', "")
        shown += f'"{escaped}"'
    return shown
