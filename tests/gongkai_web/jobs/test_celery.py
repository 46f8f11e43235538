"""Jobs on a real Redis and real `gongkai worker` processes (not eager mode).

Two workers of two processes each take the jobs; time is not frozen here, since the
workers retry on the wall clock (GONGKAI_JOB_RETRY_SECONDS=1: waits of 1, 2, 4 s).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import LedgerImport
from gongkai_web.audit.models import AuditLog
from gongkai_web.jobs import celery_app
from gongkai_web.jobs.models import Job, JobState
from gongkai_web.jobs.progress import progress_of
from gongkai_web.jobs.services import enqueue
from tests.gongkai_web.applications.test_ledger import GOOD, HEADER
from tests.gongkai_web.jobs import kinds  # noqa: F401  (the test kinds, here too)
from tests.gongkai_web.jobs.real import database_url, redis_server, wait_until, workers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[None]:
    """Real time (overrides the frozen clock of ../conftest.py)."""
    yield


@pytest.fixture(scope="module")
def broker(django_db_setup: None) -> Iterator[str]:
    with redis_server() as url:
        database = database_url(connections["default"].settings_dict)
        with workers(url, database, count=2, concurrency=2):
            yield url


@pytest.fixture
def on_broker(broker: str, settings: Any) -> Iterator[None]:
    """This process queues on the broker, and reads progress from its Redis."""
    settings.GONGKAI_BROKER_URL = broker
    settings.CACHES = settings.CACHES | {
        "jobs": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": broker,
        }
    }
    celery_app.app.close()  # no connection pool left from another broker
    celery_app.app.conf.broker_url = broker
    yield
    celery_app.app.close()
    celery_app.app.conf.broker_url = "memory://"


def finished(job: Job) -> Callable[[], bool]:
    def check() -> bool:
        job.refresh_from_db()
        return not job.is_open

    return check


def times_done(key: str) -> int:
    return AuditLog.objects.filter(summary=key).count()


def test_a_job_delivered_three_times_to_two_workers_is_done_once(
    agency: Agency, on_broker: None
) -> None:
    job = enqueue("test.slow", key="thrice", agency=agency, arguments={"seconds": 1})
    celery_app.run_job.apply_async((job.pk,))
    celery_app.run_job.apply_async((job.pk,))
    wait_until(finished(job), seconds=30, what="the job to finish")
    time.sleep(2)  # the other deliveries have been taken meanwhile
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 1
    assert times_done("thrice") == 1


def test_enqueueing_the_same_key_again_queues_nothing(
    agency: Agency, on_broker: None
) -> None:
    first = enqueue("test.slow", key="once", agency=agency, arguments={"seconds": 0})
    again = enqueue("test.slow", key="once", agency=agency, arguments={"seconds": 0})
    assert again.pk == first.pk
    wait_until(finished(first), seconds=30, what="the job to finish")
    time.sleep(1)
    assert times_done("once") == 1


def test_a_passing_failure_is_retried_with_growing_waits(
    agency: Agency, on_broker: None
) -> None:
    started = time.monotonic()
    job = enqueue("test.flaky", key="flaky", agency=agency, arguments={"fail": 2})
    wait_until(finished(job), seconds=60, what="the flaky job to finish")
    elapsed = time.monotonic() - started
    assert job.state == JobState.DONE and job.attempts == 3
    assert elapsed >= 1 + 2  # waited 1 s, then 2 s
    assert "the database went away" in job.error  # the last passing failure
    assert times_done("flaky") == 1


def test_a_job_failing_for_good_is_listed_for_the_agencys_staff(
    agency: Agency,
    other_agency: Agency,
    handler: Any,
    outsider: Any,
    login: Callable[[Any], Client],
    on_broker: None,
) -> None:
    job = enqueue("test.broken", key="broken", agency=agency, label="坏任务")
    wait_until(finished(job), seconds=60, what="the broken job to fail")
    assert job.state == JobState.FAILED and job.attempts == 3
    assert job.error == "RuntimeError: 磁盘已满 (disk full)"
    page = login(handler).get(f"/a/{agency.code}/jobs/").content.decode()
    assert "坏任务" in page and "磁盘已满" in page and "3/3" in page
    assert login(outsider).get(f"/a/{agency.code}/jobs/").status_code == 404
    assert (
        "坏任务"
        not in login(outsider).get(f"/a/{other_agency.code}/jobs/").content.decode()
    )
    response = login(handler).post(f"/a/{agency.code}/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.is_open or job.attempts >= 1
    wait_until(finished(job), seconds=60, what="the re-run to fail again")
    assert job.state == JobState.FAILED and job.attempts == 3


def test_bad_input_fails_at_once_without_retries(
    agency: Agency, on_broker: None
) -> None:
    job = enqueue("test.refused", key="refused", agency=agency)
    wait_until(finished(job), seconds=30, what="the job to be refused")
    assert job.state == JobState.FAILED and job.attempts == 1
    assert job.error == "参数不合格 (bad arguments): never retried"


def test_a_ledger_imported_on_a_worker_shows_its_progress_and_outcome(
    agency: Agency, registrar: Any, login: Callable[[Any], Client], on_broker: None
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(registrar)
    upload = SimpleUploadedFile(
        "ledger.csv", ("\n".join([HEADER, *GOOD]) + "\n").encode("utf-8")
    )
    response = client.post(f"/a/{agency.code}/ledger/", {"file": upload})
    assert response.status_code == 302 and "?job=" in response["Location"]
    job = Job.objects.get(kind="applications.import_ledger")
    wait_until(finished(job), seconds=60, what="the ledger import")
    assert job.state == JobState.DONE, job.error
    status = client.get(f"/a/{agency.code}/jobs/{job.pk}.json").json()
    assert status["state"] == "done" and status["result"]["batch"]
    assert progress_of(job.pk) == {"done": 7, "total": 7, "phase": "写入 stored"}
    page = client.get(response["Location"]).content.decode()
    assert "新增 7" in page
    assert LedgerImport.objects.get().created == 7
    assert bytes(Job.objects.get(pk=job.pk).data) == b""  # the upload is not kept
