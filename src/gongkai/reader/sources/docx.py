"""Word documents: paragraphs become lines, table cells become cells, in body order.

python-docx returns a merged cell once per grid position it covers (both across and
down); each merged cell is read once, at its first position. Tables nested in a cell
are read after the cell.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from gongkai.errors import ReportFileError
from gongkai.reader.result import Entry
from gongkai.reader.sources.document import TRADITIONAL_NOTE, Document
from gongkai.reader.sources.normalize import (
    fold,
    has_traditional,
    standard_ideographs,
    to_simplified,
)
from gongkai.reader.sources.text import read_line
from gongkai.reader.sources.tokens import CellReader

_PARAGRAPH = qn("w:p")
_TABLE = qn("w:tbl")


class _Builder:
    def __init__(self) -> None:
        self.reader = CellReader()
        self.lines: list[str] = []
        self.paragraphs: list[int] = []
        self.paragraph = 0
        self.tables = 0
        self.traditional = False

    def text(self, raw: str) -> None:
        self.paragraph += 1
        for part in raw.split("\n"):
            if not part.strip():
                self.reader.new_row()
                continue
            self.traditional |= has_traditional(part)
            line = to_simplified(standard_ideographs(part))
            self.lines.append(line)
            self.paragraphs.append(self.paragraph)
            where = {"paragraph": self.paragraph}
            read_line(self.reader, fold(line), line, 0, len(self.lines), where)
            self.reader.new_row()

    def table(self, table: Table) -> None:
        index = self.tables
        self.tables += 1
        seen: set[Any] = (
            set()
        )  # the cell elements themselves: ids of proxies are reused
        for row_index, row in enumerate(table.rows):
            self.reader.new_row()
            for cell_index, cell in enumerate(row.cells):
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                raw = " ".join(p.text for p in cell.paragraphs)
                self.traditional |= has_traditional(raw)
                text = " ".join(to_simplified(standard_ideographs(raw)).split())
                where = {"table": index, "row": row_index, "cell": cell_index}
                self.reader.add_cell(fold(text), 0, 0, where)
                for nested in cell.tables:
                    self.table(nested)
            self.reader.new_row()


def docx_documents(data: bytes, name: str) -> list[Document]:
    """Return the document of a .docx file.

    Raises:
        ReportFileError: the file is not a readable Word document.
    """
    try:
        word = open_docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportFileError(
            name, "", f"not a readable Word document ({exc})"
        ) from exc
    except Exception as exc:  # python-docx raises bare lxml/package errors on bad files
        raise ReportFileError(
            name, "", f"not a readable Word document ({exc})"
        ) from exc
    builder = _Builder()
    body: Any = word.element.body
    for child in body.iterchildren():
        if child.tag == _PARAGRAPH:
            builder.text(Paragraph(child, word).text)
        elif child.tag == _TABLE:
            builder.table(Table(child, word))
    lines, paragraphs = builder.lines, builder.paragraphs

    def line_entry(index: int, begin: int, end: int) -> Entry:
        return {"paragraph": paragraphs[index], "text": lines[index][begin:end]}

    document = Document("docx", builder.reader.tokens, lines, line_entry)
    if builder.traditional:
        document.notes.append(TRADITIONAL_NOTE)
    return [document]
