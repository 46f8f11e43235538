from __future__ import annotations

from collections.abc import Sequence

from gongkai.reader.sources.text import tokenize_text
from gongkai.reader.tables.cells import read_row
from gongkai.reader.tables.choice import row_options
from gongkai.reader.tables.glued import Number


def _total(values: Sequence[Number]) -> Number | None:
    return sum(values[:6]) if len(values) == 6 else None


def _read(text: str, cells: int = 7) -> tuple[list[tuple[Number, ...]], str, str]:
    reading = read_row(tokenize_text(text), cells, _total)
    options = row_options(reading, _total)
    how = options.readings[0].how if options.readings else ""
    return [r.values for r in options.readings], how, options.why


def test_row_printed_in_full_reads_as_printed_even_when_it_breaks_the_rule() -> None:
    assert _read("5\n0\n0\n0\n0\n0\n4") == (
        [(5, 0, 0, 0, 0, 0, 4)],
        "direct",
        "printed",
    )


def test_blank_cells_of_the_row_read_zero() -> None:
    assert _read("\t4\n\t\n\t\u00a0\n\t\u00a0\n\t\u00a0\n\t\u00a0\n\t4\n\n\t")[0] == [
        (4, 0, 0, 0, 0, 0, 4)
    ]


def test_missing_cell_among_zeros_is_unambiguous() -> None:
    values, how, _ = _read("0\n0\n0\n0\n0\n0")
    assert values == [(0,) * 7] and how == "missing"


def test_missing_cell_with_numbers_keeps_every_placement_that_adds_up() -> None:
    values, how, why = _read("5\n0\n0\n0\n0\n5")
    assert how == "missing" and why == "rule"
    assert (5, 0, 0, 0, 0, 0, 5) in values and (0, 5, 0, 0, 0, 0, 5) in values
    assert all(sum(v[:6]) == v[6] for v in values)


def test_number_with_a_stray_space_is_joined_when_that_gives_the_row() -> None:
    values, how, _ = _read("1 44\n0\n0\n0\n0\n0\n144\n")
    assert values == [(144, 0, 0, 0, 0, 0, 144)] and how == "merge"


def test_more_numbers_than_cells_keeps_the_first() -> None:
    values, how, _ = _read("1\n0\n0\n0\n0\n0\n1\n9\n9")
    assert values == [(1, 0, 0, 0, 0, 0, 1)] and how == "extra"


def test_glued_run_is_split_by_the_row_total() -> None:
    values, how, _ = _read("数量352010038")
    assert values == [(35, 2, 0, 1, 0, 0, 38)] and how == "split"
