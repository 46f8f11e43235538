"""The daily digest as a job: beat queues it once a day per agency (07:45).

The job of an agency writes the digest of each of its handlers and approvers, covering
all their agencies, under a key naming user and day: a user of two agencies gets one
digest, and a second run writes nothing. It then sends whatever the outbox has due
(the sweep, for installations that run no `gongkai notify send` from cron).
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from gongkai_web.jobs.models import Job
from gongkai_web.jobs.registry import JobFailed, job_kind
from gongkai_web.notifications.digest import send_digests
from gongkai_web.outbox.delivery import send_due

DIGEST = "notifications.digest"


@job_kind(DIGEST, daily_at=time(7, 45))
def digest(job: Job) -> dict[str, Any]:
    if job.agency is None:
        raise JobFailed(f"job {job.pk}: a daily job needs an agency")
    day = date.fromisoformat(str(job.arguments["date"]))
    written = send_digests(day, agency=job.agency)
    swept = send_due()
    return {
        "lines": [f"写入 {len(written)} 封期限提醒 ({len(written)} digests)"],
        "digests": len(written),
        "swept": swept,
    }
