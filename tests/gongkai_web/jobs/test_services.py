"""Jobs without a broker (the embedded default): run in the calling process, once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.tasks.reminders import FLAG_OVERDUE, REMIND
from gongkai_web.audit.models import AuditAction, AuditLog
from gongkai_web.jobs.celery_app import beat_schedule
from gongkai_web.jobs.models import Job, JobState
from gongkai_web.jobs.registry import JobFailed
from gongkai_web.jobs.services import (
    Outcome,
    backoff_seconds,
    enqueue,
    enqueue_daily,
    execute,
    overdue_jobs,
    rerun,
)
from tests.gongkai_web.conftest import TODAY, make_application
from tests.gongkai_web.jobs import kinds  # noqa: F401  (the test kinds)

Login = Callable[[Any], Client]


def test_without_a_broker_a_job_runs_at_once_in_the_caller(agency: Agency) -> None:
    job = enqueue("test.slow", key="k1", agency=agency, arguments={"seconds": 0})
    assert job.state == JobState.DONE and job.attempts == 1
    assert job.result == {"lines": ["done at attempt 1"]}
    assert AuditLog.objects.filter(summary="k1").count() == 1


def test_a_second_delivery_of_a_done_job_does_nothing(agency: Agency) -> None:
    job = enqueue("test.slow", key="k2", agency=agency, arguments={"seconds": 0})
    assert execute(job.pk) is Outcome.SKIPPED
    assert enqueue("test.slow", key="k2", agency=agency).pk == job.pk
    assert AuditLog.objects.filter(summary="k2").count() == 1


def test_without_a_broker_a_passing_failure_fails_and_staff_rerun_it(
    agency: Agency, handler: Any, login: Login
) -> None:
    job = enqueue("test.flaky", key="k3", agency=agency, arguments={"fail": 1})
    assert job.state == JobState.FAILED
    assert "no broker: not retried automatically" in job.error
    client = login(handler)
    assert "the database went away" in client.get("/a/city/jobs/").content.decode()
    Job.objects.filter(pk=job.pk).update(arguments={"fail": 0})  # the cause is gone
    assert client.post(f"/a/city/jobs/{job.pk}/retry/").status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 1  # counted afresh
    with pytest.raises(JobFailed, match="不是失败状态"):
        rerun(job)


def test_a_job_of_an_unknown_kind_fails_with_its_name(agency: Agency) -> None:
    job = Job.objects.create(key="old", kind="gone.away", agency=agency)
    assert execute(job.pk) is Outcome.FAILED
    job.refresh_from_db()
    assert "gone.away" in job.error and job.state == JobState.FAILED


def test_waits_double_from_the_configured_first_one(settings: Any) -> None:
    settings.GONGKAI_JOB_RETRY_SECONDS = 30
    assert [backoff_seconds(n) for n in (1, 2, 3, 10)] == [30, 60, 120, 3600]


def test_the_status_of_a_job_is_the_agencys_only(
    agency: Agency, handler: Any, outsider: Any, login: Login
) -> None:
    job = enqueue("test.refused", key="k4", agency=agency)
    status = login(handler).get(f"/a/city/jobs/{job.pk}.json").json()
    assert status["state"] == "failed" and "bad arguments" in status["error"]
    assert login(outsider).get(f"/a/city/jobs/{job.pk}.json").status_code == 404


def test_a_running_import_shows_its_progress_panel(
    agency: Agency, registrar: Any, login: Login
) -> None:
    job = Job.objects.create(
        key="imp",
        kind="applications.import_ledger",
        agency=agency,
        label="导入台账 x.csv",
    )
    page = login(registrar).get(f"/a/city/ledger/?job={job.pk}").content.decode()
    assert "导入台账 x.csv" in page and f"/a/city/jobs/{job.pk}.json" in page


def test_daily_jobs_are_queued_once_per_agency_and_day(
    agency: Agency, other_agency: Agency, registrar: Any
) -> None:
    make_application(agency, registrar, received=TODAY - timedelta(days=60))
    first = enqueue_daily(REMIND, TODAY)
    again = enqueue_daily(REMIND, TODAY)
    assert [j.pk for j in first] == [j.pk for j in again] and len(first) == 2
    city = Job.objects.get(key=f"{REMIND}:city:{TODAY.isoformat()}")
    assert city.state == JobState.DONE and city.result["overdue"] == 1
    assert "已超期" in city.result["lines"][1]


def test_the_overdue_flip_notes_each_case_once_per_due_date(
    agency: Agency, registrar: Any
) -> None:
    late = make_application(agency, registrar, received=TODAY - timedelta(days=60))
    make_application(agency, registrar, received=TODAY)  # not due yet
    enqueue_daily(FLAG_OVERDUE, TODAY)
    job = Job.objects.get(kind=FLAG_OVERDUE)
    assert job.result["flagged"] == 1 and job.result["lines"][1] == late.tracking_number
    tomorrow = TODAY + timedelta(days=1)
    enqueue_daily(FLAG_OVERDUE, tomorrow)
    assert Job.objects.get(key__endswith=tomorrow.isoformat()).result["flagged"] == 0
    notes = AuditLog.objects.filter(action=AuditAction.OVERDUE)
    assert [n.object_id for n in notes] == [str(late.pk)]
    assert notes[0].data["due_date"] == late.due_date.isoformat()


def test_beat_sends_the_overdue_flip_at_night_and_the_reminder_in_the_morning() -> None:
    schedule = beat_schedule()
    assert set(schedule) == {
        "sweep lost jobs",
        f"daily {FLAG_OVERDUE}",
        f"daily {REMIND}",
        "daily notifications.digest",  # each user's digest (notifications.tasks)
    }
    entry = schedule[f"daily {REMIND}"]
    assert entry["task"] == "gongkai.jobs.daily" and entry["args"] == (REMIND,)
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {30}


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_worker_and_beat_need_a_broker(command: str, settings: Any) -> None:
    settings.GONGKAI_BROKER_URL = ""
    with pytest.raises(CommandError, match="GONGKAI_BROKER_URL"):
        call_command(command)


def test_jobs_whose_message_was_lost_are_found_by_the_sweep(agency: Agency) -> None:
    now = timezone.now()
    stale = Job.objects.create(key="stale", kind="test.slow", agency=agency)
    Job.objects.filter(pk=stale.pk).update(not_before=now - timedelta(minutes=11))
    Job.objects.create(key="fresh", kind="test.slow", agency=agency)
    dead = Job.objects.create(
        key="dead", kind="test.slow", agency=agency, state=JobState.RUNNING
    )
    Job.objects.filter(pk=dead.pk).update(lease_until=now - timedelta(seconds=1))
    assert sorted(overdue_jobs(now)) == sorted([stale.pk, dead.pk])
    assert execute(dead.pk) is Outcome.DONE  # taken over from the vanished worker


def test_gongkai_worker_without_a_broker_is_one_clear_error(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from gongkai_cli import main

    settings.GONGKAI_BROKER_URL = ""
    assert main(["worker", "--concurrency", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: worker: 未设置 GONGKAI_BROKER_URL")
    assert len(err.splitlines()) == 1


def test_the_sweep_deletes_jobs_finished_long_ago_and_keeps_the_rest(
    agency: Agency, settings: Any
) -> None:
    from gongkai_web.jobs.celery_app import sweep

    settings.GONGKAI_JOB_KEEP_DAYS = 90
    now = timezone.now()
    done_old = enqueue("test.slow", key="old", agency=agency, arguments={"seconds": 0})
    done_new = enqueue("test.slow", key="new", agency=agency, arguments={"seconds": 0})
    failed_old = Job.objects.create(
        key="failed", kind="test.slow", agency=agency, state=JobState.FAILED
    )
    Job.objects.create(
        key="open",
        kind="test.slow",
        agency=agency,
        created_at=now - timedelta(days=400),
    )
    long_ago = now - timedelta(days=91)
    Job.objects.filter(pk__in=[done_old.pk, failed_old.pk]).update(finished_at=long_ago)
    Job.objects.filter(pk=done_new.pk).update(finished_at=now - timedelta(days=89))

    sweep()

    # An open job stays however old it is (the sweep sends it again instead).
    assert set(Job.objects.values_list("key", flat=True)) == {"new", "open"}
