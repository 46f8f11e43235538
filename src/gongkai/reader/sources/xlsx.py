"""Excel workbooks: every sheet is a table; merged cells are read once.

A row of a sheet is also a line of text (cells joined by tabs) for the title and the
agency, which workbooks usually print in a merged cell above the table.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from gongkai.errors import ReportFileError
from gongkai.reader.result import Entry
from gongkai.reader.sources.document import TRADITIONAL_NOTE, Document
from gongkai.reader.sources.normalize import (
    fold,
    has_traditional,
    standard_ideographs,
    to_simplified,
)
from gongkai.reader.sources.tokens import CellReader

_FORMAT_UNIT = re.compile(r'"\s*(万元|元)\s*"')

# A report's tables fill a few dozen rows and a dozen columns; a sheet whose used area
# (cells and merged ranges) goes far beyond that is not a report, and openpyxl would
# spend minutes and gigabytes creating its empty cells.
MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_CELLS = 100_000
_LARGEST_SHEET_XML = 64 * 1024 * 1024
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_MERGE_REF = re.compile(
    rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"'
)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_extent(data: bytes, name: str) -> bool:
    """Refuse a workbook whose used area is far beyond a report's; return whether any
    sheet holds a formula.

    Raises:
        ReportFileError: a sheet's used area exceeds the bounds.
    """
    formulas = False
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [
            info
            for info in archive.infolist()
            if info.filename.startswith("xl/worksheets/")
            and info.filename.endswith(".xml")
        ]
        for info in members:
            where = info.filename.rsplit("/", 1)[-1]
            if info.file_size > _LARGEST_SHEET_XML:
                raise ReportFileError(
                    name,
                    where,
                    f"sheet of {info.file_size} bytes is too large for a report",
                )
            xml = archive.read(info)
            rows = columns = merged_cells = 0
            for letters, digits in _CELL_REF.findall(xml):
                rows = max(rows, int(digits))
                columns = max(columns, _column_number(letters))
            for first, top, last, bottom in _MERGE_REF.findall(xml):
                if not last:
                    continue
                low, high = sorted((int(top), int(bottom)))
                left, right = sorted((_column_number(first), _column_number(last)))
                rows = max(rows, high)
                columns = max(columns, right)
                merged_cells += (high - low + 1) * (right - left + 1)
            if (
                rows > MAX_ROWS
                or columns > MAX_COLUMNS
                or rows * columns > MAX_CELLS
                or merged_cells > MAX_CELLS
            ):
                raise ReportFileError(
                    name,
                    where,
                    f"used area of {rows} rows × {columns} columns is far beyond a "
                    f"report's tables (at most {MAX_ROWS} rows, {MAX_COLUMNS} columns, "
                    f"{MAX_CELLS} cells); not read",
                )
            formulas |= _FORMULA.search(xml) is not None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, RuntimeError) as exc:
        raise ReportFileError(
            name, "", f"not a readable Excel workbook ({exc})"
        ) from exc
    return formulas


def _uncalculated(data: bytes) -> set[tuple[int, int, int]]:
    """(sheet, row, column) of every formula cell: read where no value is cached."""
    book = load_workbook(io.BytesIO(data), data_only=False)
    found = set()
    for sheet_index, sheet in enumerate(book.worksheets):
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if (isinstance(value, str) and value.startswith("=")) or isinstance(
                    value, ArrayFormula | DataTableFormula
                ):
                    found.add((sheet_index, cell.row, cell.column))
    return found


def _cell_text(value: Any, number_format: str) -> str:
    """The cell as printed: numbers in full, with a unit its number format shows."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = str(value) if isinstance(value, int) else repr(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        unit = _FORMAT_UNIT.search(number_format or "")
        return text + unit.group(1) if unit else text
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def xlsx_documents(data: bytes, name: str) -> list[Document]:
    """Return the document of an .xlsx workbook.

    Raises:
        ReportFileError: the file is not a readable workbook.
    """
    formulas = _check_extent(data, name)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
        formula_cells = _uncalculated(data) if formulas else set()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportFileError(
            name, "", f"not a readable Excel workbook ({exc})"
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise ReportFileError(
            name, "", f"not a readable Excel workbook ({exc})"
        ) from exc
    reader = CellReader()
    lines: list[str] = []
    origins: list[tuple[int, int]] = []
    traditional = False
    blank_formulas: list[str] = []
    for sheet_index, sheet in enumerate(book.worksheets):
        covered = set()
        for merged in sheet.merged_cells.ranges:
            for row in range(merged.min_row, merged.max_row + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    if (row, column) != (merged.min_row, merged.min_col):
                        covered.add((row, column))
        for row in sheet.iter_rows():
            reader.new_row()
            texts = []
            for cell in row:
                if (cell.row, cell.column) in covered:
                    continue
                if cell.value is None and (
                    (sheet_index, cell.row, cell.column) in formula_cells
                ):
                    # A formula whose value was never calculated: the cell is not
                    # printed blank but unknown, so it is left out (read as missing).
                    blank_formulas.append(f"{sheet.title}!{cell.coordinate}")
                    texts.append("")
                    continue
                raw = _cell_text(cell.value, cell.number_format)
                traditional |= has_traditional(raw)
                text = " ".join(to_simplified(standard_ideographs(raw)).split())
                texts.append(text)
                where = {"sheet": sheet_index, "row": cell.row, "column": cell.column}
                reader.add_cell(fold(text), 0, cell.row, where)
            joined = "\t".join(t for t in texts if t)
            if joined:
                lines.append(joined)
                origins.append((sheet_index, row[0].row if row else 0))
            reader.new_row()

    def line_entry(index: int, begin: int, end: int) -> Entry:
        sheet, row = origins[index]
        return {"sheet": sheet, "row": row, "text": lines[index][begin:end]}

    document = Document("xlsx", reader.tokens, lines, line_entry)
    if blank_formulas:
        shown = "、".join(blank_formulas[:10]) + (
            "…" if len(blank_formulas) > 10 else ""
        )
        document.notes.append(
            (
                f"{len(blank_formulas)} 个公式单元格没有保存计算结果（{shown}），"
                "按缺格处理，数值不确定",
                f"{len(blank_formulas)} formula cell(s) have no saved value ({shown}); "
                "read as missing cells, values uncertain",
            )
        )
    if traditional:
        document.notes.append(TRADITIONAL_NOTE)
    return [document]
