"""Job kinds for the tests (imported by the test workers with --include).

Each leaves one audit-log entry (summary = the job's key) when its work is done, so a
test counts how often the work happened.
"""

from __future__ import annotations

import time
from typing import Any

from gongkai.errors import InvalidInput
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.jobs.models import Job
from gongkai_web.jobs.registry import job_kind


def _done(job: Job) -> dict[str, Any]:
    record(None, AuditAction.EVENT, agency=job.agency, summary=job.key)
    return {"lines": [f"done at attempt {job.attempts}"]}


@job_kind("test.slow")
def slow(job: Job) -> dict[str, Any]:
    """Work that takes a moment, so duplicate deliveries overlap."""
    time.sleep(float(job.arguments.get("seconds", 0.5)))
    return _done(job)


@job_kind("test.flaky", max_attempts=4)
def flaky(job: Job) -> dict[str, Any]:
    """Fail in passing on the first `fail` attempts, then work."""
    if job.attempts <= int(job.arguments["fail"]):
        raise ConnectionError(f"attempt {job.attempts}: the database went away")
    return _done(job)


@job_kind("test.broken", max_attempts=3)
def broken(job: Job) -> dict[str, Any]:
    raise RuntimeError("磁盘已满 (disk full)")


@job_kind("test.refused")
def refused(job: Job) -> dict[str, Any]:
    raise InvalidInput("参数不合格 (bad arguments): never retried")
