"""The demo agency's records reproduce the tables of seed 004 (嘉兴市人防办 2021)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.calendar import WorkCalendar
from gongkai.deadlines import reply_due_date
from gongkai.demo_records import (
    AGENCY_CODE,
    APPLICATIONS,
    CATALOG_ITEMS,
    CATEGORY_COUNTS,
    REVIEW_CASES,
    demo_draft,
    item_status,
)
from gongkai.ledger import LedgerRow
from gongkai.proactive import ItemStatus, late_publications
from gongkai.report.codec import load_report, report_to_data
from gongkai.report.validate import validate
from tests.conftest import SEEDS

GOLD = SEEDS / "004_81e88598a220b34a.gold.json"
TABLES = ("proactive", "applications", "review_litigation")
CALENDAR = WorkCalendar()


@pytest.mark.parametrize("table", TABLES)
def test_demo_2021_report_reproduces_the_seed_004_table(table: str) -> None:
    gold = report_to_data(load_report(GOLD))
    built = report_to_data(demo_draft().report)
    assert built[table] == gold[table]


def test_demo_2021_report_has_the_gold_year_and_format_and_no_findings() -> None:
    report = demo_draft().report
    gold = load_report(GOLD)
    assert (report.year, report.format) == (gold.year, gold.format)
    assert validate(report) == []


def test_demo_2021_fee_amount_keeps_six_decimals() -> None:
    report = demo_draft().report
    assert report.proactive is not None
    assert str(report.proactive.row("fees").amount_wan_yuan) == "488.780058"


def test_demo_sections_are_written_and_say_how_section_4_was_counted() -> None:
    draft = demo_draft()
    sections = draft.report.sections
    assert sections is not None
    assert "（待填写" not in "".join(sections.values())
    assert all(note in sections["6"] for note in draft.notes)
    assert "未收取政府信息公开信息处理费" in sections["6"]
    assert draft.missing_counts == ()


def test_option_counts_the_2020_reconsideration_in_2021() -> None:
    draft = demo_draft(count_concluded_from_previous_year=True)
    assert draft.report.review_litigation is not None
    assert draft.report.review_litigation.reconsideration == [1, 0, 0, 0, 1]
    assert "（1件）" in draft.notes[1]


def test_demo_2020_and_2022_reports_validate() -> None:
    for year in (2020, 2022):
        report = demo_draft(year).report
        assert validate(report) == [], year
    applications = demo_draft(2022).report.applications
    assert applications is not None
    assert applications.row("carried_over")[-1] == 1


def _pauses(row: LedgerRow) -> list[tuple[date, date]]:
    if row.consultation_start and row.consultation_end:
        return [(row.consultation_start, row.consultation_end)]
    return []


@pytest.mark.parametrize("row", APPLICATIONS, ids=lambda r: r.number)
def test_every_demo_application_was_answered_on_time(row: LedgerRow) -> None:
    assert row.replied is not None
    due = reply_due_date(row.received, calendar=CALENDAR, pauses=_pauses(row))
    assert row.replied <= due


def test_demo_records_are_consistent() -> None:
    numbers = {row.number for row in APPLICATIONS}
    assert len(numbers) == len(APPLICATIONS)
    for case in REVIEW_CASES:
        assert set(case.applications) <= numbers
    assert len({item.index_no for item in CATALOG_ITEMS}) == len(CATALOG_ITEMS)
    assert {c.year for c in CATEGORY_COUNTS} == {2020, 2021}
    assert AGENCY_CODE == "demo"


def test_one_demo_item_shows_the_art_26_warning() -> None:
    warnings = late_publications(CATALOG_ITEMS, CALENDAR)
    assert [w.title for w in warnings] == ["关于开展2021年人防宣传教育进社区活动的通知"]
    assert warnings[0].due_on == date(2021, 5, 6)


def test_demo_item_statuses_follow_their_dates() -> None:
    statuses = [item_status(item) for item in CATALOG_ITEMS]
    assert statuses.count(ItemStatus.REPEALED) == 2
    assert statuses.count(ItemStatus.CONFIDENTIALITY_REVIEW) == 1
    assert statuses.count(ItemStatus.PUBLISHED) == len(CATALOG_ITEMS) - 3
