"""Holiday arrangements: entered by staff for the whole installation, refused for a
package year unless confirmed, and the due dates they move recomputed at once.

Also the year-end gap (chinese_calendar ends in 2026): from December 2026 a case due in
2027 is registered with its due date waiting for the year, never refused or guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from gongkai.calendar import WorkCalendar, YearArrangement
from gongkai.deadlines import reply_due_date
from gongkai.errors import ActionRefused, InvalidInput
from gongkai_cli import main
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.forms import parse_days
from gongkai_web.agencies.models import Agency, CalendarYear
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from gongkai_web.applications.services import calendar as calendar_entry
from gongkai_web.applications.services.calendar import save_year
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import PASSWORD, make_application

Login = Callable[[Any], Client]
SHANGHAI = ZoneInfo("Asia/Shanghai")
HOLIDAYS_2027 = "2027-01-01\n2027-02-05..2027-02-11"
WORKDAYS_2027 = "2027-02-13"  # a Saturday (fictional arrangement for the test)
ARRANGEMENT_2027 = YearArrangement(
    2027,
    frozenset(parse_days(HOLIDAYS_2027)),
    frozenset(parse_days(WORKDAYS_2027)),
    "x",
)
FORM_2027 = {
    "year": "2027",
    "source": "国办发明电〔2026〕X号",
    "holidays": HOLIDAYS_2027,
    "workdays": WORKDAYS_2027,
}


@pytest.fixture
def staff(db: None) -> Any:
    """The system administrator, who works in no agency."""
    return get_user_model().objects.create_user(
        username="staff", password=PASSWORD, is_superuser=True
    )


@pytest.fixture
def december_2026() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 12, 15, 10, tzinfo=SHANGHAI), tick=False):
        yield


def test_calendar_page_entry_by_staff_is_used_for_deadlines(
    agency: Agency, staff: Any, registrar: Any, login: Login, december_2026: None
) -> None:
    response = login(staff).post("/calendar/", FORM_2027)
    assert response.status_code == 302
    entry = CalendarYear.objects.get(year=2027)
    assert entry.entered_by == staff and entry.days.count() == 9
    log = AuditLog.objects.get(action=AuditAction.CALENDAR)
    assert log.agency is None and log.actor == staff and log.data["year"] == 2027
    with time_machine.travel(datetime(2027, 1, 20, 10, tzinfo=SHANGHAI), tick=False):
        case = make_application(agency, registrar, received=date(2027, 1, 20))
    calendar = WorkCalendar([ARRANGEMENT_2027])
    assert case.due_date == reply_due_date(date(2027, 1, 20), calendar=calendar)
    assert work_calendar().is_workday(date(2027, 2, 13))


@pytest.mark.parametrize("persona", ["agency_admin", "handler", "approver"])
def test_agency_roles_cannot_enter_the_installations_calendar(
    agency: Agency,
    login: Login,
    persona: str,
    request: pytest.FixtureRequest,
    december_2026: None,
) -> None:
    user = request.getfixturevalue(persona)
    for path in (f"/a/{agency.code}/calendar/", "/calendar/"):
        response = login(user).post(path, FORM_2027)
        assert response.status_code == 403
        assert "只有系统管理员可以录入节假日安排" in response.content.decode()
    assert not CalendarYear.objects.exists()
    with pytest.raises(ActionRefused, match="only staff"):
        save_year(2027, holidays=[], workdays=[], source="x", user=user)


def test_a_package_year_is_replaced_only_when_confirmed(
    agency: Agency, staff: Any, registrar: Any, login: Login
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    assert case.due_date == date(2024, 6, 18)
    local = {
        "year": "2024",
        "source": "本地调休（测试用）",
        "holidays": "2024-06-10\n2024-06-17",  # one more rest day than the State's
        "workdays": "",
    }
    response = login(staff).post("/calendar/", local)
    assert "2024年的节假日安排已由 chinese_calendar" in response.content.decode()
    assert not CalendarYear.objects.exists()
    response = login(staff).post("/calendar/", {**local, "replace_package_year": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_date == date(2024, 6, 19)
    log = AuditLog.objects.get(action=AuditAction.CALENDAR)
    assert log.data["replaced_package_year"] is True and log.data["recomputed"] == 1


def test_registration_in_december_2026_waits_for_2027(
    agency: Agency, registrar: Any, handler: Any, auditor: Any, december_2026: None
) -> None:
    case = make_application(agency, registrar, received=date(2026, 12, 15))
    assert case.tracking_number == "2026-0001"
    assert (case.due_date, case.calendar_missing_year) == (None, 2027)
    # The events of December 2026 are checked and recorded all the same; the clock
    # stops for the consultation, so nothing waits for 2027 any more.
    consulting = services.start_consultation(case.pk, handler, date(2026, 12, 15))
    assert consulting.status == "consulting"
    assert (consulting.due_date, consulting.calendar_missing_year) == (None, None)


@pytest.mark.parametrize(
    "state", ["open", "overdue", "near", "calendar_missing", "all"]
)
def test_december_2026_lists_show_the_missing_calendar_and_never_fail(
    agency: Agency, registrar: Any, handler: Any, december_2026: None, state: str
) -> None:
    late = make_application(agency, registrar, received=date(2026, 11, 2))
    waiting = make_application(agency, registrar, received=date(2026, 12, 14))
    client = Client()
    client.force_login(handler)
    response = client.get(f"/a/{agency.code}/cases/?state={state}")
    assert response.status_code == 200
    listed = {case.pk: urgency for case, urgency in response.context["rows"]}
    if state in ("open", "all", "calendar_missing"):
        assert listed[waiting.pk].level == "calendar_missing"
        assert "2027年节假日安排未录入" in (response.content.decode())
    if state in ("open", "all", "overdue"):
        assert listed[late.pk].level == "overdue"
    if state == "calendar_missing":
        assert list(listed) == [waiting.pk]


def test_december_2026_detail_and_dashboard_name_the_missing_year(
    agency: Agency, registrar: Any, auditor: Any, login: Login, december_2026: None
) -> None:
    waiting = make_application(agency, registrar, received=date(2026, 12, 14))
    client = login(auditor)
    detail = client.get(f"/cases/{waiting.pk}/").content.decode()
    assert "2027年节假日安排未录入" in detail
    dashboard = client.get(f"/a/{agency.code}/")
    assert dashboard.context["counts"]["calendar_missing"] == 1
    assert dashboard.context["counts"]["paused"] == 0
    assert "2027年节假日安排未录入" in dashboard.content.decode()


def test_entering_2027_fills_in_every_due_date_waiting_for_it(
    agency: Agency, registrar: Any, handler: Any, staff: Any, december_2026: None
) -> None:
    waiting = make_application(agency, registrar, received=date(2026, 12, 14))
    paused = make_application(agency, registrar, received=date(2026, 12, 10))
    services.ask_correction(paused.pk, handler, date(2026, 12, 11))
    done = save_year(
        2027,
        holidays=ARRANGEMENT_2027.holidays,
        workdays=ARRANGEMENT_2027.workdays,
        source="国办发明电〔2026〕X号",
        user=staff,
    )
    assert done.recomputed == 1
    waiting.refresh_from_db()
    calendar = WorkCalendar([ARRANGEMENT_2027])
    assert waiting.due_date == reply_due_date(date(2026, 12, 14), calendar=calendar)
    assert waiting.calendar_missing_year is None
    assert Application.objects.get(pk=paused.pk).due_date is None  # still paused


def test_a_failed_recompute_stores_nothing(
    agency: Agency, staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(year: int) -> int:
        raise RuntimeError("recompute failed")

    monkeypatch.setattr(calendar_entry, "recompute_due_dates", fail)
    with pytest.raises(RuntimeError):
        save_year(2027, holidays=[], workdays=[], source="x", user=staff)
    assert not CalendarYear.objects.exists()
    assert not AuditLog.objects.exists()


def test_set_year_command_enters_a_year_and_refuses_a_package_year(
    agency: Agency,
    registrar: Any,
    december_2026: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    waiting = make_application(agency, registrar, received=date(2026, 12, 14))
    args = ["calendar", "set-year", "2027", "--source", "国办发明电〔2026〕X号"]
    dates = ["--holidays", "2027-01-01", "2027-02-05..2027-02-11"]
    assert main([*args, *dates, "--workdays", "2027-02-13"]) == 0
    assert "重算 1 件答复期限" in capsys.readouterr().out
    assert Application.objects.get(pk=waiting.pk).due_date is not None
    assert AuditLog.objects.get(action=AuditAction.CALENDAR).agency is None
    assert main(["calendar", "set-year", "2026", "--source", "x", *dates[:2]]) == 2
    err = capsys.readouterr().err
    assert "2026年的节假日安排已由 chinese_calendar" in err and "Traceback" not in err
    assert main(["calendar", "set-year", "2029", "--source", "x", *dates[:2]]) == 2
    assert "年度 2029 超出范围" in capsys.readouterr().err
    assert main(["calendar", "list"]) == 0
    assert "2027\t国办发明电〔2026〕X号" in capsys.readouterr().out


def test_a_weekday_given_as_adjusted_working_day_is_refused(
    agency: Agency, staff: Any, login: Login
) -> None:
    response = login(staff).post(
        "/calendar/",
        {
            "year": "2025",
            "source": "通知",
            "holidays": "2025-01-01",
            "workdays": "2025-01-06",
            "replace_package_year": "on",
        },
    )
    assert "调休上班日 2025-01-06 不是周末" in response.content.decode()
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
