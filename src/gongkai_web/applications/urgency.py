"""How urgent an open case is: working days left until its reply due date, as a level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from gongkai.calendar import WorkCalendar
from gongkai.deadlines import workdays_left
from gongkai.errors import CalendarDataMissing
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application
from gongkai_web.language import message_of

NEAR_WORKDAYS = 5  # shown on the dashboard and by `gongkai remind` by default
URGENT_WORKDAYS = 2


@dataclass(frozen=True)
class Urgency:
    days_left: int | None
    level: str  # overdue, urgent, near, ok, paused, calendar_missing, closed, unknown
    text: str


def calendar_missing_text(year: int) -> str:
    """Return the state of a case whose due date needs a year nobody has entered."""
    return _("%(year)s年节假日安排未录入") % {"year": year}


def urgency_of(
    application: Application, today: date, calendar: WorkCalendar
) -> Urgency:
    """Return the urgency of a case on `today`."""
    if not application.is_open:
        return Urgency(None, "closed", _("已办结"))
    if application.calendar_missing_year is not None:
        return Urgency(
            None,
            "calendar_missing",
            calendar_missing_text(application.calendar_missing_year),
        )
    if application.due_date is None:
        return Urgency(None, "paused", _("期限暂停"))
    try:
        left = workdays_left(application.due_date, today, calendar)
    except CalendarDataMissing as exc:
        return Urgency(None, "unknown", message_of(exc))
    if left < 0:
        return Urgency(left, "overdue", _("已超期 %(n)s 个工作日") % {"n": -left})
    if left == 0:
        return Urgency(0, "urgent", _("今天到期"))
    level = (
        "urgent"
        if left <= URGENT_WORKDAYS
        else "near"
        if left <= NEAR_WORKDAYS
        else "ok"
    )
    return Urgency(left, level, _("剩余 %(n)s 个工作日") % {"n": left})


@dataclass(frozen=True)
class Window:
    """The due dates within N working days of today: up to `limit` inclusive.

    `missing_year` is set when counting N working days ran into a year nobody has
    entered: `limit` is then the last day before it, and every due date up to it is
    within the window (no case can have a due date in that year).
    """

    limit: date
    missing_year: int | None = None

    @property
    def note(self) -> str:
        if self.missing_year is None:
            return ""
        return _("%(year)s年节假日安排尚未录入，只能列出 %(limit)s 前到期的案件") % {
            "year": self.missing_year,
            "limit": self.limit.isoformat(),
        }


def due_within(today: date, workdays: int, calendar: WorkCalendar) -> Window:
    """Return the window of due dates within `workdays` working days of `today`.

    Never raises for a year nobody has entered: the window stops before that year.
    """
    try:
        return Window(calendar.add_workdays(today, workdays))
    except CalendarDataMissing as exc:
        return Window(date(exc.year, 1, 1) - timedelta(days=1), exc.year)


def due_soon(
    today: date, workdays: int, calendar: WorkCalendar, *, agency: Agency | None = None
) -> tuple[QuerySet[Application], Window]:
    """Return the open cases due within `workdays` working days, overdue, or waiting
    for a calendar year, soonest first (for `gongkai remind` and the daily reminder).
    """
    window = due_within(today, workdays, calendar)
    cases = Application.objects.filter(is_open=True).filter(
        Q(due_date__lte=window.limit)
        | Q(due_date__lt=today)
        | Q(calendar_missing_year__isnull=False)
    )
    if agency is not None:
        cases = cases.filter(agency=agency)
    cases = cases.select_related("agency").order_by(
        F("due_date").asc(nulls_last=True), "agency__code", "id"
    )
    return cases, window
