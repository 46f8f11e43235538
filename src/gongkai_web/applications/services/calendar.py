"""Entering a year's holiday arrangement, and the due dates it moves.

The working calendar serves every agency of the installation, so entering it is an
installation-level right: Django staff or superuser on the web, anyone with shell
access through `gongkai calendar set-year`. A year `chinese_calendar` already knows is
replaced only when the person confirms it (a local arrangement). In the same
transaction every case whose history reaches the year is replayed, so a due date that
was waiting for the year is filled in and one counted on the old arrangement moves; the
entry is written to the audit log with no agency (it is not one agency's act).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from gongkai.calendar import PACKAGE_SOURCE, PACKAGE_YEARS, YearArrangement
from gongkai.errors import ActionRefused, InvalidInput
from gongkai_web.agencies.access import User, actor_of, can_enter_calendar
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import CalendarDay, CalendarYear, DayKind
from gongkai_web.applications.models import Application
from gongkai_web.applications.services.history import (
    apply_replay,
    pure_events,
    stored_history,
)
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record


@dataclass(frozen=True)
class CalendarEntry:
    """What entering a year did: the stored year and how many due dates moved."""

    entry: CalendarYear
    recomputed: int


def save_year(
    year: int,
    *,
    holidays: Iterable[date],
    workdays: Iterable[date],
    source: str,
    user: User | None,
    replace_package_year: bool = False,
) -> CalendarEntry:
    """Store (or replace) the arrangement of one year and replay the cases it concerns.

    `user` None is the command line (shell access to the installation).

    Raises:
        ActionRefused: for a user who is neither staff nor superuser.
        InvalidInput: for a year chinese_calendar knows without `replace_package_year`,
            a day outside the year, a day both rest and work, a weekday given as a 调休
            working day, or a missing source.
    """
    if user is not None and not can_enter_calendar(user):
        raise ActionRefused(
            "只有系统管理员（staff）可以录入节假日安排，它适用于本系统的所有机关 "
            "(only staff may enter holiday arrangements: they apply to every agency)"
        )
    if year in PACKAGE_YEARS and not replace_package_year:
        raise InvalidInput(
            f"{year}年的节假日安排已由 {PACKAGE_SOURCE} 提供；确需按本地安排替换，"
            f"请确认替换（勾选“替换软件包中的年度”或 --replace-package-year） "
            f"({year} is known to {PACKAGE_SOURCE}; confirm to replace it)"
        )
    arrangement = YearArrangement(
        year, frozenset(holidays), frozenset(workdays), source
    )
    with transaction.atomic():
        entry = _store(arrangement, user)
        recomputed = recompute_due_dates(year)
        record(
            user,
            AuditAction.CALENDAR,
            agency=None,
            target=entry,
            summary=f"录入{year}年节假日安排（{entry.source}），"
            f"重算 {recomputed} 件答复期限",
            data={
                "year": year,
                "holidays": [d.isoformat() for d in sorted(arrangement.holidays)],
                "workdays": [d.isoformat() for d in sorted(arrangement.workdays)],
                "replaced_package_year": year in PACKAGE_YEARS,
                "recomputed": recomputed,
            },
        )
    return CalendarEntry(entry, recomputed)


def _store(arrangement: YearArrangement, user: User | None) -> CalendarYear:
    entry, _created = CalendarYear.objects.select_for_update().update_or_create(
        year=arrangement.year,
        defaults={
            "source": arrangement.source.strip(),
            "entered_by": actor_of(user),
        },
    )
    entry.days.all().delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(calendar_year=entry, day=d, kind=DayKind.HOLIDAY)
            for d in sorted(arrangement.holidays)
        ]
        + [
            CalendarDay(calendar_year=entry, day=d, kind=DayKind.WORKDAY)
            for d in sorted(arrangement.workdays)
        ]
    )
    return entry


def recompute_due_dates(year: int) -> int:
    """Replay the due dates a newly entered `year` may move; return how many changed.

    The cases replayed are every open case received by the end of the year and not due before it (a
    count only moves forward), and every case whose due date waits for an entered year.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    reaching = Q(is_open=True, received__lte=end) & (
        Q(due_date__isnull=True) | Q(due_date__gte=start)
    )
    cases = (
        Application.objects.select_for_update()
        .filter(reaching | Q(calendar_missing_year__isnull=False))
        .order_by("pk")
    )
    calendar, changed = work_calendar(), 0
    for application in cases:
        before = (application.due_date, application.calendar_missing_year)
        apply_replay(application, pure_events(stored_history(application)), calendar)
        if (application.due_date, application.calendar_missing_year) != before:
            application.save(
                update_fields=["due_date", "calendar_missing_year", "updated_at"]
            )
            changed += 1
    return changed
