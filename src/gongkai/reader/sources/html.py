"""HTML pages: real tables become cells, everything else becomes lines of text.

Government pages wrap the report in site chrome (menus, footers, layout tables) and
sometimes print the tables as paragraphs, one cell per `<p>`, or with the tags of a
table stripped. So the page is walked once, in document order: a table holding no
other table is a data table (each `<td>`/`<th>` one cell, merged cells once), and all
other text is split into lines at block elements and `<br>`, then read like a text
file. Scripts, styles and comments are skipped.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

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

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer nav aside "
    "main blockquote pre form fieldset figure figcaption address center hr br tr title "
    "caption table tbody thead tfoot td th option body html".split()
)
_SKIP = frozenset(
    "script style noscript template iframe svg object select button textarea head "
    "input map area audio video canvas".split()
)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not NBSP: a lone &nbsp; may be a blank cell
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PARSER = lxml_html.HTMLParser(huge_tree=True)


class _Walker:
    def __init__(self) -> None:
        self.reader = CellReader()
        self.lines: list[str] = []
        self.line_sources: list[int] = []
        self.buffer: list[str] = []
        self.buffer_line = 0
        self.tables = 0

    def text(self, value: str | None, source_line: int) -> None:
        if value:
            if not self.buffer:
                self.buffer_line = source_line
            self.buffer.append(value)

    def flush(self) -> None:
        if not self.buffer:
            return
        raw = "".join(self.buffer)
        self.buffer = []
        if not raw.strip():
            if "\u00a0" in raw or "\u3000" in raw:
                # <p>&nbsp;</p>: a blank cell of a table printed one cell per paragraph
                self.reader.add_cell(
                    "", 0, len(self.lines), {"source_line": self.buffer_line}
                )
                self.reader.new_row()
            return
        text = _SPACES.sub(" ", raw).strip()
        if text:
            self._line(text)

    def _line(self, text: str) -> None:
        if not text:
            return
        number = len(self.lines)
        self.lines.append(text)
        self.line_sources.append(self.buffer_line)
        where = {"source_line": self.buffer_line}
        read_line(self.reader, fold(text), text, 0, number + 1, where)
        self.reader.new_row()

    def table(self, element: etree._Element) -> None:
        index = self.tables
        self.tables += 1
        for row_index, row in enumerate(element.iter("tr")):
            self.reader.new_row()
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
            for cell_index, cell in enumerate(cells):
                text = " ".join(_cell_text(cell).split())
                where = {
                    "table": index,
                    "row": row_index,
                    "cell": cell_index,
                    "source_line": cell.sourceline or 0,
                }
                self.reader.add_cell(fold(text), 0, cell.sourceline or 0, where)
            self.reader.new_row()


def _cell_text(cell: etree._Element) -> str:
    parts: list[str] = []
    for node in cell.iter():
        if node is not cell and not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            continue
        if node.tag in _SKIP or node.tag in ("sup", "sub"):
            if node is not cell and node.tail:
                parts.append(node.tail)
            continue
        if node.tag in ("br", "p", "div") and node is not cell:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        if node is not cell and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def html_documents(text: str, name: str) -> list[Document]:
    """Return the document of an HTML page.

    Raises:
        ReportFileError: the markup cannot be parsed at all.
    """
    source = to_simplified(standard_ideographs(_XML_DECLARATION.sub("", text, count=1)))
    try:
        # huge_tree: spam mirrors nest hundreds of <div>s, deeper than libxml2's default
        root = lxml_html.document_fromstring(source, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ReportFileError(name, "", f"the HTML cannot be parsed ({exc})") from exc
    walker = _Walker()
    title = root.find(".//title")
    if title is not None and title.text:
        walker.text(title.text, title.sourceline or 0)
        walker.flush()
    _walk(root, walker)
    walker.flush()
    lines, sources = walker.lines, walker.line_sources

    def line_entry(index: int, begin: int, end: int) -> Entry:
        return {"source_line": sources[index], "text": lines[index][begin:end]}

    document = Document("html", walker.reader.tokens, lines, line_entry)
    if source is not text and has_traditional(text):
        document.notes.append(TRADITIONAL_NOTE)
    return [document]


def _walk(root: etree._Element, walker: _Walker) -> None:
    events = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in events:
        if event in ("comment", "pi"):
            walker.text(element.tail, element.sourceline or 0)
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        line = element.sourceline or 0
        if event == "start":
            if tag in _SKIP:
                events.skip_subtree()
                continue
            if tag in _BLOCKS:
                walker.flush()
            if tag == "table" and element.find(".//table") is None:
                walker.table(element)
                events.skip_subtree()
                continue
            walker.text(element.text, line)
        else:
            if tag in _BLOCKS:
                walker.flush()
            walker.text(element.tail, line)
