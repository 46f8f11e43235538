"""Choosing among candidate readings: the row's own rule, then the table's rules.

Order of evidence (issue 3): the number of cells, each row's 总计 = the sum of its
applicant cells and the review/litigation group totals (the row's `required`), then
the column rules of the whole table, and only then figures stated in the prose. A
reading that is what the report prints is never replaced, and when no reconstruction
satisfies a rule the first one is kept and its cells are marked uncertain: the rules
pick between readings of the printed digits, they never make a broken report add up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

from gongkai.reader.tables.cells import AS_PRINTED, Reading, RowReading, fits
from gongkai.reader.tables.glued import Number, Required


@dataclass
class Options:
    """The readings still in play for one row, and how they were narrowed."""

    readings: list[Reading]
    why: str  # printed, rule, table, prose, default, none
    stopped: bool = False
    unfit: bool = False  # no reading satisfies the row's own rule (总计 = sum)

    @property
    def chosen(self) -> Reading | None:
        return self.readings[0] if self.readings else None

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1

    def uncertain_cells(self) -> set[int]:
        """Indexes of cells whose value differs between the readings in play (all of
        them when there were too many readings to list)."""
        if self.stopped and self.readings:
            return set(range(len(self.readings[0].cells)))
        if len(self.readings) < 2:
            return set()
        first = self.readings[0].values
        return {
            i
            for i in range(len(first))
            if any(r.values[i] != first[i] for r in self.readings[1:])
        }


def distinct(readings: Sequence[Reading]) -> list[Reading]:
    seen: set[tuple[Number, ...]] = set()
    unique = []
    for reading in readings:
        if reading.values not in seen:
            seen.add(reading.values)
            unique.append(reading)
    return unique


def row_options(reading: RowReading, required: Required | None) -> Options:
    """Narrow a row's candidate readings by the row's own rule."""
    strategies = [s for s in reading.strategies if s]
    if not strategies:
        return Options([], "none", reading.stopped)
    first = strategies[0]
    if first[0].how in AS_PRINTED:
        return Options([first[0]], "printed")
    if required is None:
        readings = distinct(first)
        return Options(
            readings, "only" if len(readings) == 1 else "default", reading.stopped
        )
    for readings in strategies:
        candidates = distinct(readings)
        passing = [r for r in candidates if fits(r, required)]
        if passing:
            if len(candidates) == 1:
                return Options(passing, "only")
            return Options(passing, "rule", reading.stopped and len(passing) > 1)
    return Options(distinct(first), "default", reading.stopped, unfit=True)


Score = Callable[[Mapping[str, Sequence[Number]]], int]


def narrow_table(
    options: dict[str, Options],
    fixed: Mapping[str, Sequence[Number]],
    score: Score,
    *,
    limit: int = 20_000,
) -> None:
    """Keep, for ambiguous rows, the readings that satisfy the most table rules.

    Changes `options` in place when that leaves one reading per row.
    """
    open_rows = [row for row, opt in options.items() if opt.ambiguous]
    if not open_rows:
        return
    sizes = 1
    for row in open_rows:
        sizes *= len(options[row].readings)
    if sizes > limit:
        return
    best_score = -1
    best: list[tuple[Reading, ...]] = []
    values = dict(fixed)
    for combo in product(*(options[row].readings for row in open_rows)):
        for row, reading in zip(open_rows, combo, strict=True):
            values[row] = reading.values
        result = score(values)
        if result > best_score:
            best_score, best = result, [combo]
        elif result == best_score:
            best.append(combo)
    if len(best) == 1:
        for row, reading in zip(open_rows, best[0], strict=True):
            options[row] = Options([reading], "table", unfit=options[row].unfit)
    else:
        for index, row in enumerate(open_rows):
            kept = distinct([combo[index] for combo in best])
            if len(kept) < len(options[row].readings):
                options[row] = Options(
                    kept,
                    "table" if len(kept) == 1 else "default",
                    unfit=options[row].unfit,
                )


def narrow_by_prose(
    options: dict[str, Options], figures: Mapping[str, set[Number]]
) -> None:
    """Break remaining ties with figures stated in the prose for the same row."""
    for row, opt in options.items():
        stated = figures.get(row)
        if not opt.ambiguous or not stated:
            continue
        # each stated figure supports a reading once (6条 is not two 6s)
        scored = [
            (len({v for v in r.values if v and v in stated}), r) for r in opt.readings
        ]
        top = max(score for score, _ in scored)
        kept = [r for score, r in scored if score == top]
        if top > 0 and len(kept) == 1:
            options[row] = Options(kept, "prose", unfit=opt.unfit)
