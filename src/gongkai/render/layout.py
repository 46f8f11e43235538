"""The official table layouts as grids of cells with their spans, built once for all
renderers.

国办公开办函〔2019〕60号 and 〔2021〕30号 print sections 二, 三 and 四 as tables with merged
cells (a full-width block title in 二, a three-row header and merged row-label cells in 三,
a two-level header in 四). This module turns a table of the model into a `Grid`: every
cell with its position, row span, column span, role and (for numbers) its value and the
model field it came from. HTML, DOCX, XLSX and Markdown draw the same grid, so the layout
is written here only; every label comes from `gongkai.report.formats`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from gongkai.report.formats import (
    APPLICANT_COLUMNS,
    APPLICANT_GROUP,
    APPLICATIONS_CORNER,
    ORGANISATION_COLUMNS,
    ORGANISATION_GROUP,
    RESULTS_GROUP,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    TABLES,
    ApplicationRow,
    FormatId,
    ProactiveBlock,
    get_format,
)
from gongkai.report.model import AnnualReport, ReviewLitigation, TableModel

Number = int | Decimal


# （七）总计 is item (七) of 三、本年度办理结果, printed under that merged cell with the
# outcome rows although it is not an outcome itself.
_RESULTS_TOTAL_ROW = "total"


class Role(StrEnum):
    BLOCK_TITLE = "block_title"  # 第二十条第（一）项, full width
    COLUMN_GROUP = "column_group"  # a header cell over several columns (申请人情况)
    COLUMN = "column"  # a header cell naming one column of numbers (or 信息内容)
    CORNER = "corner"  # the 勾稽 note of section 三
    ROW_GROUP = "row_group"  # a label cell merged over several rows (（三）不予公开)
    ROW = "row"  # the label of one data row
    NUMBER = "number"


class RowKind(StrEnum):
    TITLE = "title"
    HEAD = "head"
    BODY = "body"


@dataclass(frozen=True)
class GridCell:
    """One cell at (row, col) of its grid, spanning rowspan x colspan grid positions."""

    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    value: Number | None = None  # numbers only
    unit: str | None = None  # printed after the number (采购总金额 427557.68元)
    field: str | None = None  # the model field: "applications.granted[0]"

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass(frozen=True)
class GridRow:
    kind: RowKind
    cells: tuple[GridCell, ...]  # the cells that start in this row, left to right
    block: int = 0  # section 二: the index of the block (第二十条第（N）项)
    label: str | None = None  # body rows: the row's full label, merged cells flattened


@dataclass(frozen=True)
class Grid:
    """One official table: `width` grid columns, the first `label_columns` hold labels."""

    table: str  # proactive | applications | review_litigation
    heading: str
    width: int
    label_columns: int
    column_weights: tuple[int, ...]  # relative widths of the grid columns
    rows: tuple[GridRow, ...]
    format: FormatId | None = None  # None: the same in both formats (section 四)

    @property
    def cells(self) -> tuple[GridCell, ...]:
        return tuple(cell for row in self.rows for cell in row.cells)

    def number_cells(self) -> tuple[GridCell, ...]:
        return tuple(cell for cell in self.cells if cell.role is Role.NUMBER)

    def column_labels(self, block: int = 0) -> tuple[str, ...]:
        """Return one flattened header label per data column (of one block in 二).

        A group cell over every data column (申请人情况) names the whole table and is left
        out; the others join top to bottom: `法人或其他组织 商业企业`.
        """
        heads = [
            c
            for r in self.rows
            if r.kind is RowKind.HEAD and r.block == block
            for c in r.cells
        ]
        data_width = self.width - self.label_columns
        labels = []
        for col in range(self.label_columns, self.width):
            parts = [
                c.text
                for c in heads
                if c.col <= col <= c.last_col
                and not (c.role is Role.COLUMN_GROUP and c.colspan == data_width)
            ]
            labels.append(" ".join(parts))
        return tuple(labels)


def format_number(value: Number) -> str:
    """Print a number plainly: no thousands separator, decimals exactly as stored."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def table_grid(report: AnnualReport, table: str) -> Grid | None:
    """Return the grid of one table of the report, or None when the report lacks it."""
    if table == "proactive":
        return proactive_grid(report.proactive) if report.proactive else None
    if table == "applications":
        return applications_grid(report.applications) if report.applications else None
    if table == "review_litigation":
        rl = report.review_litigation
        return review_grid(rl) if rl else None
    raise KeyError(table)


# --- section 二 ---------------------------------------------------------------------


def proactive_grid(table: TableModel) -> Grid:
    """Stacked blocks: a full-width title row, a 信息内容 header row, the data rows."""
    blocks = get_format(table.format).proactive
    width = 1 + max(len(block.columns) for block in blocks)
    rows: list[GridRow] = []
    for index, block in enumerate(blocks):
        rows += _proactive_block(table, block, index, width, len(rows))
    weights = (3,) + (2,) * (width - 1)
    heading = TABLES["proactive"].heading
    return Grid("proactive", heading, width, 1, weights, tuple(rows), table.format)


def _spans(count: int, width: int) -> list[tuple[int, int]]:
    """(col, colspan) of `count` data columns in `width - 1` slots; the last one widens."""
    spans = [(1 + i, 1) for i in range(count)]
    col, _ = spans[-1]
    spans[-1] = (col, width - col)
    return spans


def _proactive_block(
    table: TableModel, block: ProactiveBlock, index: int, width: int, top: int
) -> list[GridRow]:
    title = GridCell(top, 0, block.title, Role.BLOCK_TITLE, colspan=width)
    spans = _spans(len(block.columns), width)
    head = [GridCell(top + 1, 0, block.header[0], Role.COLUMN)]
    head += [
        GridCell(top + 1, col, column.label, Role.COLUMN, colspan=span)
        for column, (col, span) in zip(block.columns, spans, strict=True)
    ]
    rows = [
        GridRow(RowKind.TITLE, (title,), index),
        GridRow(RowKind.HEAD, tuple(head), index),
    ]
    for offset, spec in enumerate(block.rows, start=top + 2):
        cells = table.row(spec.id)
        unit = getattr(cells, "amount_unit", None)
        body = [GridCell(offset, 0, spec.label, Role.ROW)]
        for column, (col, span) in zip(spec.columns, spans, strict=True):
            value = cells.cell(column.id)
            shown_unit = unit if column.id == "amount" else None
            body.append(
                GridCell(
                    offset,
                    col,
                    format_number(value) + (shown_unit or ""),
                    Role.NUMBER,
                    colspan=span,
                    value=value,
                    unit=shown_unit,
                    field=f"proactive.{spec.id}.{column.id}",
                )
            )
        rows.append(GridRow(RowKind.BODY, tuple(body), index, spec.label))
    return rows


# --- section 三 ---------------------------------------------------------------------


def applications_grid(table: TableModel) -> Grid:
    """The 3-row applicant header and the rows with their merged label cells."""
    spec = get_format(table.format)
    labels, data = 3, len(APPLICANT_COLUMNS)
    org_col = labels + APPLICANT_COLUMNS.index(ORGANISATION_COLUMNS[0])
    head0 = (
        GridCell(0, 0, APPLICATIONS_CORNER, Role.CORNER, rowspan=3, colspan=labels),
        GridCell(0, labels, APPLICANT_GROUP, Role.COLUMN_GROUP, colspan=data),
    )
    head1, head2 = [], []
    for col, column in enumerate(APPLICANT_COLUMNS, start=labels):
        if column in ORGANISATION_COLUMNS:
            head2.append(GridCell(2, col, column.label, Role.COLUMN))
        else:
            head1.append(GridCell(1, col, column.label, Role.COLUMN, rowspan=2))
    group = GridCell(
        1,
        org_col,
        ORGANISATION_GROUP,
        Role.COLUMN_GROUP,
        colspan=len(ORGANISATION_COLUMNS),
    )
    head1.append(group)
    rows = [
        GridRow(RowKind.HEAD, head0),
        GridRow(RowKind.HEAD, tuple(sorted(head1, key=lambda c: c.col))),
        GridRow(RowKind.HEAD, tuple(head2)),
    ]
    row_specs = spec.applications
    for index, row in enumerate(row_specs):
        line = len(rows)
        cells = _application_labels(row_specs, index, line) + _application_numbers(
            table, row, line, labels
        )
        rows.append(GridRow(RowKind.BODY, cells, label=row.full_label))
    weights = (2, 4, 13) + (3,) * data
    heading = TABLES["applications"].heading
    return Grid(
        "applications",
        heading,
        labels + data,
        labels,
        weights,
        tuple(rows),
        table.format,
    )


def _in_results(row: ApplicationRow) -> bool:
    return row.is_outcome or row.id == _RESULTS_TOTAL_ROW


def _application_labels(
    rows: tuple[ApplicationRow, ...], index: int, line: int
) -> tuple[GridCell, ...]:
    """The label cells that start in this row: merged group cells open on their first row."""
    row = rows[index]
    previous = rows[index - 1] if index else None
    if not _in_results(row):
        return (GridCell(line, 0, row.label, Role.ROW, colspan=3),)
    cells = []
    if previous is None or not _in_results(previous):
        span = sum(1 for _ in _run(rows, index, _in_results))
        cells.append(GridCell(line, 0, RESULTS_GROUP, Role.ROW_GROUP, rowspan=span))
    if row.group is None:
        cells.append(GridCell(line, 1, row.label, Role.ROW, colspan=2))
        return tuple(cells)
    if previous is None or previous.group != row.group:
        span = sum(1 for _ in _run(rows, index, lambda r: r.group == row.group))
        cells.append(GridCell(line, 1, row.group, Role.ROW_GROUP, rowspan=span))
    cells.append(GridCell(line, 2, row.label, Role.ROW))
    return tuple(cells)


def _run(
    rows: tuple[ApplicationRow, ...], start: int, test: Callable[[ApplicationRow], bool]
) -> list[ApplicationRow]:
    """The rows from `start` on for which `test` holds, up to the first that fails."""
    run = []
    for row in rows[start:]:
        if not test(row):
            break
        run.append(row)
    return run


def _application_numbers(
    table: TableModel, row: ApplicationRow, line: int, first: int
) -> tuple[GridCell, ...]:
    values = table.row(row.id)
    return tuple(
        GridCell(
            line,
            first + i,
            format_number(value),
            Role.NUMBER,
            value=value,
            field=f"applications.{row.id}[{i}]",
        )
        for i, value in enumerate(values)
    )


# --- section 四 ---------------------------------------------------------------------


def review_grid(table: ReviewLitigation) -> Grid:
    """行政复议 over five columns; 行政诉讼 over two groups of five; one row of numbers."""
    size = len(REVIEW_COLUMNS)
    top: list[GridCell] = []
    middle: list[GridCell] = []
    bottom: list[GridCell] = []
    parents: dict[str, GridCell] = {}
    for index, group in enumerate(REVIEW_GROUPS):
        col = index * size
        if group.parent is None:
            top.append(GridCell(0, col, group.label, Role.COLUMN_GROUP, colspan=size))
            middle += [
                GridCell(1, col + i, c.label, Role.COLUMN, rowspan=2)
                for i, c in enumerate(REVIEW_COLUMNS)
            ]
            continue
        if group.parent not in parents:
            span = size * sum(1 for g in REVIEW_GROUPS if g.parent == group.parent)
            parent = GridCell(0, col, group.parent, Role.COLUMN_GROUP, colspan=span)
            parents[group.parent] = parent
            top.append(parent)
        middle.append(GridCell(1, col, group.label, Role.COLUMN_GROUP, colspan=size))
        bottom += [
            GridCell(2, col + i, c.label, Role.COLUMN)
            for i, c in enumerate(REVIEW_COLUMNS)
        ]
    numbers = tuple(
        GridCell(
            3,
            index * size + i,
            format_number(value),
            Role.NUMBER,
            value=value,
            field=f"review_litigation.{group.id}[{i}]",
        )
        for index, group in enumerate(REVIEW_GROUPS)
        for i, value in enumerate(table.group(group.id))
    )
    rows = (
        GridRow(RowKind.HEAD, tuple(top)),
        GridRow(RowKind.HEAD, tuple(middle)),
        GridRow(RowKind.HEAD, tuple(bottom)),
        GridRow(RowKind.BODY, numbers, label=""),
    )
    width = size * len(REVIEW_GROUPS)
    heading = TABLES["review_litigation"].heading
    return Grid("review_litigation", heading, width, 0, (1,) * width, rows)
