"""The daily jobs of every agency: the due-date reminder and the overdue flip.

Beat queues each once a day per agency, keyed by the day (`gongkai.jobs.daily`);
`gongkai remind` lists the same cases for cron users without a broker.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.services.overdue import flag_overdue
from gongkai_web.applications.urgency import NEAR_WORKDAYS, due_soon, urgency_of
from gongkai_web.jobs.models import Job
from gongkai_web.jobs.registry import JobFailed, job_kind

REMIND = "applications.remind"
FLAG_OVERDUE = "applications.flag_overdue"
LISTED = 50  # cases named in the reminder shown on the jobs page


def _day_and_agency(job: Job) -> tuple[date, Agency]:
    if job.agency is None:
        raise JobFailed(f"job {job.pk}: a daily job needs an agency")
    return date.fromisoformat(str(job.arguments["date"])), job.agency


@job_kind(REMIND, daily_at=time(7, 30))
def remind(job: Job) -> dict[str, Any]:
    """Return the agency's open cases due within 5 working days or overdue."""
    day, agency = _day_and_agency(job)
    calendar = work_calendar()
    cases, window = due_soon(day, NEAR_WORKDAYS, calendar, agency=agency)
    lines: list[str] = []
    due = overdue = missing = 0
    for case in cases:
        urgency = urgency_of(case, day, calendar)
        due += case.due_date is not None
        overdue += urgency.level == "overdue"
        missing += case.due_date is None
        if len(lines) < LISTED:
            lines.append(f"{case.tracking_number} {urgency.text}")
    head = (
        f"{due} 件在 {NEAR_WORKDAYS} 个工作日内到期或已超期（其中超期 {overdue} 件），"
        f"{missing} 件期限无法计算 ({due} due by {window.limit.isoformat()}, "
        f"{overdue} overdue, {missing} unknown)"
    )
    return {
        "lines": [head, *([window.note] if window.note else []), *lines],
        "due": due,
        "overdue": overdue,
        "missing": missing,
    }


@job_kind(FLAG_OVERDUE, daily_at=time(0, 10))
def overdue(job: Job) -> dict[str, Any]:
    """Record, once per case and due date, that an open case is past its due date."""
    day, agency = _day_and_agency(job)
    flagged = flag_overdue(agency, day)
    return {
        "lines": [f"新超期 {len(flagged)} 件 ({len(flagged)} newly overdue)"]
        + [case.tracking_number for case in flagged[:LISTED]],
        "flagged": len(flagged),
    }
