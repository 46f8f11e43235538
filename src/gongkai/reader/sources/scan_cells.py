"""The number cells of scanned tables, found by their rules and read again as numbers.

Read with the rest of the page, the digits of a table come back worst: a lone `0` is
dropped as a speck, two cells' digits run into one word, a speck becomes `%` or `.`.
So the cells right of a row's label are found from the rules (not from what was
recognised in them), each cell's ink is cut out, and the cuts are stacked one per line
in a strip that Tesseract reads allowing only digits, signs and units. The words read
there replace whatever the page reading put in those cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from gongkai.reader.sources.ocr import Word

Mask = NDArray[np.bool_]
BAND = 2  # pixels either side of a word's centre line searched for a rule
SAME = 8  # pixels: two rules this close are the same rule
_CJK = re.compile(r"[\u4e00-\u9fff]")
_INSET = 4  # pixels kept off a cell's rules when cutting out its ink
_MIN_INK = 12  # dark pixels: fewer is a speck, not a printed mark
_GAP = 24  # pixels between two cuts in the strip
_UNITS = ("万元", "元")  # printed after an amount; the strip reads digits only


@dataclass(frozen=True)
class Slot:
    """A number cell: its area between the rules, its ink box, its place in the strip
    (left, top, right, bottom)."""

    area: tuple[int, int, int, int]  # left, top, right, bottom
    ink: tuple[int, int, int, int]
    place: tuple[int, int, int, int]


def cell_of(
    word: Word, horizontal: Mask, vertical: Mask
) -> tuple[int, int, int, int] | None:
    """The rules around a word's centre (above, below, left, right), or None outside
    a table."""
    x = (word.left + word.right) // 2
    y = round(word.middle)
    height, width = horizontal.shape
    if not (0 <= x < width and 0 <= y < height):
        return None
    column: Mask = np.any(horizontal[:, max(0, x - BAND) : x + BAND + 1], axis=1)
    row: Mask = np.any(vertical[max(0, y - BAND) : y + BAND + 1, :], axis=0)
    above = np.flatnonzero(column[:y])
    below = np.flatnonzero(column[y:])
    left = np.flatnonzero(row[:x])
    right = np.flatnonzero(row[x:])
    if not (above.size and below.size and left.size and right.size):
        return None
    return int(above[-1]), int(below[0]) + y, int(left[-1]), int(right[0]) + x


def number_slots(
    ink: Mask, horizontal: Mask, vertical: Mask, words: list[Word]
) -> list[Slot]:
    """Return the cells right of each table row's label that hold ink, in order."""
    cells: dict[tuple[int, int, int, int], list[Word]] = {}
    for word in words:
        key = cell_of(word, horizontal, vertical)
        if key is None:
            continue
        for known in cells:
            if all(abs(a - b) <= SAME for a, b in zip(known, key, strict=True)):
                cells[known].append(word)
                break
        else:
            cells[key] = [word]
    rows: list[list[tuple[int, int, int, int]]] = []
    for key in sorted(cells):
        if rows and key[0] - rows[-1][0][0] <= SAME:
            rows[-1].append(key)
        else:
            rows.append([key])
    slots: list[Slot] = []
    top_of_line = _GAP
    for row in rows:
        labels = [k for k in row if _is_label(cells[k])]
        top, bottom = row[0][0], min(k[1] for k in row)
        # A row without a label (the numbers row of the review table) is all numbers.
        start = max(k[3] for k in labels) if labels else 0
        boxes = []
        for left, right in _columns(vertical, (top + bottom) // 2, start):
            inside = [
                word
                for word in words
                if left <= (word.left + word.right) / 2 <= right
                and top <= word.middle <= bottom
            ]
            if _is_label(inside):
                continue  # a header cell (总计), not a number
            box = _ink_box(ink, (left, top, right, bottom))
            if box is not None:
                boxes.append(((left, top, right, bottom), box))
        if not boxes:
            continue
        # The cells of a row go on one line of the strip, wide apart: a line of
        # several numbers reads better than a lone `1`, which looks like a rule.
        height = max(box[3] - box[1] for _, box in boxes)
        x = _GAP
        for area, box in boxes:
            width = box[2] - box[0]
            place = (x, top_of_line, x + width, top_of_line + box[3] - box[1])
            slots.append(Slot(area, box, place))
            x += width + max(_GAP, 2 * height)
        top_of_line += height + _GAP
    return slots


def _is_label(words: list[Word]) -> bool:
    return len(_CJK.findall("".join(w.text for w in words))) >= 2


def _columns(vertical: Mask, y: int, start: int) -> list[tuple[int, int]]:
    """The spans between the vertical rules crossing line `y`, right of `start`."""
    row = vertical[max(0, y - BAND) : y + BAND + 1, :].any(axis=0)
    xs = np.flatnonzero(row)
    if not xs.size:
        return []
    # Runs of rule pixels: a rule is a few pixels thick.
    breaks = np.flatnonzero(np.diff(xs) > 1)
    firsts = np.concatenate([[xs[0]], xs[breaks + 1]])
    lasts = np.concatenate([xs[breaks], [xs[-1]]])
    spans = []
    for right_of, left_of in zip(lasts[:-1], firsts[1:], strict=True):
        if right_of >= start - SAME and left_of - right_of > 2 * _INSET + 4:
            spans.append((int(right_of), int(left_of)))
    return spans


def _ink_box(
    ink: Mask, area: tuple[int, int, int, int]
) -> tuple[int, int, int, int] | None:
    """The box of the marks printed in a cell (`ink` is without specks); None when
    empty."""
    left, top, right, bottom = area
    inside = ink[top + _INSET : bottom - _INSET + 1, left + _INSET : right - _INSET + 1]
    if inside.size == 0:
        return None
    solid = inside
    if int(solid.sum()) < _MIN_INK:
        return None
    rows = np.flatnonzero(solid.any(axis=1))
    columns = np.flatnonzero(solid.any(axis=0))
    return (
        left + _INSET + int(columns[0]),
        top + _INSET + int(rows[0]),
        left + _INSET + int(columns[-1]) + 1,
        top + _INSET + int(rows[-1]) + 1,
    )


def strip_image(ink: Mask, slots: list[Slot]) -> Image.Image | None:
    """Return the cuts of the number cells, a row of the table to a line (None
    without any)."""
    if not slots:
        return None
    width = max(s.place[2] for s in slots) + _GAP
    height = max(s.place[3] for s in slots) + _GAP
    canvas = np.full((height, width), 255, dtype=np.uint8)
    for slot in slots:
        left, top, right, bottom = slot.ink
        x0, y0, x1, y1 = slot.place
        canvas[y0:y1, x0:x1][ink[top:bottom, left:right]] = 0
    return Image.fromarray(canvas, "L")


def read_strip(
    slots: list[Slot], read: list[Word]
) -> tuple[dict[int, list[Word]], list[int]]:
    """Return the characters the strip gave each cell, and the cells of the lines
    that lost characters (a cell with ink got none: `5 0 0 0 0 0 5` read as
    `000005`), whose readings are not to be trusted."""
    found: dict[int, list[Word]] = {}
    failed: list[int] = []
    lines: dict[int, list[int]] = {}
    for index, slot in enumerate(slots):
        lines.setdefault(slot.place[1], []).append(index)
    for top, members in lines.items():
        bottom = max(slots[i].place[3] for i in members)
        chars = sorted(
            (w for w in read if top - _GAP // 2 <= w.middle <= bottom + _GAP // 2),
            key=lambda w: w.left,
        )
        owners = _assign(chars, [slots[i] for i in members])
        if len(set(owners)) < len(members):
            failed.extend(members)
            continue
        for owner, char in zip(owners, chars, strict=True):
            found.setdefault(members[owner], []).append(char)
    return found, failed


def one_per_line(slots: list[Slot]) -> list[Slot]:
    """The same cells, each alone on its line (read again when their line failed)."""
    single = []
    top = _GAP
    for slot in slots:
        left, upper, right, lower = slot.ink
        place = (_GAP, top, _GAP + right - left, top + lower - upper)
        single.append(Slot(slot.area, slot.ink, place))
        top = place[3] + _GAP
    return single


def replace_numbers(
    words: list[Word], slots: list[Slot], found: dict[int, list[Word]]
) -> list[Word]:
    """Return the page's words with those in number cells replaced by the strip's
    characters (`found`, by cell); the other cells keep the page's reading."""
    kept = []
    units: dict[int, str] = {}
    for word in words:
        home = _slot_of(word, slots, found)
        if home is None:
            kept.append(word)
        elif word.text.endswith(_UNITS):
            units[home] = next(u for u in _UNITS if word.text.endswith(u))
    for index, cell_words in sorted(found.items()):
        slot = slots[index]
        ordered = sorted(cell_words, key=lambda w: w.left)
        text = "".join(w.text for w in ordered) + units.get(index, "")
        kept.append(Word(text, -1, *slot.ink))
    return kept


def _slot_of(word: Word, slots: list[Slot], found: dict[int, list[Word]]) -> int | None:
    x = (word.left + word.right) / 2
    for index in found:
        left, top, right, bottom = slots[index].area
        if left <= x <= right and top <= word.middle <= bottom:
            return index
    return None


def _assign(chars: list[Word], slots: list[Slot]) -> list[int]:
    """Return the slot of each character of a line, in order: the characters of one
    cell are consecutive, and the boxes of the LSTM engine are rough, so the split of
    the line into cells is chosen to keep the characters nearest their cells
    (dynamic programming; a cell may get nothing, at a cost)."""
    count, cells = len(chars), len(slots)
    if not count:
        return []
    centres = [(c.left + c.right) / 2 for c in chars]

    def distance(char: int, cell: int) -> float:
        left, _, right, _ = slots[cell].place
        return max(left - centres[char], centres[char] - right, 0.0)

    empty = 3.0 * _GAP
    inf = float("inf")
    # best[i][j]: the first i characters in the first j cells; came[i][j]: where the
    # j-th cell's characters start.
    best = [[inf] * (cells + 1) for _ in range(count + 1)]
    came = [[0] * (cells + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for j in range(1, cells + 1):
        for i in range(count + 1):
            cost = 0.0
            for start in range(i, -1, -1):
                if start < i:
                    cost += distance(start, j - 1)
                total = best[start][j - 1] + (cost if start < i else empty)
                if total < best[i][j]:
                    best[i][j], came[i][j] = total, start
    owners = [0] * count
    i = count
    for j in range(cells, 0, -1):
        start = came[i][j]
        for k in range(start, i):
            owners[k] = j - 1
        i = start
    return owners
