from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.reader.sources.text import tokenize_text
from gongkai.reader.sources.tokens import Kind, Token
from gongkai.reader.tables.glued import Number, split_runs


def _numbers(text: str) -> list[Token]:
    return [t for t in tokenize_text(text) if t.kind is Kind.NUM]


def _row_total(values: Sequence[Number]) -> Number | None:
    return sum(values[:6]) if len(values) == 6 else None


def _values(found: list) -> list[list[Number]]:  # type: ignore[type-arg]
    return [[p.value for p in pieces] for pieces in found]


def test_row_total_decides_the_split_of_digits_run_together() -> None:
    found, stopped = split_runs(
        _numbers("一、本年新收政府信息公开申请数量352010038"), 7, _row_total
    )
    assert _values(found) == [[35, 2, 0, 1, 0, 0, 38]] and not stopped


def test_zeros_split_one_way_only() -> None:
    assert _values(split_runs(_numbers("规章000"), 3)[0]) == [[0, 0, 0]]


def test_a_signed_change_glued_between_neighbours_keeps_its_sign() -> None:
    found, _ = split_runs(_numbers("行政许可26-2310"), 3)
    assert [26, -23, 10] in _values(found) and [26, -2, 310] in _values(found)


def test_pieces_point_at_their_digits() -> None:
    text = "总计100010021300101"
    found, _ = split_runs(_numbers(text), 15)
    assert len(found) == 1
    for piece in found[0]:
        token = piece.token
        assert token is not None
        start = token.start + piece.start
        assert text[start : token.start + piece.end] == str(piece.value)


def test_a_decimal_keeps_its_fraction_in_the_last_cell() -> None:
    found, _ = split_runs(_numbers("政府集中采购46427557.68元"), 2)
    assert [46, 427557.68] in [[float(v) for v in row] for row in _values(found)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 120), min_size=6, max_size=6))
def test_any_row_that_adds_up_is_among_the_splits(cells: list[int]) -> None:
    row = [*cells, sum(cells)]
    found, stopped = split_runs(
        _numbers("规章" + "".join(map(str, row))), 7, _row_total
    )
    assert row in _values(found) or stopped


def test_search_stops_within_its_budget() -> None:
    _, stopped = split_runs(_numbers("规章" + "12345678" * 6), 7, None, budget=500)
    assert stopped
