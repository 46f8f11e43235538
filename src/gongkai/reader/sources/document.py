"""A document as the reader sees it: tokens for the tables, lines for the prose.

Each input kind (text, HTML, Word, PDF, Excel) builds one or more `Document`s; the
table parsers use the tokens and the detector (agency, year) uses the lines. A line's
provenance is whatever its source can say: offsets in a text file, the source line of
an HTML element, a paragraph of a Word file, a page of a PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from gongkai.reader.result import Entry
from gongkai.reader.sources.normalize import (
    has_traditional,
    standard_ideographs,
    to_simplified,
)
from gongkai.reader.sources.text import tokenize_text
from gongkai.reader.sources.tokens import Token

LineEntry = Callable[[int, int, int], Entry]
# The note of a document whose traditional characters were converted for matching.
TRADITIONAL_NOTE = (
    "原文为繁体字，已转换为简体字进行识别",
    "traditional characters converted to simplified for matching",
)
_LINE_ENDS = "\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"


@dataclass
class Document:
    kind: str  # text, html, docx, pdf, xlsx
    tokens: list[Token]
    lines: list[str]  # in simplified characters
    line_entry: LineEntry
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)
    cache: dict[str, object] = field(
        default_factory=dict
    )  # derived data, computed once


def paged_document(
    kind: str,
    tokens: list[Token],
    lines: list[str],
    origins: list[tuple[int, int]],
    traditional: bool,
) -> Document:
    """Return a document whose lines are numbered per page (`origins`: each line's
    number on its page and the page), as a PDF's or a scan's are."""

    def line_entry(index: int, begin: int, end: int) -> Entry:
        number, page = origins[index]
        return {"page": page, "line": number, "text": lines[index][begin:end]}

    document = Document(kind, tokens, lines, line_entry)
    if traditional:
        document.notes.append(TRADITIONAL_NOTE)
    return document


def simplified(text: str) -> str:
    """Return `text` in simplified characters and standard ideographs (no radicals),
    keeping every line's length."""
    standard = standard_ideographs(text)
    working = to_simplified(standard)
    if len(working) == len(text):
        return working
    lines = standard.splitlines(keepends=True)
    out = []
    for line in lines:
        converted = to_simplified(line)
        out.append(converted if len(converted) == len(line) else line)
    return "".join(out)


def text_document(text: str, kind: str = "text") -> Document:
    """Return the document of a plain-text (or Markdown) report."""
    working = simplified(text)
    tokens = tokenize_text(text, working)
    lines = working.splitlines()
    starts = list(accumulate(map(len, working.splitlines(keepends=True)), initial=0))

    def line_entry(index: int, begin: int, end: int) -> Entry:
        start = starts[index] + begin
        return {
            "start": start,
            "end": starts[index] + end,
            "line": index + 1,
            "text": text[start : starts[index] + end],
        }

    document = Document(kind, tokens, lines, line_entry)
    # `simplified` gives back `text` itself when it holds nothing to convert
    if working is not text and has_traditional(text):
        document.notes.append(TRADITIONAL_NOTE)
    return document
