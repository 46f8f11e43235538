"""Read rendered reports back into model data, to check that renderers lose nothing.

Independent of `gongkai.render`: each file's tables become matrices of slots (one per
grid position; a merged cell fills each position it covers with the same key), and the
matrices are interpreted by their official labels from `gongkai.report.formats`, as a
reader of a published report would. The result has the shape of `report_to_data`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import docx
import openpyxl
from lxml import html as lxml_html

from gongkai.report.formats import (
    APPLICATIONS_CORNER,
    CONTENT_HEADER,
    F2019,
    F2021,
    FORMATS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
)

TITLE = re.compile(r"^(?P<agency>.+?)(?P<year>\d{4})年政府信息公开工作年度报告$")
NUMBER = re.compile(r"^(?P<number>-?\d+(?:\.\d+)?)(?P<unit>[^\d\s]*)$")


@dataclass(frozen=True)
class Slot:
    key: object  # the same object for every position of one merged cell
    text: str


Matrix = list[list[Slot]]


# --- reading files into matrices -----------------------------------------------------


def html_matrices(data: bytes) -> tuple[str, list[Matrix]]:
    """The <h1> text and every table of an HTML page, spans expanded."""
    root = lxml_html.fromstring(data.decode("utf-8"))
    title = root.findtext(".//h1")
    matrices = []
    for table in root.iter("table"):
        grid: dict[tuple[int, int], Slot] = {}
        for r, tr in enumerate(table.iter("tr")):
            c = 0
            for cell in tr:
                while (r, c) in grid:
                    c += 1
                slot = Slot(cell, cell.text_content().strip())
                rows, cols = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
                for dr in range(rows):
                    for dc in range(cols):
                        grid[(r + dr, c + dc)] = slot
                c += cols
        height = 1 + max(r for r, _ in grid)
        width = 1 + max(c for _, c in grid)
        matrices.append([[grid[(r, c)] for c in range(width)] for r in range(height)])
    return title or "", matrices


def docx_matrices(data: bytes) -> tuple[str, list[Matrix]]:
    """The Title paragraph and every table of a DOCX, merged cells repeated."""
    document = docx.Document(io.BytesIO(data))
    title = next(p.text for p in document.paragraphs if p.style.name == "Title")
    matrices = []
    for table in document.tables:
        width = len(table.columns)
        every = table._cells  # one walk of the table; table.cell() walks it per call
        matrix = [
            [
                Slot(cell._tc, cell.text.strip())
                for cell in every[r * width : (r + 1) * width]
            ]
            for r in range(len(every) // width)
        ]
        matrices.append(matrix)
    return title, matrices


def xlsx_matrices(data: bytes) -> tuple[dict[str, Any], list[Matrix]]:
    """The cover sheet's label -> value, and each table sheet from its third row on."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    cover = {
        row[0]: row[1]
        for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)
    }
    matrices = []
    for sheet in book.worksheets[1:]:
        if sheet.max_row < 3:
            continue
        owner = {}
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    owner[(r, c)] = (merged.min_row, merged.min_col)
        matrix = []
        for r in range(3, sheet.max_row + 1):
            row = []
            for c in range(1, sheet.max_column + 1):
                key = owner.get((r, c), (r, c))
                row.append(Slot(key, xlsx_text(sheet.cell(*key))))
            matrix.append(row)
        matrices.append(matrix)
    return cover, matrices


def xlsx_text(cell: Any) -> str:
    """A cell as printed: a number plainly, with the unit its number format adds."""
    value = cell.value
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        unit = re.search(r'"([^"]*)"$', cell.number_format)
        # A float prints exactly as the shortest decimal that round-trips, never 1e-06.
        number = (
            str(value) if isinstance(value, int) else format(Decimal(repr(value)), "f")
        )
        return number + (unit.group(1) if unit else "")
    return str(value).strip()


def markdown_matrices(data: bytes) -> tuple[str, list[Matrix]]:
    """The `# ` title and the pipe tables of a Markdown text; a bold block title line
    before a table becomes a full-width row of it, as in the HTML."""
    lines = data.decode("utf-8").splitlines()
    title = unescape(next(line[2:] for line in lines if line.startswith("# ")))
    matrices: list[Matrix] = []
    pending_title: str | None = None
    current: Matrix | None = None
    for line in lines:
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if all(set(c) <= {"-", ":"} for c in cells):
                continue
            if current is None:
                current = []
                if pending_title:
                    key = object()
                    current.append([Slot(key, pending_title)] * len(cells))
                matrices.append(current)
            current.append([Slot(object(), unescape(c)) for c in cells])
            continue
        current = None
        bold = re.fullmatch(r"\*\*(.+)\*\*", line.strip())
        if bold:
            pending_title = bold.group(1)
        elif line.startswith("#"):
            pending_title = None
    return title, _join_blocks(matrices)


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def _join_blocks(matrices: list[Matrix]) -> list[Matrix]:
    """Stack the per-block tables of section 二 into one matrix, as the other formats."""
    joined: list[Matrix] = []
    for matrix in matrices:
        is_block = matrix[0][0].text.startswith("第二十条")
        if is_block and joined and joined[-1][0][0].text.startswith("第二十条"):
            joined[-1].extend(matrix)
        else:
            joined.append(matrix)
    return joined


# --- interpreting matrices by their labels ---------------------------------------------


def parse_number(text: str) -> tuple[int | Decimal, str | None]:
    match = NUMBER.match(text)
    if match is None:
        raise ValueError(f"not a number: {text!r}")
    number = Decimal(match["number"])
    value = int(number) if number == number.to_integral_value() else number
    return value, match["unit"] or None


def is_number(text: str) -> bool:
    match = NUMBER.match(text)
    return match is not None and not match["unit"]


def cells(row: list[Slot]) -> list[Slot]:
    """The distinct cells of a row, left to right (a merged cell once)."""
    out: list[Slot] = []
    for slot in row:
        if not out or out[-1].key != slot.key:
            out.append(slot)
    return out


def read_tables(matrices: list[Matrix]) -> dict[str, Any]:
    """Interpret each matrix by its labels into the three tables of the model."""
    tables: dict[str, Any] = {
        "proactive": None,
        "applications": None,
        "review_litigation": None,
    }
    for matrix in matrices:
        texts = {slot.text for row in matrix for slot in row}
        if any(t.startswith("第二十条") for t in texts):
            tables["proactive"] = read_proactive(matrix)
        elif APPLICATIONS_CORNER in texts:
            tables["applications"] = read_applications(matrix)
        elif any(
            g.label in texts or any(g.label in t for t in texts) for g in REVIEW_GROUPS
        ):
            tables["review_litigation"] = read_review(matrix)
        else:
            raise ValueError(f"unknown table starting {matrix[0][0].text!r}")
    return tables


def read_proactive(matrix: Matrix) -> dict[str, Any]:
    rows_by_label = {
        (row.label, tuple(c.label for c in row.columns)): row
        for fmt in FORMATS.values()
        for row in fmt.proactive_rows
    }
    data: dict[str, Any] = {}
    header: tuple[str, ...] = ()
    for line in matrix:
        texts = [slot.text for slot in cells(line)]
        if texts[0].startswith("第二十条"):
            continue
        if texts[0] == CONTENT_HEADER:
            header = tuple(texts[1:])
            continue
        spec = rows_by_label[(texts[0], header)]
        values: dict[str, Any] = {}
        for column, text in zip(spec.columns, texts[1:], strict=True):
            value, unit = parse_number(text)
            values[column.id] = value
            for field in spec.text_fields:
                values.setdefault(field, None)
                if unit:
                    values[field] = unit
        data[spec.id] = values
    return data


def read_applications(matrix: Matrix) -> dict[str, list[int | Decimal]]:
    specs = {
        row.full_label: row for fmt in FORMATS.values() for row in fmt.applications
    }
    data: dict[str, list[int | Decimal]] = {}
    for line in matrix:
        distinct = cells(line)
        numbers = [slot.text for slot in distinct if is_number(slot.text)]
        if len(numbers) != 7:
            continue
        labels = [slot.text for slot in distinct if not is_number(slot.text)]
        joined = " ".join(labels)
        found = [
            spec
            for full, spec in specs.items()
            if joined == full or joined.endswith(" " + full)
        ]
        assert len({s.id for s in found}) == 1, f"row label {joined!r} matches {found}"
        data[found[0].id] = [parse_number(text)[0] for text in numbers]
    return data


def read_review(matrix: Matrix) -> dict[str, list[int | Decimal]]:
    data_rows = [line for line in matrix if all(is_number(s.text) for s in cells(line))]
    assert len(data_rows) == 1, "section 四 has one row of numbers"
    numbers = [parse_number(slot.text)[0] for slot in cells(data_rows[0])]
    size = len(REVIEW_COLUMNS)
    return {
        g.id: numbers[i * size : (i + 1) * size] for i, g in enumerate(REVIEW_GROUPS)
    }


def detect_format(tables: dict[str, Any]) -> str | None:
    only_2019 = {r.id for r in FORMATS[F2019].proactive_rows} | {
        r.id for r in FORMATS[F2019].applications
    }
    only_2019 -= {r.id for r in FORMATS[F2021].proactive_rows} | {
        r.id for r in FORMATS[F2021].applications
    }
    seen = set(tables["proactive"] or {}) | set(tables["applications"] or {})
    if not seen:
        return None
    return "2019" if seen & only_2019 else "2021"


def report_data(title: str, matrices: list[Matrix]) -> dict[str, Any]:
    """The gold fields of a report: agency and year from the title, tables by label."""
    match = TITLE.match(title)
    assert match, f"title {title!r} does not read as a report title"
    tables = read_tables(matrices)
    return {
        "agency": match["agency"],
        "year": int(match["year"]),
        "format": detect_format(tables),
        **tables,
    }


def read_html(data: bytes) -> dict[str, Any]:
    return report_data(*html_matrices(data))


def read_docx(data: bytes) -> dict[str, Any]:
    return report_data(*docx_matrices(data))


def read_markdown(data: bytes) -> dict[str, Any]:
    return report_data(*markdown_matrices(data))


def read_xlsx(data: bytes) -> dict[str, Any]:
    cover, matrices = xlsx_matrices(data)
    tables = read_tables(matrices)
    return {
        "agency": cover["机关名称"],
        "year": cover["统计年度"],
        "format": detect_format(tables),
        **tables,
    }


def span_of(matrix: Matrix, text: str) -> tuple[int, int]:
    """(rows, columns) covered by the one cell whose text is `text`."""
    keys = {slot.key for row in matrix for slot in row if slot.text == text}
    assert len(keys) == 1, f"{len(keys)} cells read {text!r}"
    (key,) = keys
    rows = [r for r, row in enumerate(matrix) if any(slot.key == key for slot in row)]
    cols = {c for row in matrix for c, slot in enumerate(row) if slot.key == key}
    return len(rows), len(cols)


def table_matrix(matrices: list[Matrix], table: str) -> Matrix:
    """The matrix of one table (proactive, applications, review_litigation), by label."""
    marker = {
        "proactive": CONTENT_HEADER,
        "applications": APPLICATIONS_CORNER,
        "review_litigation": REVIEW_GROUPS[0].label,
    }[table]
    found = [m for m in matrices if any(marker in s.text for row in m for s in row)]
    assert len(found) == 1, f"{len(found)} tables for {table}"
    return found[0]
