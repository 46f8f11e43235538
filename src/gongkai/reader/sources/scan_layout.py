"""Recognised words with their boxes -> the reader's tokens, seen two ways.

The grid view puts each word in the table cell its rules enclose (the rules found in
the page image, see `scan`), so a wrapped row label stays one cell and a number lands
in its own cell even when the recognised text runs together; the words outside tables
are read as text lines. The lines view reads every page as text lines cut into cells
at wide gaps, for tables printed without rules. The pipeline takes each table from the
view that reads it best, as for PDFs with a text layer.

Every token carries its page, its box (pixels of the page image as given; for a PDF,
of the page drawn at `dpi`) and the lowest confidence of its words. A cell of a row of
numbers whose text is a digit look-alike (O for 0, l or 丨 for 1, S for 5) is read as
the digit, and its provenance says `corrected`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gongkai.reader.sources.document import Document, paged_document
from gongkai.reader.sources.normalize import (
    fold,
    has_traditional,
    standard_ideographs,
    to_simplified,
)
from gongkai.reader.sources.ocr import Word
from gongkai.reader.sources.scan_cells import SAME, cell_of
from gongkai.reader.sources.text import read_line
from gongkai.reader.sources.tokens import CellReader

Mask = NDArray[np.bool_]
_LOOK_ALIKES = str.maketrans("OoDQ〇Il|丨!SsZzB", "000001111155228")
_NUMERIC = re.compile(r"[0-9OoDQ〇Il|丨!SsZzB]+(?:[.,][0-9OoDQ〇IlSs]+)?")
_DASHES = frozenset("一-_~")


@dataclass
class Page:
    number: int
    words: list[Word]
    horizontal: Mask
    vertical: Mask
    geometry: tuple[float, float, float, float]  # scale, angle (radians), centre x, y
    dpi: int | None


@dataclass
class _Cell:
    key: tuple[int, int, int, int]  # rules above, below, left, right
    words: list[Word]


def scan_document(pages: list[Page]) -> list[Document]:
    """Return the grid view and the lines view of the recognised pages."""
    grid, lines = _View(), _View()
    for page in pages:
        page_lines = text_lines(page.words)
        for line in page_lines:
            grid.detection_line(line, page.number)
            lines.detection_line(line, page.number)
        _grid_page(page, grid)
        for line in page_lines:
            lines.cells(_gap_cells(line), page)
    return [grid.document(), lines.document()]


class _View:
    def __init__(self) -> None:
        self.reader = CellReader()
        self.lines: list[str] = []
        self.origins: list[tuple[int, int]] = []
        self.traditional = False
        self.page_lines: dict[int, int] = {}

    def detection_line(self, words: list[Word], page: int) -> None:
        """A text line for finding the agency and year (not for the tables)."""
        raw = join_words(words)
        self.traditional |= has_traditional(raw)
        self.lines.append(to_simplified(standard_ideographs(raw)))
        number = self.page_lines.get(page, 0) + 1
        self.page_lines[page] = number
        self.origins.append((number, page))

    def text_line(self, words: list[Word], page: Page) -> None:
        text = fold(to_simplified(standard_ideographs(join_words(words))))
        where = _where(words, page, None)
        read_line(self.reader, text, text, 0, len(self.lines), where)
        self.reader.new_row()

    def cells(self, cells: list[list[Word]], page: Page) -> None:
        self.reader.new_row()
        numeric = any(_is_numeric(join_words(cell)) for cell in cells)
        for cell in cells:
            text = fold(to_simplified(standard_ideographs(join_words(cell))))
            text, corrected = digits(text, numeric)
            where = _where(cell, page, corrected)
            self.reader.add_cell(text, 0, 0, where)
        self.reader.new_row()

    def document(self) -> Document:
        return paged_document(
            "ocr", self.reader.tokens, self.lines, self.origins, self.traditional
        )


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Group words into text lines (top to bottom), each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.middle):
        if lines:
            line = lines[-1]
            top = min(w.top for w in line)
            bottom = max(w.bottom for w in line)
            if (
                top <= word.middle <= bottom
                and abs(word.middle - _middle(line))
                < max(word.height, bottom - top) * 0.6
            ):
                line.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.left) for line in lines]


def _middle(words: list[Word]) -> float:
    return sum(w.middle for w in words) / len(words)


def join_words(words: list[Word]) -> str:
    """The text of words in reading order: Chinese runs together, and a wide gap or
    a gap between Latin letters or digits is a space."""
    parts: list[str] = []
    previous: Word | None = None
    for word in words:
        if previous is not None:
            gap = word.left - previous.right
            height = max(word.height, previous.height, 1)
            if gap > height * 0.8 or (
                gap > height * 0.25
                and previous.text[-1].isascii()
                and word.text[0].isascii()
            ):
                parts.append(" ")
        parts.append(word.text)
        previous = word
    return "".join(parts)


def digits(text: str, numeric_row: bool) -> tuple[str, bool]:
    """Read a cell of digit look-alikes as the number it must be (`O` 0, `l` 1, `S`
    5), and a lone dash look-alike (`一`) in a row of numbers as the blank mark `—`;
    return the text and whether it changed."""
    compact = text.replace(" ", "")
    if not compact or compact.isdigit():
        return text, False
    if _NUMERIC.fullmatch(compact) and (
        any(c.isdigit() for c in compact) or (numeric_row and len(compact) == 1)
    ):
        return compact.translate(_LOOK_ALIKES), True
    if numeric_row and compact in _DASHES:
        return "—", True
    return text, False


def _is_numeric(text: str) -> bool:
    compact = text.replace(" ", "")
    return bool(compact) and compact.isdigit()


def _gap_cells(line: list[Word]) -> list[list[Word]]:
    """Cut a text line into cells at gaps wider than one and a half characters."""
    cells: list[list[Word]] = [[line[0]]]
    for previous, word in zip(line, line[1:], strict=False):
        height = max(word.height, previous.height, 1)
        if word.left - previous.right > height * 1.5:
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


def _grid_page(page: Page, view: _View) -> None:
    cells: list[_Cell] = []
    outside: list[Word] = []
    for word in page.words:
        key = cell_of(word, page.horizontal, page.vertical)
        if key is None:
            outside.append(word)
            continue
        for cell in cells:
            if all(abs(a - b) <= SAME for a, b in zip(cell.key, key, strict=True)):
                cell.words.append(word)
                break
        else:
            cells.append(_Cell(key, [word]))
    items: list[tuple[float, int, list[list[Word]]]] = []
    for line in text_lines(outside):
        items.append((min(w.top for w in line), 1, [line]))
    for row in _rows(cells):
        items.append((row[0].key[0], 0, [_cell_words(cell) for cell in row]))
    items.sort(key=lambda item: (item[0], item[1]))
    for _, kind, content in items:
        if kind == 1:
            view.text_line(content[0], page)
        else:
            view.cells(content, page)


def _cell_words(cell: _Cell) -> list[Word]:
    """The words of a cell in reading order, its lines run together."""
    return [word for line in text_lines(cell.words) for word in line]


def _rows(cells: list[_Cell]) -> list[list[_Cell]]:
    """Cells grouped by the rule above them, top to bottom, each row left to right."""
    rows: list[list[_Cell]] = []
    for cell in sorted(cells, key=lambda c: c.key[0]):
        if rows and cell.key[0] - rows[-1][0].key[0] <= SAME:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return [sorted(row, key=lambda c: c.key[2]) for row in rows]


def _where(words: list[Word], page: Page, corrected: bool | None) -> dict[str, int]:
    """Page, box in the original image, lowest confidence (and a correction)."""
    scale, angle, cx, cy = page.geometry
    xs: list[float] = []
    ys: list[float] = []
    for word in words:
        for qx, qy in (
            (word.left, word.top),
            (word.right, word.top),
            (word.left, word.bottom),
            (word.right, word.bottom),
        ):
            # Undo the straightening (PIL turns counter-clockwise), then the scaling.
            dx, dy = qx - cx, qy - cy
            xs.append((cx + dx * math.cos(angle) - dy * math.sin(angle)) / scale)
            ys.append((cy + dx * math.sin(angle) + dy * math.cos(angle)) / scale)
    where = {
        "page": page.number,
        "x0": math.floor(min(xs)),
        "top": math.floor(min(ys)),
        "x1": math.ceil(max(xs)),
        "bottom": math.ceil(max(ys)),
        "ocr": 1,
    }
    confidences = [word.confidence for word in words if word.confidence >= 0]
    if confidences:  # none for the digits of number cells (read as boxes)
        where["confidence"] = min(confidences)
    if page.dpi is not None:
        where["dpi"] = page.dpi
    if corrected:
        where["corrected"] = 1
    return where
