from __future__ import annotations

from datetime import date
from decimal import Decimal

from gongkai.render.document import (
    MISSING_TABLE,
    fee_sentence,
    report_facts,
    report_sections,
    report_title,
    section_paragraphs,
)
from gongkai.report.formats import SECTION_HEADINGS
from gongkai.report.model import AnnualReport
from tests.gongkai.render.cases import SEED_CASES, load_case


def _seed(index: int = 4, **changes: object) -> AnnualReport:
    return load_case(SEED_CASES[index]).model_copy(update=changes)


def test_title_defaults_to_agency_year_and_the_report_name() -> None:
    assert report_title(_seed()) == "嘉兴市人民防空办公室2021年政府信息公开工作年度报告"


def test_printed_title_wins() -> None:
    assert report_title(_seed(title="嘉兴市人防办政府信息公开工作2021年度报告")) == (
        "嘉兴市人防办政府信息公开工作2021年度报告"
    )


def test_facts_list_optional_fields_only_when_set() -> None:
    assert [key for key, _, _ in report_facts(_seed())] == [
        "title",
        "agency",
        "year",
        "format",
    ]
    report = _seed(
        published_on=date(2022, 1, 20),
        scope="aggregate",
        source_url="https://example.gov.cn/a",
        information_fee_yuan=Decimal("12.50"),
    )
    facts = {key: value for key, _, value in report_facts(report)}
    assert facts["published_on"] == "2022-01-20"
    assert facts["scope"] == "汇总"
    assert facts["information_fee_yuan"] == "12.50"
    assert facts["format"] == "2021（国办公开办函〔2021〕30号）"


def test_section_text_becomes_its_non_blank_lines() -> None:
    report = _seed(sections={"1": "第一段。\n\n  第二段。  \n", "5": ""})
    assert section_paragraphs(report, "1") == ("第一段。", "第二段。")
    assert section_paragraphs(report, "5") == ()
    assert section_paragraphs(report, "6") == ()


def test_fee_sentence_only_when_the_fee_is_stated() -> None:
    assert fee_sentence(_seed()) is None
    assert fee_sentence(_seed(information_fee_yuan=0)) == "本年度收取信息处理费0元。"


def test_six_sections_in_order_with_a_grid_for_each_table_present() -> None:
    sections = report_sections(_seed(0))  # 000 has no section 四 table
    assert [s.heading for s in sections] == list(SECTION_HEADINGS.values())
    assert [s.table for s in sections] == [
        None,
        "proactive",
        "applications",
        "review_litigation",
        None,
        None,
    ]
    assert [s.grid is not None for s in sections] == [
        False,
        True,
        True,
        False,
        False,
        False,
    ]
    assert MISSING_TABLE == "本报告未包含此表"


def test_section_six_ends_with_the_fee_sentence() -> None:
    report = _seed(sections={"6": "无其他事项。"}, information_fee_yuan=3)
    assert report_sections(report)[5].paragraphs == (
        "无其他事项。",
        "本年度收取信息处理费3元。",
    )
