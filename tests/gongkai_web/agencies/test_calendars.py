"""Calendar years entered by an administrator: used for deadlines, refused when missing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from gongkai.calendar import WorkCalendar, YearArrangement
from gongkai.deadlines import reply_due_date
from gongkai.errors import CalendarDataMissing, InvalidInput
from gongkai_web.agencies.calendars import save_year, work_calendar
from gongkai_web.agencies.forms import parse_days
from gongkai_web.agencies.models import Agency, CalendarYear
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import make_application

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOLIDAYS_2027 = "2027-01-01\n2027-02-05..2027-02-11"
WORKDAYS_2027 = "2027-02-13"  # a Saturday (fictional arrangement for the test)


def test_registration_into_a_year_nobody_entered_is_refused(
    agency: Agency, registrar: Any
) -> None:
    with time_machine.travel(datetime(2026, 12, 15, 10, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(CalendarDataMissing, match="2027年节假日安排尚未录入"):
            make_application(agency, registrar, received=date(2026, 12, 15))


def test_calendar_page_entry_is_used_for_deadlines(
    agency: Agency, agency_admin: Any, registrar: Any, login: Callable[[Any], Client]
) -> None:
    response = login(agency_admin).post(
        f"/a/{agency.code}/calendar/",
        {
            "year": 2027,
            "source": "国办发明电〔2026〕X号",
            "holidays": HOLIDAYS_2027,
            "workdays": WORKDAYS_2027,
        },
    )
    assert response.status_code == 302
    entry = CalendarYear.objects.get(year=2027)
    assert entry.entered_by == agency_admin and entry.days.count() == 9
    assert AuditLog.objects.filter(action=AuditAction.CALENDAR).count() == 1
    arrangement = YearArrangement(
        2027,
        frozenset(parse_days(HOLIDAYS_2027)),
        frozenset(parse_days(WORKDAYS_2027)),
        "x",
    )
    with time_machine.travel(datetime(2027, 1, 20, 10, tzinfo=SHANGHAI), tick=False):
        case = make_application(agency, registrar, received=date(2027, 1, 20))
    expected = reply_due_date(date(2027, 1, 20), calendar=WorkCalendar([arrangement]))
    assert case.due_date == expected
    assert work_calendar().is_workday(date(2027, 2, 13))


def test_a_weekday_given_as_adjusted_working_day_is_refused(
    agency: Agency, agency_admin: Any, login: Callable[[Any], Client]
) -> None:
    response = login(agency_admin).post(
        f"/a/{agency.code}/calendar/",
        {
            "year": 2027,
            "source": "通知",
            "holidays": "2027-01-01",
            "workdays": "2027-01-04",
        },
    )
    assert "调休上班日 2027-01-04 不是周末" in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_only_the_agency_admin_enters_calendars(
    agency: Agency, handler: Any, login: Callable[[Any], Client]
) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/calendar/",
        {"year": 2027, "source": "通知", "holidays": "2027-01-01", "workdays": ""},
    )
    assert response.status_code == 403
    assert not CalendarYear.objects.exists()


@pytest.mark.django_db
def test_saving_a_year_again_replaces_its_days() -> None:
    save_year(2028, holidays=[date(2028, 1, 3)], workdays=[], source="一", user=None)
    save_year(2028, holidays=[date(2028, 1, 4)], workdays=[], source="二", user=None)
    entry = CalendarYear.objects.get(year=2028)
    assert entry.source == "二"
    assert [d.day for d in entry.days.all()] == [date(2028, 1, 4)]


def test_parse_days_reads_ranges_and_refuses_bad_dates() -> None:
    assert parse_days("2027-01-01, 2027/1/3\n2027-01-05..2027-01-06") == [
        date(2027, 1, 1),
        date(2027, 1, 3),
        date(2027, 1, 5),
        date(2027, 1, 6),
    ]
    with pytest.raises(InvalidInput, match="2027-02-30"):
        parse_days("2027-02-30")
