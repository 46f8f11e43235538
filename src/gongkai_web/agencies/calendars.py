"""The working calendar of the installation: chinese-calendar plus the years entered here.

Reading is for every deadline (`work_calendar`); entering a year, an installation-level
right that replays the cases it concerns, is `applications.services.calendar`.
"""

from __future__ import annotations

from gongkai.calendar import WorkCalendar, YearArrangement
from gongkai_web.agencies.models import CalendarYear, DayKind


def arrangements() -> list[YearArrangement]:
    """Return every entered year as the core's YearArrangement.

    Raises:
        InvalidInput: when a stored year is inconsistent (the core names the day).
    """
    years = CalendarYear.objects.prefetch_related("days").order_by("year")
    return [
        YearArrangement(
            year=entry.year,
            holidays=frozenset(
                d.day for d in entry.days.all() if d.kind == DayKind.HOLIDAY
            ),
            workdays=frozenset(
                d.day for d in entry.days.all() if d.kind == DayKind.WORKDAY
            ),
            source=entry.source,
        )
        for entry in years
    ]


def work_calendar() -> WorkCalendar:
    """Return the calendar every deadline of this installation is counted on."""
    return WorkCalendar(arrangements())
