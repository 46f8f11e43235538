"""Enqueueing, running and re-running jobs: the one path every job takes.

`enqueue` creates the `Job` row under its unique key (an existing key returns the
existing job: the same work is not queued twice) and dispatches it: to Celery when
`GONGKAI_BROKER_URL` is set (after the surrounding transaction commits, so the worker
sees the row), otherwise by calling `execute` right away in this process.

`execute` is what a worker runs for a delivered message. It first *claims* the job —
one conditional UPDATE from queued/retrying (and due) or from running with an expired
lease, to running — so a message delivered twice, or to two workers, runs the work
once; the loser returns SKIPPED. The kind's function then runs inside one
transaction together with the update that marks the job done, so a worker that dies
midway leaves no half-done work and a re-run cannot do it a second time.
"""

from __future__ import annotations

import logging
import traceback
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai_web.agencies.models import Agency
from gongkai_web.jobs import broker
from gongkai_web.jobs.models import Job, JobState
from gongkai_web.jobs.registry import JobFailed, JobKind, kind_of

log = logging.getLogger("gongkai.jobs")

LEASE = timedelta(minutes=30)  # a running job whose worker vanished is taken over after
SWEEP_GRACE = timedelta(minutes=10)  # a queued job not started by then is sent again
BACKOFF_CAP_SECONDS = 3600


class Outcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"  # claimed by someone else, or already done
    RETRY = "retry"
    FAILED = "failed"


class RetryLater(Exception):
    """Raised by `execute` (broker mode) when the job should run again after `delay`."""

    def __init__(self, delay: float) -> None:
        super().__init__(f"retry in {delay:g} s")
        self.delay = delay


class LostClaim(Exception):
    """The job was taken over while running (lease expired): roll this run back."""


def is_queued_on_broker() -> bool:
    """Tell whether jobs go to Celery workers (GONGKAI_BROKER_URL is set)."""
    return bool(settings.GONGKAI_BROKER_URL)


def backoff_seconds(attempts: int) -> float:
    """Return the wait before attempt `attempts + 1`: base × 2^(attempts − 1), capped."""
    base = float(settings.GONGKAI_JOB_RETRY_SECONDS)
    return float(min(base * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS))


def enqueue(
    kind: str,
    *,
    key: str,
    agency: Agency | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    label: str = "",
    arguments: dict[str, Any] | None = None,
    data: bytes = b"",
) -> Job:
    """Create the job `key` of `kind` (or return the existing one) and dispatch it.

    Raises:
        JobFailed: for a kind no app registers.
    """
    spec = kind_of(kind)
    job, created = Job.objects.get_or_create(
        key=key[:200],
        defaults={
            "kind": kind,
            "agency": agency,
            "label": label[:300],
            "arguments": arguments or {},
            "data": data,
            "max_attempts": spec.max_attempts,
            "created_by": user if user is not None and user.is_authenticated else None,
        },
    )
    if created:
        dispatch(job)
    return job


def dispatch(job: Job, *, delay: float = 0) -> None:
    """Send the job to a worker (broker mode) or run it now in this process."""
    if not is_queued_on_broker():
        execute(job.pk)
        job.refresh_from_db()
        return
    job_id = job.pk

    def send() -> None:
        try:
            broker.send("gongkai.jobs.run", job_id, countdown=delay or None)
        except Exception as exc:  # the broker is down: say so on the job, not a 500
            log.error("job %s: could not be queued: %s", job_id, exc)
            Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
                state=JobState.FAILED,
                error=f"任务队列不可用，请稍后重试 (broker unreachable: {exc})",
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)


def overdue_jobs(now: datetime, grace: timedelta = SWEEP_GRACE) -> list[int]:
    """Return the jobs whose message must have been lost: queued or waiting for a
    retry well past their time, or running past their lease (a worker that died)."""
    late = Q(state__in=[JobState.QUEUED, JobState.RETRYING], not_before__lt=now - grace)
    dead = Q(state=JobState.RUNNING, lease_until__lt=now)
    return list(Job.objects.filter(late | dead).values_list("pk", flat=True)[:1000])


def purge_finished(now: datetime) -> int:
    """Delete the jobs finished (done or failed) more than `GONGKAI_JOB_KEEP_DAYS` ago,
    with the uploaded bytes they hold; return how many went. Open jobs always stay."""
    cutoff = now - timedelta(days=settings.GONGKAI_JOB_KEEP_DAYS)
    finished = Job.objects.filter(
        state__in=[JobState.DONE, JobState.FAILED], finished_at__lt=cutoff
    )
    deleted, _ = finished.delete()
    return deleted


def execute(job_id: int) -> Outcome:
    """Run the job once if this call claims it; return what happened.

    Raises:
        RetryLater: (broker mode) after a passing failure with attempts left.
    """
    job = _claim(job_id)
    if job is None:
        log.info("job %s: skipped (already claimed or done)", job_id)
        return Outcome.SKIPPED
    try:
        spec = kind_of(job.kind)
    except JobFailed as exc:
        return _failed(job, None, exc)
    try:
        with transaction.atomic():
            result = spec.run(job)
            _finish(job, JobState.DONE, result=result, data=b"")
    except LostClaim:
        log.warning(
            "job %s: taken over by another worker; this run rolled back", job_id
        )
        return Outcome.SKIPPED
    except Exception as exc:
        return _failed(job, spec, exc)
    log.info("job %s %s: done", job.pk, job.kind)
    return Outcome.DONE


def _claim(job_id: int) -> Job | None:
    now = timezone.now()
    claimable = Q(state__in=[JobState.QUEUED, JobState.RETRYING], not_before__lte=now)
    taken_over = Q(state=JobState.RUNNING, lease_until__lt=now)
    claimed = (
        Job.objects.filter(pk=job_id)
        .filter(claimable | taken_over)
        .update(
            state=JobState.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_until=now + LEASE,
        )
    )
    return Job.objects.get(pk=job_id) if claimed else None


def _finish(job: Job, state: JobState, **fields: Any) -> None:
    """Mark the job as ended, only if this run still holds it."""
    updated = Job.objects.filter(
        pk=job.pk, state=JobState.RUNNING, attempts=job.attempts
    ).update(state=state, finished_at=timezone.now(), lease_until=None, **fields)
    if not updated:
        raise LostClaim(job.pk)


def _failed(job: Job, spec: JobKind | None, exc: Exception) -> Outcome:
    final = spec is None or isinstance(exc, spec.final)
    message = str(exc) if final else f"{type(exc).__name__}: {exc}"
    details = exc.details if isinstance(exc, JobFailed) else {}
    if not final and job.attempts < job.max_attempts:
        delay = backoff_seconds(job.attempts)
        if is_queued_on_broker():
            log.warning(
                "job %s attempt %s failed, retry in %gs: %s",
                job.pk,
                job.attempts,
                delay,
                message,
            )
            Job.objects.filter(pk=job.pk, attempts=job.attempts).update(
                state=JobState.RETRYING,
                error=message,
                not_before=timezone.now() + timedelta(seconds=delay),
                lease_until=None,
            )
            raise RetryLater(delay) from exc
        # In-process there is nobody to run it later: it fails now, and staff
        # re-run it from the jobs page.
        message += (
            "（未配置任务队列，不自动重试 / no broker: not retried automatically）"
        )
    if not final:
        log.error(
            "job %s %s failed for good:\n%s", job.pk, job.kind, traceback.format_exc()
        )
    else:
        log.warning("job %s %s refused: %s", job.pk, job.kind, message)
    try:
        _finish(job, JobState.FAILED, error=message, result=details)
    except LostClaim:
        return Outcome.SKIPPED
    return Outcome.FAILED


def rerun(job: Job) -> Job:
    """Queue a job that failed for good once more, with its attempts reset.

    Raises:
        JobFailed: for a job that has not failed (queued, running or done).
    """
    restarted = Job.objects.filter(pk=job.pk, state=JobState.FAILED).update(
        state=JobState.QUEUED,
        attempts=0,
        error="",
        result={},
        not_before=timezone.now(),
        finished_at=None,
    )
    if not restarted:
        raise JobFailed(
            f"任务 #{job.pk} 不是失败状态，不能重试 (job {job.pk} has not failed)"
        )
    job.refresh_from_db()
    dispatch(job)
    return job


def enqueue_daily(kind: str, day: date) -> list[Job]:
    """Enqueue the daily job `kind` of `day` for every agency (once per agency-day)."""
    return [
        enqueue(
            kind,
            key=f"{kind}:{agency.code}:{day.isoformat()}",
            agency=agency,
            label=f"{day.isoformat()} {agency.name}",
            arguments={"date": day.isoformat()},
        )
        for agency in Agency.objects.order_by("code")
    ]
