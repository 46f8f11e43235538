"""Digits printed without gaps between cells, decoded as a small constraint problem.

A web page whose tags were stripped prints `一、本年新收政府信息公开申请数量352010038`:
seven cells run together. The row has a known number of cells and (in section 三) its
总计 equals the sum of the six applicant cells, so `35|2|0|1|0|0|38` can be recovered.
Every split keeps the printed digits in order; a cell never starts with 0 unless it is
0. `required` names the value a cell must have given the cells before it (a row or
group total); the caller runs once with it and, when nothing fits (the report breaks
its own rule), once without it, so that a split is never chosen *because* it makes a
broken report add up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple

from gongkai.reader.sources.tokens import Kind, Token

Number = int | Decimal
Required = Callable[[Sequence[Number]], Number | None]

_SIGNED_RUN = re.compile(r"[+-]?\d{2,}(?:\.\d+)?")


class Piece(NamedTuple):
    """One cell as read: its value and the printed characters it came from."""

    value: Number
    token: Token | None  # None: the cell was not printed at all
    start: int = 0  # offsets within token.text
    end: int = 0
    blank: bool = False

    @property
    def printed(self) -> str:
        return self.token.text[self.start : self.end] if self.token is not None else ""


def is_splittable(token: Token) -> bool:
    """A plain run of digits (sign allowed) that may hold several cells."""
    return token.kind is Kind.NUM and _SIGNED_RUN.fullmatch(token.text) is not None


def whole(token: Token) -> Piece:
    """Return the cell a token holds by itself (blank and empty cells read 0)."""
    if token.kind is Kind.NUM and token.value is not None:
        return Piece(token.value, token, 0, len(token.text))
    return Piece(0, token, 0, len(token.text), blank=True)


def split_runs(
    tokens: Sequence[Token],
    cells: int,
    required: Required | None = None,
    *,
    limit: int = 64,
    budget: int = 200_000,
) -> tuple[list[tuple[Piece, ...]], bool]:
    """Return the ways to read `tokens` as exactly `cells` cells, and whether the search
    stopped early (too many possibilities to list).
    """
    search = _Search(tokens, cells, required, limit, budget)
    search.run(0, 0, [])
    return search.found, search.stopped


class _Search:
    def __init__(
        self,
        tokens: Sequence[Token],
        cells: int,
        required: Required | None,
        limit: int,
        budget: int,
    ) -> None:
        self.tokens = tokens
        self.cells = cells
        self.required = required
        self.limit = limit
        self.budget = budget
        self.found: list[tuple[Piece, ...]] = []
        self.stopped = False
        self.runs = [is_splittable(t) for t in tokens]
        # the most cells the tokens from index i on can still give
        self.room = [0] * (len(tokens) + 1)
        for index in range(len(tokens) - 1, -1, -1):
            size = (
                len(_integer(tokens[index].text).lstrip("+-"))
                if self.runs[index]
                else 1
            )
            self.room[index] = self.room[index + 1] + size

    def run(self, index: int, position: int, pieces: list[Piece]) -> None:
        self.budget -= 1
        if self.budget <= 0 or len(self.found) >= self.limit:
            self.stopped = True
            return
        if index == len(self.tokens):
            if len(pieces) == self.cells:
                self.found.append(tuple(pieces))
            return
        need = self.cells - len(pieces)
        token = self.tokens[index]
        if not self.runs[index]:
            if need >= 1 and self.room[index + 1] >= need - 1:
                piece = _fixed(token)
                if self._allowed(pieces, piece.value):
                    self.run(index + 1, 0, [*pieces, piece])
            return
        self._split(index, position, pieces, need)

    def _split(self, index: int, position: int, pieces: list[Piece], need: int) -> None:
        token = self.tokens[index]
        text = token.text
        digits_end = len(_integer(text))  # a fraction stays with the last cell
        signed = position == 0 and text[0] in "+-"
        first = 1 if signed else position
        later = self.room[index + 1]
        later_min = len(self.tokens) - index - 1
        want = self.required(self._values(pieces)) if self.required else None
        for end in range(first + 1, digits_end + 1):
            digits = text[first:end]
            if len(digits) > 1 and digits[0] == "0":
                break
            rest = digits_end - end
            after = need - 1
            if after > rest + later:
                break
            if after < later_min + (1 if rest else 0):
                continue
            stop = end if rest else len(text)
            value = _value(text[first:stop], negative=signed and text[0] == "-")
            if want is not None and value != want:
                continue
            piece = Piece(value, token, 0 if signed else first, stop)
            if rest:
                self.run_inside(index, end, [*pieces, piece])
            else:
                self.run(index + 1, 0, [*pieces, piece])

    def run_inside(self, index: int, position: int, pieces: list[Piece]) -> None:
        self.budget -= 1
        if self.budget <= 0 or len(self.found) >= self.limit:
            self.stopped = True
            return
        self._split(index, position, pieces, self.cells - len(pieces))

    def _allowed(self, pieces: list[Piece], value: Number) -> bool:
        if self.required is None:
            return True
        want = self.required(self._values(pieces))
        return want is None or want == value

    @staticmethod
    def _values(pieces: list[Piece]) -> list[Number]:
        return [p.value for p in pieces]


def _fixed(token: Token) -> Piece:
    return whole(token)


def _integer(text: str) -> str:
    dot = text.find(".")
    return text if dot < 0 else text[:dot]


def _value(digits: str, *, negative: bool) -> Number:
    exact = Decimal(digits)
    value: Number = int(exact) if exact == exact.to_integral_value() else exact
    return -value if negative else value
