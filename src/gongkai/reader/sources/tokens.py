"""Tokens: the common form every input (text, HTML, Word, PDF, Excel) is read into.

A token is a piece of label text, a printed number, a printed blank mark (`-`, `—`, `/`,
`无`) or an empty cell, with where it was printed: character offsets and line number in
the original text, or table/row/cell for structured documents. The table parsers work on
tokens only, so every layout (one cell per line, tab- or pipe-separated rows, HTML cells,
cells run together) goes through the same label-driven code.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import IntEnum
from functools import lru_cache

from gongkai.reader.sources.normalize import (
    BLANK_MARKS,
    UNITS,
    label_key,
    parse_change,
    parse_number,
)


class Kind(IntEnum):
    TEXT = 0
    NUM = 1
    BLANK = 2  # printed -, —, /, 无: a cell that reads 0
    EMPTY = 3  # an empty cell (or one holding only spaces)


class Token:
    """One cell or piece of a cell, with its position in the source."""

    __slots__ = (
        "kind",
        "text",
        "start",
        "end",
        "line",
        "row",
        "cell",
        "glued",
        "value",
        "unit",
        "where",
    )

    def __init__(
        self,
        kind: Kind,
        text: str,
        start: int,
        end: int,
        line: int,
        row: int,
        cell: int,
        glued: bool = False,
        value: int | Decimal | None = None,
        unit: str | None = None,
        where: dict[str, int] | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.line = line
        self.row = row
        self.cell = cell
        self.glued = glued
        self.value = value
        self.unit = unit
        self.where = where

    @property
    def key(self) -> str:
        return label_key(self.text)

    @property
    def is_value(self) -> bool:
        return self.kind is not Kind.TEXT

    @property
    def is_run(self) -> bool:
        """A plain digit run of two or more digits: possibly cells printed without a gap."""
        return (
            self.kind is Kind.NUM
            and self.unit is None
            and len(self.text) > 1
            and self.text.isdigit()
        )

    def __repr__(self) -> str:
        return f"Token({self.kind.name}, {self.text!r}, {self.start}, line={self.line})"


_WORD = re.compile(r"\S+")
_PIECE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?|[^\d+-]+|[+-]")
_SENTENCE = re.compile(r"[。；;！？!?]")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DATE_UNITS = frozenset("年月日号时")
_YEAR = re.compile(r"(?:19|20)\d\d")
_ASCII_DIGITS = frozenset("0123456789")
_NOT_SIMPLE = re.compile(r"[\d。；;！？!?+\-]")
_UNIT_SET = frozenset(UNITS)
# A whole cell that is one signed number with a space after the sign (`- 1`), or a
# dash printed for the minus sign (`—1`, `– 1`).
_SIGNED_CELL = re.compile(r"[+\-—–]\s*\d[\d,]*(?:\.\d+)?")
DASH_SIGNS = "—–"


# No cell, nor cells run together, has this many digits: longer runs are noise (and
# Python refuses to turn 4300 digits into an int).
LONGEST_RUN = 120


@lru_cache(maxsize=16384)  # cells repeat from line to line and report to report
def simple_kind(text: str) -> Kind | None:
    """The kind of a cell that is one plain number, one blank mark or text without
    digits, signs or sentence ends; None for anything else."""
    if text.isdigit():
        return Kind.NUM if text.isascii() and len(text) <= LONGEST_RUN else None
    if text in BLANK_MARKS:
        return Kind.BLANK
    if _NOT_SIMPLE.search(text) is not None:
        return None
    if " " in text and not BLANK_MARKS.isdisjoint(text.split()):
        return None  # `— — —`: several blank cells in one line
    return Kind.TEXT


class CellReader:
    """Turns the text of cells into tokens, numbering cells and rows as it goes."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self.row = 0
        self.cell = 0

    def new_row(self) -> None:
        self.row += 1

    def add_cell(
        self,
        text: str,
        start: int,
        line: int,
        where: dict[str, int] | None = None,
    ) -> None:
        """Add one cell's tokens; `text` must be folded (see `normalize.fold`)."""
        self.cell += 1
        stripped = text.strip()
        if not stripped:
            self.tokens.append(
                Token(
                    Kind.EMPTY,
                    "",
                    start,
                    start,
                    line,
                    self.row,
                    self.cell,
                    False,
                    None,
                    None,
                    where,
                )
            )
            return
        kind = simple_kind(stripped)
        if kind is not None:
            at = start + text.find(stripped)
            value = int(stripped) if kind is Kind.NUM else None
            self.tokens.append(
                Token(
                    kind,
                    stripped,
                    at,
                    at + len(stripped),
                    line,
                    self.row,
                    self.cell,
                    False,
                    value,
                    None,
                    where,
                )
            )
            return
        if len(stripped) <= LONGEST_RUN and _SIGNED_CELL.fullmatch(stripped):
            at = start + text.find(stripped)
            token = self._add(Kind.NUM, stripped, at, at + len(stripped), line, where)
            token.value = signed_value(stripped)
            return
        row, cell, append = self.row, self.cell, self.tokens.append
        for kind, piece, begin, stop, glued, number, unit in _cell_pieces(text):
            append(
                Token(
                    kind,
                    piece,
                    start + begin,
                    start + stop,
                    line,
                    row,
                    cell,
                    glued,
                    number,
                    unit,
                    where,
                )
            )

    def _add(
        self,
        kind: Kind,
        text: str,
        start: int,
        end: int,
        line: int,
        where: dict[str, int] | None,
        glued: bool = False,
    ) -> Token:
        token = Token(
            kind, text, start, end, line, self.row, self.cell, glued=glued, where=where
        )
        self.tokens.append(token)
        return token


# A piece of a cell: kind, text, start and end (in the cell's text), glued, value, unit.
_Piece = tuple[Kind, str, int, int, bool, int | Decimal | None, str | None]


def _cell_pieces(text: str) -> tuple[_Piece, ...]:
    """The tokens of a cell that is not one plain number, blank or text, as pieces
    placed in `text`. Cells repeat from report to report (`1.属于国家秘密`,
    `第二十条第（一）项`), so short ones are worked out once."""
    return _cached_pieces(text) if len(text) <= 200 else _pieces(text)


def _pieces(text: str) -> tuple[_Piece, ...]:
    pending: list[tuple[Kind, str, int, int, bool]] = []
    for match in _WORD.finditer(text):
        _split_word(match.group(), match.start(), pending)
    _numbering_words(pending)
    return _flush(pending)


_cached_pieces = lru_cache(maxsize=32768)(_pieces)


def _flush(pending: list[tuple[Kind, str, int, int, bool]]) -> tuple[_Piece, ...]:
    out: list[_Piece] = []
    text_start = -1
    text_parts: list[str] = []
    last_end = -1
    for kind, piece, start, end, glued in pending:
        if kind is Kind.TEXT:
            if text_start < 0:
                text_start = start
            elif start > last_end:
                text_parts.append(" ")
            if piece:
                text_parts.append(piece)
                last_end = end
            else:  # a sentence ends here
                _text(out, text_parts, text_start, last_end)
                text_start, text_parts = -1, []
            continue
        _text(out, text_parts, text_start, last_end)
        text_start, text_parts = -1, []
        value: int | Decimal | None = None
        unit: str | None = None
        if kind is Kind.NUM:
            parsed = parse_number(piece)
            if parsed is not None:
                value, unit = parsed
            elif piece[0] in DASH_SIGNS:
                value = signed_value(piece)
            else:
                value = parse_change(piece)
        out.append((kind, piece, start, end, glued, value, unit))
    _text(out, text_parts, text_start, last_end)
    return tuple(out)


def _text(out: list[_Piece], parts: list[str], start: int, end: int) -> None:
    if start < 0 or not parts:
        return
    text = "".join(parts).strip()
    if not text:
        return
    if out:
        kind, piece, begin, _, glued, value, unit = out[-1]
        if (
            kind is Kind.NUM
            and unit is None
            and text in _UNIT_SET
            and value is not None
        ):
            out[-1] = (kind, piece, begin, end, glued, value, text)  # 152.2 万元
            return
    out.append((Kind.TEXT, text, start, end, False, None, None))


def signed_value(text: str) -> int | Decimal | None:
    """The value of `- 1`, `+ 8` or `—1` (a dash printed for the minus sign)."""
    sign, body = text[0], text[1:].strip()
    parsed = parse_number(body)
    if parsed is None:
        return None
    return parsed[0] if sign == "+" else -parsed[0]


def _numbering_words(pieces: list[tuple[Kind, str, int, int, bool]]) -> None:
    """`2 . 重复申请`: a lone number before a word starting with `.` or `、` is numbering."""
    for index in range(len(pieces) - 1):
        kind, text, start, end, glued = pieces[index]
        following = pieces[index + 1]
        if (
            kind is Kind.NUM
            and len(text) <= 2
            and text.isdigit()
            and following[0] is Kind.TEXT
            and following[1][:1] in (".", "、")
        ):
            pieces[index] = (Kind.TEXT, text, start, end, False)


def _split_word(
    word: str, start: int, out: list[tuple[Kind, str, int, int, bool]]
) -> None:
    """Append the pieces of one whitespace-free word: numbers, blanks and text."""
    if word.isascii() and word.isdigit() and len(word) <= LONGEST_RUN:
        out.append((Kind.NUM, word, start, start + len(word), False))
        return
    if word in BLANK_MARKS:
        out.append((Kind.BLANK, word, start, start + len(word), False))
        return
    if len(word) <= LONGEST_RUN and (
        parse_number(word) is not None
        or parse_change(word) is not None
        or (word[0] in DASH_SIGNS and _SIGNED_CELL.fullmatch(word) is not None)
    ):
        out.append((Kind.NUM, word, start, start + len(word), False))
        return
    pieces = [(m.group(), start + m.start()) for m in _PIECE.finditer(word)]
    index = 0
    glued_to_previous = False
    while index < len(pieces):
        piece, at = pieces[index]
        following = pieces[index + 1][0] if index + 1 < len(pieces) else ""
        if piece[-1] in _ASCII_DIGITS or (piece[0] in "+-" and len(piece) > 1):
            _digit_piece(piece, at, following, glued_to_previous, out)
        elif piece in "+-":
            out.append((Kind.TEXT, piece, at, at + 1, False))
        else:
            if out and out[-1][0] is Kind.NUM and out[-1][3] == at:
                at, piece = _money_unit(piece, at, out)
            _text_piece(piece, at, out)
        index += 1
        glued_to_previous = True


_MONEY_UNIT = re.compile(r"万元|元")


def _money_unit(
    piece: str, at: int, out: list[tuple[Kind, str, int, int, bool]]
) -> tuple[int, str]:
    """`152.2万元三、收到和处理…`: the unit after an amount, glued to the heading that
    follows the table (tags stripped), is the amount's; the rest is text of its own."""
    match = _MONEY_UNIT.match(piece)
    if match is None:
        return at, piece
    end = at + match.end()
    out.append((Kind.TEXT, match.group(), at, end, False))
    out.append((Kind.TEXT, "", end, end, False))  # the unit ends here
    return end, piece[match.end() :]


def _digit_piece(
    piece: str,
    at: int,
    following: str,
    glued: bool,
    out: list[tuple[Kind, str, int, int, bool]],
) -> None:
    """Classify a run of digits inside a word (a number, numbering, a date, a run)."""
    if (
        following[:1] == "年"
        and len(piece) > 4
        and piece.isdigit()
        and _YEAR.fullmatch(piece[-4:]) is not None
    ):
        # `0000000000000002024年…`: the last cells of a table, then the text after it
        cells = len(piece) - 4
        out.append((Kind.NUM, piece[:cells], at, at + cells, glued))
        out.append((Kind.TEXT, piece[cells:], at + cells, at + len(piece), False))
        return
    if len(piece) > LONGEST_RUN or (following and following[0] in _DATE_UNITS):
        out.append((Kind.TEXT, piece, at, at + len(piece), False))
        return
    if (
        following[:1] in (".", "、")
        and (len(following) == 1 or not following[1].isdigit())
        and piece.isdigit()
    ):
        # `2.其他…` numbering; `00000002.其他…`: a run of cells, then the numbering.
        if len(piece) > 1:
            out.append((Kind.NUM, piece[:-1], at, at + len(piece) - 1, glued))
        out.append((Kind.TEXT, piece[-1], at + len(piece) - 1, at + len(piece), False))
        return
    body = piece.rstrip(",")
    if "," in body and not _THOUSANDS.fullmatch(body.lstrip("+-")):
        offset = 0
        for part in body.split(","):
            if part:
                out.append(
                    (Kind.NUM, part, at + offset, at + offset + len(part), glued)
                )
            offset += len(part) + 1
        return
    out.append((Kind.NUM, body, at, at + len(body), glued))


def _text_piece(
    piece: str, at: int, out: list[tuple[Kind, str, int, int, bool]]
) -> None:
    position = 0
    for match in _SENTENCE.finditer(piece):
        if match.start() > position:
            segment = piece[position : match.start()]
            out.append((Kind.TEXT, segment, at + position, at + match.start(), False))
        out.append((Kind.TEXT, "", at + match.start(), at + match.end(), False))
        position = match.end()
    if position < len(piece):
        out.append((Kind.TEXT, piece[position:], at + position, at + len(piece), False))
