from __future__ import annotations

from gongkai.reader.sources.text import tokenize_text
from gongkai.reader.tables.regions import find_regions


def _tables(text: str) -> dict[str, str]:
    tokens = tokenize_text(text)
    return {t: tokens[r.start].text for t, r in find_regions(tokens).items()}


def test_each_table_starts_at_its_heading_and_stops_at_the_next() -> None:
    text = (
        "二、主动公开政府信息情况\n第二十条第（一）项\n规章\n0\n"
        "三、收到和处理政府信息公开申请情况\n申请人情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果维持\n0\n"
        "五、存在的主要问题及改进情况\n"
    )
    assert _tables(text) == {
        "proactive": "二、主动公开政府信息情况",
        "applications": "三、收到和处理政府信息公开申请情况",
        "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    }


def test_an_intro_listing_the_sections_is_not_a_table() -> None:
    text = (
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等部分组成。\n"
        "二、主动公开政府信息情况\n第二十条第（一）项\n"
    )
    assert _tables(text) == {"proactive": "二、主动公开政府信息情况"}


def test_heading_in_the_wording_of_article_50() -> None:
    text = (
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况\n行政复议\n结果维持\n"
    )
    assert "review_litigation" in _tables(text)


def test_without_headings_a_table_starts_at_its_own_labels() -> None:
    text = "某某\n行政复议\t行政诉讼\n结果维持\t结果纠正\n"
    assert _tables(text) == {"review_litigation": "行政复议"}


def test_a_subheading_naming_section_4_before_the_tables_holds_no_table() -> None:
    text = (
        "(六)因政府信息公开申请行政复议、提起行政诉讼的情况\n"
        "二、主动公开政府信息情况\n第二十条第(一)项\n规章\n0\n0\n0\n"
    )
    regions = find_regions(tokenize_text(text))
    review = regions["review_litigation"]
    assert review.end - review.start == 1  # the heading alone
