"""The current report of an agency-year: scaffold, fees, warnings, validation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.report.formats import F2019, F2021
from gongkai.statistics import CaseRecord, applications_table
from gongkai.vocabulary import ApplicantType, Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.annual import services
from gongkai_web.annual.compute import current_report, fees_of
from gongkai_web.applications import services as cases
from gongkai_web.applications.models import Application
from tests.gongkai_web.conftest import make_application


def test_without_a_draft_the_sections_are_the_scaffold_and_unfilled(
    agency: Agency,
) -> None:
    current = current_report(agency, 2023)
    assert current.format_id is F2021
    assert current.unfilled == ("1", "5", "6") and not current.can_publish
    assert "本年度未收取政府信息公开信息处理费。" in current.report.sections["6"]  # type: ignore[index]


def test_the_format_follows_the_year_unless_the_draft_says_otherwise(
    agency: Agency, handler: Any
) -> None:
    assert current_report(agency, 2020).format_id is F2019
    services.save_sections(agency, 2022, handler, {}, format=F2019)
    assert current_report(agency, 2022).report.applications.format is F2019  # type: ignore[union-attr]


def test_section_three_equals_the_core_count_of_the_same_cases(
    agency: Agency, registrar: Any, handler: Any
) -> None:
    first = make_application(agency, registrar, received=date(2023, 12, 20))
    make_application(
        agency,
        registrar,
        received=date(2024, 3, 4),
        applicant_type=ApplicantType.RESEARCH,
    )
    cases.reply(
        first.pk,
        handler,
        date(2024, 1, 10),
        outcome=Outcome.PARTIALLY_GRANTED,
        note="第2页载有个人信息",
    )
    records = [
        CaseRecord(
            a.received, ApplicantType(a.applicant_type), a.reply_date, a.outcome_enum
        )
        for a in Application.objects.all()
    ]
    for year in (2023, 2024):
        assert current_report(agency, year).report.applications == applications_table(
            records, year
        )


def test_fees_of_the_cases_closed_in_the_year_fill_section_six(
    agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 4, 1))
    cases.fee_notice(case.pk, handler, date(2024, 4, 8), amount=Decimal("300"))
    cases.fee_paid(case.pk, registrar, date(2024, 4, 15))
    cases.reply(case.pk, handler, date(2024, 4, 26), outcome=Outcome.GRANTED)
    assert fees_of(agency, 2024) == Decimal("300") and fees_of(agency, 2023) == 0
    current = current_report(agency, 2024)
    assert current.report.information_fee_yuan == 300
    assert "收取信息处理费共计300元" in current.report.sections["6"]  # type: ignore[index]


def test_written_sections_that_miss_the_fee_or_the_notes_are_warned(
    agency: Agency, handler: Any
) -> None:
    services.save_sections(
        agency, 2023, handler, {"1": "总体", "5": "问题", "6": "无。"}
    )
    current = current_report(agency, 2023)
    assert current.unfilled == () and current.written == {"1", "5", "6"}
    messages = [w.message() for w in current.warnings]
    assert any("没有写明案件记录中的信息处理费" in m for m in messages)
    assert any("没有写明第四部分的统计口径" in m for m in messages)
    assert any("「行政许可」处理决定数量本年度尚未录入" in m for m in messages)
    assert current.can_publish  # warnings do not block


def test_text_equal_to_the_scaffold_keeps_following_it(
    agency: Agency, handler: Any
) -> None:
    scaffold = current_report(agency, 2023).report.sections
    draft = services.save_sections(agency, 2023, handler, dict(scaffold or {}))
    assert (draft.section_1, draft.section_5, draft.section_6) == ("", "", "")
