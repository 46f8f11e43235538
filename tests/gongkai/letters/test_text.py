"""Filling letter templates: dates in Chinese, 文号, unfilled placeholders and markers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import InvalidInput
from gongkai.letters import (
    LetterIncomplete,
    chinese_date,
    document_number,
    fill,
    markers_in,
    printable,
)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 12, 4), "二〇二六年十二月四日"),
        (date(2026, 10, 20), "二〇二六年十月二十日"),
        (date(2027, 1, 31), "二〇二七年一月三十一日"),
        (date(2020, 11, 17), "二〇二〇年十一月十七日"),
        (date(2024, 5, 10), "二〇二四年五月十日"),
    ],
)
def test_dates_are_written_in_chinese(day: date, text: str) -> None:
    assert chinese_date(day) == text


def test_document_number_has_the_prefix_year_and_number() -> None:
    assert document_number("", 2026, 7) == "〔2026〕第7号"
    assert document_number(" 示政公开 ", 2026, 12) == "示政公开〔2026〕第12号"


def test_fill_drops_a_doubled_full_stop() -> None:
    text = fill("答复书", "申请获取：{content}。", {"content": "2025年预算表。"})
    assert text == "申请获取：2025年预算表。"


def test_inserted_text_is_never_read_as_a_template() -> None:
    values = {"content": "{applicant}（请填写）", "applicant": "甲"}
    assert fill("答复书", "{content}", values) == "{applicant}（请填写）"


def test_every_empty_placeholder_and_marker_is_named() -> None:
    template = "{applicant}：\n理由：{reasons}。获取方式：（请填写获取方式）。×××"
    with pytest.raises(LetterIncomplete) as refused:
        fill("答复书", template, {"applicant": "甲", "reasons": " \x01 "})
    assert str(refused.value) == (
        "答复书不能出具，尚有未填写的内容：「（请填写获取方式）」；「×××」；"
        "{reasons}（理由或说明，由承办人办理该事项时填写）"
    )
    assert refused.value.missing[-1].startswith("{reasons}")


@pytest.mark.parametrize(
    "marker", ["（请填写）", "(请注明文号)", "【待补充】", "XXX", "＿＿＿", "____"]
)
def test_fill_in_markers_are_found(marker: str) -> None:
    assert markers_in(f"前文{marker}后文") == [marker]


def test_an_unknown_placeholder_is_refused() -> None:
    with pytest.raises(InvalidInput, match="未知占位符 {name}"):
        fill("答复书", "{name}", {})


@given(st.text())
def test_printable_text_holds_no_control_character(text: str) -> None:
    cleaned = printable(text)
    assert all(ch in "\t\n" or ord(ch) >= 0x20 for ch in cleaned)
    assert "\r" not in cleaned
