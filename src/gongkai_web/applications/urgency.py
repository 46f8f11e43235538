"""How urgent an open case is: working days left until its reply due date, as a level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from gongkai.calendar import WorkCalendar
from gongkai.deadlines import workdays_left
from gongkai.errors import CalendarDataMissing
from gongkai_web.applications.models import Application

NEAR_WORKDAYS = 5  # shown on the dashboard and by `gongkai remind` by default
URGENT_WORKDAYS = 2


@dataclass(frozen=True)
class Urgency:
    days_left: int | None
    level: str  # overdue, urgent, near, ok, paused, closed, unknown
    text: str


def urgency_of(
    application: Application, today: date, calendar: WorkCalendar
) -> Urgency:
    """Return the urgency of a case on `today`."""
    if not application.is_open:
        return Urgency(None, "closed", _("已办结"))
    if application.due_date is None:
        return Urgency(None, "paused", _("期限暂停"))
    try:
        left = workdays_left(application.due_date, today, calendar)
    except CalendarDataMissing as exc:
        return Urgency(None, "unknown", str(exc))
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


def due_within(today: date, workdays: int, calendar: WorkCalendar) -> date:
    """Return the last due date that is within `workdays` working days of `today`.

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    return calendar.add_workdays(today, workdays)
