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

from gongkai.errors import ReportFileError
from gongkai.reader.document import Document
from gongkai.reader.normalize import (
    fold,
    has_traditional,
    standard_ideographs,
    to_simplified,
)
from gongkai.reader.result import Entry
from gongkai.reader.tokens import CellReader

_FORMAT_UNIT = re.compile(r'"\s*(万元|元)\s*"')


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
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
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
    if traditional:
        document.notes.append(
            (
                "原文为繁体字，已转换为简体字进行识别",
                "traditional characters converted to simplified for matching",
            )
        )
    return [document]
