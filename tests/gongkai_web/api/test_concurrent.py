"""Idempotency and throttles under concurrent requests against a live server: gunicorn
with several worker processes (as `gongkai serve` runs it) on the test database (a
copy of it on SQLite, the database itself on PostgreSQL), and many client threads
sending at once.

- one Idempotency-Key sent by many threads at once: one case, one 201, the others 200
  with the same receipt (the same code, which works);
- the read limit: of many reads at once from one address exactly the limit pass, the
  others are JSON 429 with Retry-After; another address (behind the trusted proxy)
  has its own budget;
- the submission throttle: one applicant's different applications at once, one passes.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from gongkai_web.agencies.models import Agency
from gongkai_web.api import tokens
from gongkai_web.api.models import Scope

from .conftest import APPLICATION

THREADS = 8
WORKERS = 3
Answer = tuple[int, dict[str, str], Any]


@dataclass
class Live:
    url: str
    copy: Path | None  # the SQLite copy it serves, None on PostgreSQL

    def count(self, table: str) -> int:
        """The rows of `table` as the server wrote them."""
        query = f"SELECT COUNT(*) FROM {table}"  # noqa: S608 - table names of tests
        if self.copy is None:
            with connection.cursor() as cursor:
                cursor.execute(query)
                return int(cursor.fetchone()[0])
        with closing(sqlite3.connect(self.copy)) as db:
            return int(db.execute(query).fetchone()[0])


Serve = Callable[..., Live]


def _port() -> int:
    """GONGKAI_TEST_HTTP_PORT if given, else a free port; either way free now (so
    the answers cannot come from some other server on it)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn
        probe.bind(("127.0.0.1", int(os.environ.get("GONGKAI_TEST_HTTP_PORT", "0"))))
        return int(probe.getsockname()[1])


def _database(folder: Path) -> tuple[str, Path | None]:
    if connection.vendor == "sqlite":
        copy = folder / "live.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(copy)) as target:
            connection.connection.backup(target)
        return f"sqlite:///{copy}", copy
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db['USER']}{password}@{db['HOST']}:{db['PORT']}"
    return f"postgres://{host}/{db['NAME']}", None


@pytest.fixture
def serve(transactional_db: None, tmp_path: Path) -> Iterator[Serve]:
    """Start gunicorn on the test data as it is now; return its base URL."""
    started: list[subprocess.Popen[bytes]] = []

    def start(**env: str) -> Live:
        port = _port()
        database, copy = _database(tmp_path)
        environment = {
            **os.environ,
            "DATABASE_URL": database,
            "GONGKAI_SECRET_KEY": settings.SECRET_KEY,
            "GONGKAI_MEDIA_ROOT": str(tmp_path / "media"),
            "GONGKAI_LOG_LEVEL": "WARNING",
            **env,
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "gongkai_web.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(server)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/api/v1/openapi.json", timeout=5)
                return Live(url, copy)
            except OSError:
                assert server.poll() is None, "gunicorn exited"
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer in 60 s")

    yield start
    for server in started:
        server.terminate()
        server.wait(timeout=30)


def call(
    method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
) -> Answer:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.load(error)


def at_once(count: int, send: Callable[[int], Answer]) -> list[Answer]:
    """Send `count` requests from as many threads, released together."""
    barrier = threading.Barrier(count)
    answers: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            answers[index] = send(index)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            answers[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(isinstance(a, tuple) for a in answers), answers
    return answers


def test_one_idempotency_key_sent_at_once_makes_one_case(serve: Serve) -> None:
    agency = Agency.objects.create(code="conc", name="并发机关")
    secret = tokens.create(agency, "门户", [Scope.SUBMIT, Scope.STATUS]).secret
    live = serve()
    url = live.url
    auth = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "same-key"}
    answers = at_once(
        THREADS,
        lambda _i: call("POST", f"{url}/api/v1/applications", APPLICATION, auth),
    )
    statuses = sorted(status for status, _h, _b in answers)
    assert statuses == [200] * (THREADS - 1) + [201], answers
    receipts = {json.dumps(body, sort_keys=True) for _s, _h, body in answers}
    assert len(receipts) == 1  # the same receipt, code included, for every thread
    receipt = answers[0][2]
    assert live.count("applications_application") == 1
    assert live.count("api_idempotencykey") == 1
    status, _h, body = call(
        "GET",
        f"{url}/api/v1/applications/{receipt['tracking_number']}"
        f"?code={receipt['verification_code']}",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert status == 200, body


def test_reads_at_once_pass_up_to_the_limit_per_address(serve: Serve) -> None:
    limit = 5
    url = serve(
        GONGKAI_API_READS_PER_MINUTE=str(limit), GONGKAI_TRUSTED_PROXIES="127.0.0.1"
    ).url

    def read(address: str) -> Callable[[int], Answer]:
        forwarded = {"X-Forwarded-For": address}
        return lambda _i: call("GET", f"{url}/api/v1/agencies/", headers=forwarded)

    answers = at_once(2 * THREADS, read("203.0.113.7"))
    statuses = sorted(status for status, _h, _b in answers)
    assert statuses == [200] * limit + [429] * (2 * THREADS - limit), statuses
    for status, headers, body in answers:
        if status == 429:
            assert body["code"] == "throttled" and body["message_en"]
            assert 1 <= int(headers["Retry-After"]) <= 60
    other = at_once(THREADS, read("203.0.113.8"))
    assert sorted(s for s, _h, _b in other) == [200] * limit + [429] * (THREADS - limit)


def test_one_applicants_applications_at_once_one_passes(serve: Serve) -> None:
    agency = Agency.objects.create(code="conc", name="并发机关")
    secret = tokens.create(agency, "门户", [Scope.SUBMIT]).secret
    live = serve()
    url = live.url

    def submit(index: int) -> Answer:
        body = {**APPLICATION, "content": f"第{index}件不同的申请内容"}
        headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": f"k{index}"}
        return call("POST", f"{url}/api/v1/applications", body, headers)

    answers = at_once(THREADS, submit)
    statuses = sorted(status for status, _h, _b in answers)
    assert statuses == [201] + [429] * (THREADS - 1), answers
    assert all(h.get("Retry-After") for s, h, _b in answers if s == 429), (
        "429 without Retry-After"
    )
    assert live.count("applications_application") == 1
