"""The working calendar of the installation: chinese-calendar plus the years entered here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from gongkai.calendar import WorkCalendar, YearArrangement
from gongkai_web.agencies.models import CalendarDay, CalendarYear, DayKind


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


def save_year(
    year: int,
    *,
    holidays: Iterable[date],
    workdays: Iterable[date],
    source: str,
    user: object,
) -> CalendarYear:
    """Store (or replace) the arrangement of one year after the core has checked it.

    Raises:
        InvalidInput: for a day outside the year, a day both rest and work, a weekday
            given as a 调休 working day, or a missing source.
    """
    arrangement = YearArrangement(
        year, frozenset(holidays), frozenset(workdays), source
    )
    with transaction.atomic():
        entry, _created = CalendarYear.objects.select_for_update().update_or_create(
            year=year, defaults={"source": source.strip(), "entered_by": user}
        )
        entry.days.all().delete()
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(calendar_year=entry, day=d, kind=DayKind.HOLIDAY)
                for d in arrangement.holidays
            ]
            + [
                CalendarDay(calendar_year=entry, day=d, kind=DayKind.WORKDAY)
                for d in arrangement.workdays
            ]
        )
    return entry
