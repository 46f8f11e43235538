"""`gongkai serve` runs gunicorn with WhiteNoise; production settings pass check --deploy."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .conftest import free_port, wait_for_http

DJANGO = [sys.executable, "-m", "django"]

PRODUCTION = {
    "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
    "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "GONGKAI_HTTPS": "true",
}


def test_serve_answers_through_gunicorn_with_cached_static_files(
    installation: dict[str, str], run: Callable[..., object], tmp_path: Path
) -> None:
    run("migrate")
    port = free_port()
    server = subprocess.Popen(
        [*DJANGO, "serve", "--port", str(port), "--workers", "1", "--threads", "2"],
        env=installation,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", server, 60)
        with urllib.request.urlopen(f"{base}/healthz") as response:
            assert response.headers["Server"] == "gunicorn"
            assert json.load(response) == {
                "status": "ok",
                "database": "ok",
                "storage": "ok",
            }
        # collectstatic ran: hashed names in the manifest, compressed copies beside.
        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["admin/css/base.css"]
        assert hashed != "admin/css/base.css"
        assert (tmp_path / "static" / f"{hashed}.gz").exists()
        request = urllib.request.Request(
            f"{base}/static/{hashed}", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request) as response:
            cache = response.headers["Cache-Control"]
            assert response.headers["Content-Encoding"] == "gzip"
        max_age = int(cache.split("max-age=")[1].split(",")[0])
        assert max_age >= 365 * 24 * 3600 and "immutable" in cache
        with urllib.request.urlopen(f"{base}/login/") as response:
            assert response.status == 200
    finally:
        server.terminate()
        out, _err = server.communicate(timeout=30)
    lines = [json.loads(line) for line in out.decode().splitlines() if line[:1] == "{"]
    logged = {(line["method"], line["path"], line["status"]) for line in lines}
    assert ("GET", "/login/", 200) in logged
    assert all(line["logger"] == "gongkai.request" for line in lines)


def test_serve_refuses_the_development_key_in_production_mode(
    run: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    done = run("serve", "--host", "0.0.0.0", "--port", str(free_port()), check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "development secret key" in done.stderr
    assert "GONGKAI_SECRET_KEY" in done.stderr


def test_check_deploy_is_silent_with_the_documented_production_variables(
    installation: dict[str, str],
) -> None:
    check = [
        sys.executable,
        "-m",
        "django",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    ]
    done = subprocess.run(
        check, env={**installation, **PRODUCTION}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
    # Without them, the public development key and missing HTTPS settings are flagged.
    done = subprocess.run(check, env=installation, capture_output=True, text=True)
    assert done.returncode != 0
    for warning in ("security.W009", "security.W004", "security.W012"):
        assert warning in done.stderr


CONCURRENT_WRITERS = """
import threading, time
import django
django.setup()
from django.db import connection, transaction
from gongkai_web.agencies.models import Agency

mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
barrier = threading.Barrier(4)
failures = []

def write(n):
    try:
        barrier.wait()
        with transaction.atomic():
            # Read, then write: with DEFERRED transactions two of these deadlock and
            # SQLite fails one at once with "database is locked".
            count = Agency.objects.count()
            time.sleep(0.05)
            Agency.objects.create(code=f"a{n}", name=f"机关{n} {count}")
    except Exception as exc:
        failures.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(mode, Agency.objects.count(), failures)
"""


def test_sqlite_runs_in_wal_mode_and_concurrent_writers_wait_for_the_lock(
    installation: dict[str, str], run: Callable[..., object]
) -> None:
    run("migrate")
    done = subprocess.run(
        [sys.executable, "-c", CONCURRENT_WRITERS],
        env=installation,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wal", "4", "[]"]
