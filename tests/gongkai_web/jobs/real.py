"""A real Redis server and real `gongkai worker` processes for the Celery tests.

`redis-server` (Debian's package) is started on loopback, on GONGKAI_TEST_REDIS_PORT
or a free port, without persistence (or the one at GONGKAI_TEST_REDIS_URL is used); the workers run `python -m django worker` against
it and against this run's test database (a file for SQLite, see ../conftest.py).
Without redis-server the tests are skipped with the reason, except under CI=true,
where they fail.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def require_redis_server() -> str:
    """Return the path of redis-server; skip (fail under CI=true) without it."""
    found = shutil.which("redis-server")
    if found is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI=true requires it")
        pytest.skip(message)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    condition: Callable[[], bool], *, seconds: float, what: str, step: float = 0.1
) -> None:
    """Poll `condition` until true; fail naming `what` after `seconds` (wall clock)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    pytest.fail(f"timed out after {seconds:g} s waiting for {what}")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server() -> Iterator[str]:
    """Yield the URL of an emptied Redis: GONGKAI_TEST_REDIS_URL (started by .ci/run),
    or the redis-server this test run started on first use (stopped at exit).

    One Redis for the whole run, as in CI: Celery's application keeps its producer pool
    across `app.close()`, so a second module on a second broker would send to the first
    one's port.
    """
    import redis

    url = os.environ.get("GONGKAI_TEST_REDIS_URL", "") or _this_runs_redis()
    redis.Redis.from_url(url).flushdb()
    yield url


_RUNNING: dict[str, str] = {}


def _this_runs_redis() -> str:
    """Start a throw-away redis-server once per test run; return its URL."""
    if "url" in _RUNNING:
        return _RUNNING["url"]
    binary = require_redis_server()
    port = int(os.environ.get("GONGKAI_TEST_REDIS_PORT") or free_port())
    folder = tempfile.mkdtemp(prefix="gongkai-redis-")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )

    def stop() -> None:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    wait_until(lambda: _answers(port), seconds=10, what=f"redis on {port}")
    _RUNNING["url"] = f"redis://127.0.0.1:{port}/0"
    return _RUNNING["url"]


def database_url(settings_dict: dict[str, object]) -> str:
    """Return DATABASE_URL of the (test) database the test process uses."""
    engine = str(settings_dict["ENGINE"])
    if engine.endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT")
    return (
        f"postgres://{auth}{host}{f':{port}' if port else ''}/{settings_dict['NAME']}"
    )


@contextmanager
def workers(
    broker: str,
    database: str,
    *,
    count: int = 1,
    concurrency: int = 2,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Run `count` real worker processes (`python -m django worker`), with
    `extra_env` added to their environment (the SMTP server of the outbox tests)."""
    env = (
        os.environ
        | dict(extra_env or {})
        | {
            "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
            "GONGKAI_BROKER_URL": broker,
            "DATABASE_URL": database,
            "GONGKAI_JOB_RETRY_SECONDS": "1",
            "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")]),
        }
    )
    logs = tempfile.mkdtemp(prefix="gongkai-worker-")
    processes = []
    for n in range(count):
        log = open(Path(logs) / f"worker{n}.log", "wb")  # noqa: SIM115
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "django",
                    "worker",
                    f"--concurrency={concurrency}",
                    f"--hostname=test{n}@%h",
                    "--include=tests.gongkai_web.jobs.kinds",
                    "--loglevel=INFO",
                ],
                env=env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    try:
        for n, process in enumerate(processes):
            path = Path(logs) / f"worker{n}.log"
            wait_until(
                lambda p=process, f=path: (
                    p.poll() is not None or b"ready." in f.read_bytes()
                ),
                seconds=60,
                what=f"worker {n} to be ready",
            )
            if process.poll() is not None:
                pytest.fail(f"worker {n} exited:\n{path.read_text(errors='replace')}")
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(logs, ignore_errors=True)
