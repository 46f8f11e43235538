"""Composing the annual report: format by year, scaffold, fees, draft, content hash."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from gongkai.annual import (
    PLACEHOLDER,
    build_draft,
    check_draft_year,
    check_year_ended,
    compose_report,
    content_hash,
    fee_sentence,
    fees_charged,
    format_for_year,
    scaffold_sections,
    unfilled_sections,
)
from gongkai.errors import InvalidInput
from gongkai.ledger import LedgerRow
from gongkai.litigation import ReviewCase, ReviewKind, ReviewResult, review_table
from gongkai.proactive import Category, CategoryCount, Measure, proactive_table
from gongkai.report.codec import dump_report, load_report
from gongkai.report.formats import F2019, FormatId
from gongkai.report.validate import validate
from gongkai.statistics import applications_table
from gongkai.vocabulary import ApplicantType, Outcome
from tests.conftest import SEEDS


def make_row(
    number: str,
    received: date,
    replied: date | None = None,
    outcome: Outcome | None = None,
    fee_yuan: Decimal | None = None,
) -> LedgerRow:
    return LedgerRow(
        number=number,
        received=received,
        applicant_type=ApplicantType.NATURAL_PERSON,
        applicant="李文静",
        content="申请公开本单位2021年部门预算",
        replied=replied,
        outcome=outcome,
        fee_yuan=fee_yuan,
    )


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")],
)
def test_format_follows_the_year(year: int, expected: str) -> None:
    assert format_for_year(year) == expected


@pytest.mark.parametrize("year", [2025, 2026, 9999])
def test_a_year_that_has_not_ended_cannot_be_published(year: int) -> None:
    with pytest.raises(InvalidInput, match=f"{year}年度尚未结束.*1月1日至12月31日"):
        check_year_ended(year, date(2025, 12, 31))


def test_last_year_can_be_published_from_the_first_of_january() -> None:
    check_year_ended(2024, date(2025, 1, 1))
    check_year_ended(2021, date(2025, 1, 1))


def test_drafting_a_year_that_has_not_begun_is_refused() -> None:
    check_draft_year(2025, date(2025, 1, 1))
    with pytest.raises(InvalidInput, match="9999年度尚未开始"):
        check_draft_year(9999, date(2025, 1, 1))


def test_year_before_2019_has_no_format() -> None:
    with pytest.raises(InvalidInput, match="2018年度报告没有统一格式"):
        format_for_year(2018)


def test_2021_scaffold_has_the_official_sub_headings_and_the_fee() -> None:
    sections = scaffold_sections("2021", Decimal("1700"), year=2021)
    overview = sections["1"].splitlines()
    assert "统计期限自2021年1月1日起至2021年12月31日止" in overview[0]
    assert [
        line for line in overview if line.startswith("（") and PLACEHOLDER not in line
    ] == [
        "（一）主动公开情况",
        "（二）依申请公开情况",
        "（三）政府信息管理情况",
        "（四）政府信息公开平台建设情况",
        "（五）监督保障情况",
    ]
    assert sections["5"].startswith("（一）上年度报告所列问题的整改情况")
    other = sections["6"].splitlines()
    assert other[:2] == [
        "（一）收取信息处理费情况",
        "本年度依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        "收取信息处理费共计1700元。",
    ]
    assert other[-2:] == ["（五）其他", "无。"]


def test_2019_scaffold_has_no_fee_item_when_nothing_was_charged() -> None:
    sections = scaffold_sections("2019", 0)
    assert "信息处理费" not in sections["6"]
    assert sections["5"].startswith("（一）存在的主要问题")
    assert "（二）改进措施" in sections["5"]
    assert "统计期限" not in sections["1"]


def test_scaffold_appends_notes_to_section_6() -> None:
    sections = scaffold_sections("2021", 0, notes=("第四部分按案件提起年度统计。",))
    assert sections["6"].endswith("（五）其他\n第四部分按案件提起年度统计。")


def test_fee_sentence_when_nothing_was_charged() -> None:
    assert fee_sentence(0) == "本年度未收取政府信息公开信息处理费。"
    assert "共计1700.50元" in fee_sentence(Decimal("1700.5"))


def test_negative_fee_total_is_refused() -> None:
    with pytest.raises(InvalidInput, match="信息处理费不能为负数"):
        scaffold_sections("2021", Decimal("-1"))


def test_unfilled_sections_finds_placeholders() -> None:
    sections = scaffold_sections("2021", 0)
    assert unfilled_sections(sections) == ["1", "5", "6"]
    sections["5"] = "无。"
    assert unfilled_sections(sections) == ["1", "6"]
    assert PLACEHOLDER in sections["1"]


def test_fees_charged_counts_cases_closed_in_the_year() -> None:
    rows = [
        make_row(
            "1", date(2021, 3, 1), date(2021, 3, 20), Outcome.GRANTED, Decimal(100)
        ),
        make_row(
            "2", date(2021, 12, 1), date(2022, 1, 5), Outcome.GRANTED, Decimal(200)
        ),
        make_row("3", date(2021, 5, 1), date(2021, 5, 20), Outcome.GRANTED),
        make_row("4", date(2021, 6, 1)),
    ]
    assert fees_charged(rows, 2021) == Decimal(100)


def _tables(year: int, format_id: FormatId):  # type: ignore[no-untyped-def]
    return (
        proactive_table([], [], year, format_id),
        applications_table([], year, format_id),
        review_table([], year),
    )


def test_compose_uses_the_format_of_the_year_and_the_scaffold() -> None:
    proactive, applications, review = _tables(2020, F2019)
    report = compose_report(
        agency="示范市人民防空办公室",
        year=2020,
        proactive=proactive,
        applications=applications,
        review_litigation=review,
    )
    assert report.format is F2019
    assert report.title == "示范市人民防空办公室2020年政府信息公开工作年度报告"
    assert report.sections is not None and set(report.sections) == {"1", "5", "6"}
    assert validate(report) == []


def test_compose_refuses_a_table_of_another_format() -> None:
    proactive, applications, review = _tables(2021, F2019)
    with pytest.raises(
        InvalidInput, match="proactive 表按 2019 版格式计算，报告为 2021 版"
    ):
        compose_report(
            agency="示范市人民防空办公室",
            year=2021,
            proactive=proactive,
            applications=applications,
            review_litigation=review,
        )


def test_explicit_format_overrides_the_year() -> None:
    proactive, applications, review = _tables(2022, F2019)
    report = compose_report(
        agency="某镇人民政府",
        year=2022,
        format="2019",
        proactive=proactive,
        applications=applications,
        review_litigation=review,
    )
    assert report.format is F2019


def test_draft_computes_all_three_tables_and_notes() -> None:
    draft = build_draft(
        agency="示范市人民防空办公室",
        year=2021,
        catalog=[],
        counts=[
            CategoryCount(2021, Category.LICENSING, Measure.DECISIONS, 5, "审批系统")
        ],
        applications=[
            make_row("1", date(2021, 3, 1), date(2021, 3, 20), Outcome.GRANTED),
            make_row("2", date(2021, 12, 1)),
        ],
        review_cases=[
            ReviewCase(
                "（2021）示0102行初1号",
                ReviewKind.LITIGATION_DIRECT,
                date(2021, 12, 1),
            )
        ],
        information_fee_yuan=Decimal(0),
    )
    report = draft.report
    assert report.proactive is not None and report.applications is not None
    assert report.proactive.row("licensing").decisions == 5
    assert report.applications.row("carried_forward")[-1] == 1
    assert report.review_litigation is not None
    assert report.review_litigation.litigation_direct == [0, 0, 0, 1, 1]
    assert draft.missing_counts == (
        (Category.PENALTY, Measure.DECISIONS),
        (Category.ENFORCEMENT, Measure.DECISIONS),
        (Category.FEE, Measure.FEE_AMOUNT),
    )
    assert report.sections is not None
    assert draft.notes[0] in report.sections["6"]
    assert validate(report) == []


def test_draft_with_the_option_says_so_in_the_notes() -> None:
    case = ReviewCase(
        "示政复〔2020〕1号",
        ReviewKind.RECONSIDERATION,
        date(2020, 12, 1),
        result=ReviewResult.CORRECTED,
        concluded_on=date(2021, 1, 20),
    )
    kwargs = dict(
        agency="示范市人民防空办公室",
        year=2021,
        catalog=[],
        counts=[],
        applications=[],
        review_cases=[case],
    )
    plain = build_draft(**kwargs)  # type: ignore[arg-type]
    again = build_draft(**kwargs, count_concluded_from_previous_year=True)  # type: ignore[arg-type]
    assert plain.report.review_litigation.reconsideration == [0, 0, 0, 0, 0]  # type: ignore[union-attr]
    assert again.report.review_litigation.reconsideration == [0, 1, 0, 0, 1]  # type: ignore[union-attr]
    assert "（1件）按审结结果一并计入本表" in again.report.sections["6"]  # type: ignore[index]


def test_content_hash_is_the_sha256_of_the_canonical_json() -> None:
    report = load_report(SEEDS / "004_81e88598a220b34a.gold.json")
    expected = hashlib.sha256(dump_report(report).encode("utf-8")).hexdigest()
    assert content_hash(report) == expected
    assert len(expected) == 64


def test_content_hash_changes_with_any_cell_and_any_text() -> None:
    report = load_report(SEEDS / "004_81e88598a220b34a.gold.json")
    assert report.review_litigation is not None
    changed_cell = report.model_copy(
        update={
            "review_litigation": report.review_litigation.model_copy(
                update={"litigation_direct": [0, 1, 0, 0, 1]}
            )
        }
    )
    changed_text = report.model_copy(update={"sections": {"1": "总体情况。"}})
    hashes = {content_hash(r) for r in (report, changed_cell, changed_text)}
    assert len(hashes) == 3
    assert content_hash(report) == content_hash(report.model_copy())
