"""PDF files with a text layer, seen two ways: ruled tables and plain text.

(A PDF without a text layer, a scan, is read by OCR: see `scan`.)

The table view takes each page's ruled tables (pdfplumber) as cells, in reading order
with the lines of text outside them, so a table that runs over a page break simply
continues on the next page. Merged cells come back once (pdfplumber leaves the rest of
a merged area empty, as None). The text view reads each page's text lines like a text
file, for tables drawn without rules. The pipeline takes each table from the view that
reads it best.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError

from gongkai.errors import ReportFileError
from gongkai.reader.sources.bounds import check_pages, check_pdf_streams
from gongkai.reader.sources.document import Document, paged_document
from gongkai.reader.sources.normalize import (
    fold,
    has_traditional,
    standard_ideographs,
    to_simplified,
)
from gongkai.reader.sources.text import read_line
from gongkai.reader.sources.tokens import CellReader

# pdfminer logs a warning for every odd font descriptor; the reader reports problems
# itself, so they would only clutter the command's output.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


class _View:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.reader = CellReader()
        self.lines: list[str] = []
        self.origins: list[tuple[int, int]] = []
        self.traditional = False
        self.tables = 0
        self.page_lines: dict[int, int] = {}

    def line(self, raw: str, page: int) -> None:
        if not raw.strip():
            return
        self.traditional |= has_traditional(raw)
        text = to_simplified(standard_ideographs(raw))
        self.lines.append(text)
        number = self.page_lines.get(page, 0) + 1
        self.page_lines[page] = number
        self.origins.append((number, page))
        where = {"page": page, "line": number}
        read_line(self.reader, fold(text), text, 0, len(self.lines), where)
        self.reader.new_row()

    def table(self, rows: list[list[str | None]], page: int) -> None:
        index = self.tables
        self.tables += 1
        for row_index, row in enumerate(rows):
            self.reader.new_row()
            for cell_index, cell in enumerate(row):
                if cell is None:
                    continue  # covered by a merged cell
                self.traditional |= has_traditional(cell)
                text = " ".join(to_simplified(standard_ideographs(cell)).split())
                where = {
                    "page": page,
                    "table": index,
                    "row": row_index,
                    "cell": cell_index,
                }
                self.reader.add_cell(fold(text), 0, 0, where)
            self.reader.new_row()

    def document(self) -> Document:
        return paged_document(
            "pdf", self.reader.tokens, self.lines, self.origins, self.traditional
        )


def pdf_documents(data: bytes, name: str) -> list[Document]:
    """Return the table view and the text view of a PDF.

    Raises:
        ReportFileError: the PDF cannot be opened, has no text layer, or a stream
            inflates beyond the bounds.
    """
    check_pdf_streams(data, name)
    tables, text = _View("tables"), _View("text")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            check_pages(len(pdf.pages), name)
            for number, page in enumerate(pdf.pages, start=1):
                _read_page(page, number, tables, text)
    except (PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReportFileError(name, "", f"the PDF cannot be read ({exc})") from exc
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        if isinstance(exc, ReportFileError):
            raise
        raise ReportFileError(name, "", f"the PDF cannot be read ({exc})") from exc
    if not text.lines and not tables.tables:
        from gongkai.reader.sources.scan import scanned_pdf_documents

        return scanned_pdf_documents(data, name)
    return [tables.document(), text.document()]


def _read_page(page: Any, number: int, tables: _View, text: _View) -> None:
    for raw in (page.extract_text() or "").splitlines():
        text.line(raw, number)
    found = page.find_tables()
    outside = page
    for table in found:
        try:
            outside = outside.outside_bbox(table.bbox)
        except ValueError:
            continue
    items: list[tuple[float, int, Any]] = []
    for line in outside.extract_text_lines():
        items.append((float(line["top"]), 1, line["text"]))
    for table in found:
        items.append((float(table.bbox[1]), 0, table))
    items.sort(key=lambda item: (item[0], item[1]))
    for _, kind, item in items:
        if kind == 1:
            tables.line(item, number)
        else:
            tables.table(item.extract(), number)
