"""The cells of one row: from the tokens printed after its label to n numbers.

Most rows print exactly their n cells. The rest are read by strategies, each giving
candidate readings that keep the printed digits in order:

- `row`: the label's own table row holds n cells, some of them empty (blank = 0);
- `direct`: n printed numbers or blank marks;
- `merge`: more than n because a number was printed with a stray space (`1 44`);
- `extra`: more than n printed; the first n are the row's, the rest is noted;
- `blank`: fewer than n printed, and empty cells around them fill the row;
- `split`: digits printed without gaps (`352010038`), see `glued.py`;
- `missing`: a cell was not printed at all; only placements of the printed cells.

The caller picks among candidates with the table's rules; a reading of the first two
kinds is never second-guessed, so a report that breaks its rules reads as printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

from gongkai.reader.sources.tokens import Kind, Token
from gongkai.reader.tables.glued import (
    Number,
    Piece,
    Required,
    is_splittable,
    split_runs,
    whole,
)

# Readings that are what the report prints; the others are reconstructions.
AS_PRINTED = frozenset({"row", "direct"})


class Reading(NamedTuple):
    cells: tuple[Piece, ...]
    how: str

    @property
    def values(self) -> tuple[Number, ...]:
        return tuple(p.value for p in self.cells)


@dataclass
class RowReading:
    """Candidate readings of one row, by strategy in order of preference."""

    strategies: list[list[Reading]] = field(default_factory=list)
    extra: list[Token] = field(default_factory=list)
    stopped: bool = False

    @property
    def first(self) -> Reading | None:
        for readings in self.strategies:
            if readings:
                return readings[0]
        return None


def read_row(
    material: Sequence[Token],
    cells: int,
    required: Required | None = None,
) -> RowReading:
    """Return the candidate readings of the tokens after a row label as `cells` cells."""
    result = RowReading()
    if not material:
        return result
    if len(material) == cells:
        for token in material:
            if token.kind is not Kind.NUM and token.kind is not Kind.BLANK:
                break
        else:  # the common case, n cells printed: the `direct` reading below
            result.strategies.append([_reading(material, "direct")])
            return result
    home = material[0].row
    printed: list[Token] = []
    own_row: list[Token] = []
    printed_home = True
    for token in material:
        if token.row == home:
            own_row.append(token)
        if token.kind is Kind.NUM or token.kind is Kind.BLANK:
            printed.append(token)
            printed_home = printed_home and token.row == home
    if len(own_row) == cells and printed_home and len(own_row) != len(printed):
        result.strategies.append([_reading(own_row, "row")])
        return result
    if len(printed) == cells:
        result.strategies.append([_reading(printed, "direct")])
        return result
    if len(printed) > cells:
        result.strategies.append(_merged(printed, cells, required))
        result.strategies.append([_reading(printed[:cells], "extra")])
        result.extra = list(printed[cells:])
        return result
    if any((t.glued or _leading_zero(t)) and is_splittable(t) for t in printed):
        # digits glued to their label, or a number starting with 0 (`010`, `00`):
        # cells printed without gaps, most likely
        _add_splits(result, printed, cells, required)
        result.strategies.append(_windows(material, printed, cells))
        result.strategies.append(_missing(printed, cells))
        return result
    windows = _windows(material, printed, cells)
    if windows:  # empty cells printed around the numbers complete the row
        result.strategies.append(windows)
        return result
    missing = _missing(printed, cells)
    result.strategies.append(missing)
    if not missing:  # too many cells short for a missing one: a run of digits
        _add_splits(result, printed, cells, required)
    return result


def _leading_zero(token: Token) -> bool:
    """`010`, `00`: no cell is printed with a leading zero, so this is several."""
    text = token.text
    return len(text) > 1 and text[0] == "0" and text[1].isdigit()


def _add_splits(
    result: RowReading, printed: list[Token], cells: int, required: Required | None
) -> None:
    readings, stopped = _splits(printed, cells, required)
    result.stopped |= stopped
    result.strategies.append(readings)


def _reading(tokens: Sequence[Token], how: str) -> Reading:
    # `whole`, inline, and the named tuples made as tuples (no Python-level __new__):
    # this runs for every cell of every row
    pieces = [
        _new(Piece, (token.value, token, 0, len(token.text), False))
        if token.kind is Kind.NUM and token.value is not None
        else _new(Piece, (0, token, 0, len(token.text), True))
        for token in tokens
    ]
    return _new(Reading, (tuple(pieces), how))


_new = tuple.__new__


def _merged(
    printed: list[Token], cells: int, required: Required | None
) -> list[Reading]:
    """Join numbers of one cell printed with a stray space, when that gives n cells."""
    surplus = len(printed) - cells
    joints = [
        i
        for i in range(len(printed) - 1)
        if printed[i].cell == printed[i + 1].cell
        and printed[i].kind is Kind.NUM
        and printed[i + 1].kind is Kind.NUM
        and printed[i].text.isdigit()
        and printed[i + 1].text.isdigit()
        and not printed[i + 1].glued
    ]
    if len(joints) < surplus or len(joints) > 12:
        return []
    readings = []
    for chosen in combinations(joints, surplus):
        pieces: list[Piece] = []
        skip = set(chosen)
        index = 0
        while index < len(printed):
            group = [printed[index]]
            while index in skip:
                index += 1
                group.append(printed[index])
            index += 1
            pieces.append(_joined(group))
        reading = Reading(tuple(pieces), "merge")
        if required is None or _fits(reading.values, required):
            readings.append(reading)
    return readings


def _joined(group: list[Token]) -> Piece:
    if len(group) == 1:
        return whole(group[0])
    digits = "".join(t.text for t in group)
    first = group[0]
    return Piece(int(digits), first, 0, len(first.text))


def _windows(
    material: Sequence[Token], printed: list[Token], cells: int
) -> list[Reading]:
    """Take n consecutive cells, empty ones included, that hold every printed cell."""
    if len(material) < cells:
        return []
    if printed:
        first = material.index(printed[0])
        last = material.index(printed[-1])
    else:
        first, last = 0, 0
    if last - first + 1 > cells:
        return []
    home = material[0].row
    options = []
    for start in range(max(0, last - cells + 1), min(first, len(material) - cells) + 1):
        window = material[start : start + cells]
        outside = sum(1 for t in window if t.row != home)
        options.append((outside, start, window))
    options.sort(key=lambda option: (option[0], option[1]))
    return [_reading(window, "blank") for _, _, window in options]


def _splits(
    printed: list[Token], cells: int, required: Required | None
) -> tuple[list[Reading], bool]:
    if not any(is_splittable(t) for t in printed):
        return [], False
    found, stopped = split_runs(printed, cells, required)
    if not found and required is not None:
        found, stopped = split_runs(printed, cells, None)
    found.sort(key=_spread)
    return [Reading(pieces, "split") for pieces in found], stopped


def _spread(pieces: tuple[Piece, ...]) -> tuple[int, int]:
    """Prefer splits without one outsized cell: the longest cell, then the sum of
    lengths squared (only orders readings that the rules cannot tell apart)."""
    lengths = [len(str(abs(int(p.value)))) for p in pieces]
    return max(lengths), sum(n * n for n in lengths)


def _missing(printed: list[Token], cells: int) -> list[Reading]:
    """Place the printed cells in order among n; cells not printed read 0 (unknown)."""
    gaps = cells - len(printed)
    if gaps <= 0 or gaps > 4:
        return []
    readings = []
    seen: set[tuple[Number, ...]] = set()
    for slots in combinations(range(cells), len(printed)):
        pieces: list[Piece] = [Piece(0, None, blank=True)] * cells
        for slot, token in zip(slots, printed, strict=True):
            pieces[slot] = whole(token)
        values = tuple(p.value for p in pieces)
        if values not in seen:
            seen.add(values)
            readings.append(Reading(tuple(pieces), "missing"))
    return readings


def _fits(values: Sequence[Number], required: Required) -> bool:
    for index in range(len(values)):
        want = required(values[:index])
        if want is not None and values[index] != want:
            return False
    return True


def fits(reading: Reading, required: Required | None) -> bool:
    """Tell whether a reading keeps the row's rule (true when there is none)."""
    return required is None or _fits(reading.values, required)
