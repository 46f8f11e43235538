from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.reader.sources.normalize import (
    fold,
    fold_long,
    label_key,
    parse_number,
    to_simplified,
)


@given(st.text())
def test_fold_keeps_every_offset(text: str) -> None:
    assert len(fold(text)) == len(text)
    assert fold_long(text) == fold(text)


def test_fold_maps_full_width_digits_brackets_and_odd_spaces() -> None:
    assert fold("（三）１２３\u00a0\u3000－５") == "(三)123  -5"


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("（三）不予公开", "不予公开"),
        ("3. 危及“三安全一稳 定”", "危及三安全一稳定"),
        ("行政规范性档案", "行政规范性文件"),  # 繁體 round trip of 文件 (seed 000)
        ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("本年增/减", "本年增减"),
        ("國務(wù)院", "國務院"),  # pinyin gloss of a spam mirror
        ("(七) 总计", "总计"),
    ],
)
def test_label_key_drops_numbering_punctuation_and_space(
    printed: str, key: str
) -> None:
    assert label_key(printed) == key


def test_traditional_text_is_converted_with_the_same_length() -> None:
    text = "黑龍江省人民防空辦公室2021年度政府信息公開工作報告"
    simplified = to_simplified(text)
    assert simplified == "黑龙江省人民防空办公室2021年度政府信息公开工作报告"
    assert len(simplified) == len(text)
    assert to_simplified("规章") == "规章"


@pytest.mark.parametrize(
    ("printed", "value", "unit"),
    [
        ("144", 144, None),
        ("+8", 8, None),
        ("-1", -1, None),
        ("1,234", 1234, None),
        ("427557.68 元", Decimal("427557.68"), "元"),
        ("488.780058", Decimal("488.780058"), None),
        ("12.5万元", Decimal("12.5"), "万元"),
        ("3.0", 3, None),
    ],
)
def test_parse_number_reads_signs_separators_decimals_and_units(
    printed: str, value: int | Decimal, unit: str | None
) -> None:
    assert parse_number(printed) == (value, unit)
    assert type(parse_number(printed)[0]) is type(value)  # type: ignore[index]


@pytest.mark.parametrize("printed", ["", "—", "1 2", "2021年", "abc", "1.2.3"])
def test_parse_number_refuses_what_is_not_one_number(printed: str) -> None:
    assert parse_number(printed) is None
