"""The Celery application: two tasks that hand work to `services` (Django is set up).

`gongkai.jobs.run(job_id)` runs one job (idempotent: see `services.execute`) and asks
Celery to deliver it again after the backoff when it fails in passing.
`gongkai.jobs.sweep()` (beat, every 5 minutes) sends again the jobs whose message was
lost and deletes the jobs finished longer ago than `GONGKAI_JOB_KEEP_DAYS`. `gongkai.jobs.daily(kind)` is what beat sends once a day per daily kind: it enqueues
the kind for every agency under a key naming the day, so a second beat, or a beat
restarted the same day, queues nothing new. The application itself is `broker.app`.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from celery.schedules import crontab
from django.utils import timezone

from gongkai_web.jobs.broker import app

__all__ = ["app", "beat_schedule", "run_daily", "run_job", "sweep"]


@app.task(bind=True, name="gongkai.jobs.run", acks_late=True)
def run_job(self: Task, job_id: int) -> str:
    from gongkai_web.jobs import services

    try:
        return services.execute(job_id).value
    except services.RetryLater as exc:
        raise self.retry(countdown=exc.delay, max_retries=None) from exc


@app.task(name="gongkai.jobs.daily")
def run_daily(kind: str) -> int:
    from gongkai_web.jobs import services

    return len(services.enqueue_daily(kind, timezone.localdate()))


@app.task(name="gongkai.jobs.sweep")
def sweep() -> int:
    """Send again the jobs whose message was lost (Redis restarted, a worker killed):
    harmless for the others, since a job runs only once claimed. Then delete the jobs
    finished long ago."""
    from gongkai_web.jobs import services

    now = timezone.now()
    lost = services.overdue_jobs(now)
    for job_id in lost:
        run_job.apply_async((job_id,))
    services.purge_finished(now)
    return len(lost)


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Return beat's schedule: each daily kind at its time of day (settings' zone),
    and the sweep for lost messages every 5 minutes."""
    from gongkai_web.jobs.registry import daily_kinds

    return {"sweep lost jobs": {"task": "gongkai.jobs.sweep", "schedule": 300.0}} | {
        f"daily {kind.name}": {
            "task": "gongkai.jobs.daily",
            "schedule": crontab(hour=kind.daily_at.hour, minute=kind.daily_at.minute),
            "args": (kind.name,),
        }
        for kind in daily_kinds()
        if kind.daily_at is not None
    }
