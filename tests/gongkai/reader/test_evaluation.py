from __future__ import annotations

import io
from decimal import Decimal

from gongkai.reader.evaluation import Tally, flatten, json_text, print_tally, score


def test_json_text_writes_decimals_exactly() -> None:
    value = Decimal("123456789012345.123456789")
    assert json_text({"a": value, "b": [Decimal("0.10")]}) == (
        '{"a": 123456789012345.123456789, "b": [0.10]}'
    )


def test_flatten_names_every_cell_and_an_absent_table() -> None:
    assert flatten({"r": [1, 2], "p": {"x": 3}}, "t") == {
        "t.r[0]": 1,
        "t.r[1]": 2,
        "t.p.x": 3,
    }
    assert flatten(None, "review_litigation") == {"review_litigation": None}


def test_score_counts_cells_reports_and_lists_wrong_cells() -> None:
    gold = {
        "agency": "甲",
        "year": 2021,
        "format": "2021",
        "proactive": None,
        "applications": {"granted": [1, 0]},
        "review_litigation": None,
    }
    got = {**gold, "applications": {"granted": [1, 1]}}
    tally = Tally()
    score(tally, "a.txt", gold, None, gold)
    score(tally, "b.txt", got, None, gold)
    score(tally, "c.txt", None, "c.txt: not a report", gold)
    assert (
        tally.reports == 3
        and tally.perfect == 1
        and tally.failed == ["c.txt: not a report"]
    )
    assert ("b.txt", "applications", "granted", "1", "0", "1") in tally.wrong
    out = io.StringIO()
    print_tally(tally, out)
    assert "reports with every cell right          1/3" in out.getvalue()


def test_a_table_read_as_null_is_counted_lost_and_its_note_checked() -> None:
    gold = {
        "agency": "甲",
        "year": 2021,
        "format": "2021",
        "proactive": None,
        "applications": {"granted": [1, 0]},
        "review_litigation": {"reconsideration": [0, 0]},
    }
    got = {**gold, "applications": None, "review_litigation": None}
    note = {"code": "table_lost", "path": "applications", "message": "…"}
    tally = Tally()
    score(tally, "a.txt", got, None, gold, [note])
    assert tally.lost == [
        ("a.txt", "applications", True),
        ("a.txt", "review_litigation", False),
    ]
    out = io.StringIO()
    print_tally(tally, out)
    assert "tables lost (gold has, reader null)    2     1 without a note" in (
        out.getvalue()
    )
    assert "lost: a.txt review_litigation (no note)" in out.getvalue()
