"""Fixtures for tests that run the installation in a subprocess: an own SQLite file,
media and static folders, a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
GONGKAI = str(BIN / "gongkai")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_http(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    """Return once `url` answers; fail with the server's output if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    process.kill()
    out, err = process.communicate()
    pytest.fail(f"server at {url} did not answer:\n{out.decode()}\n{err.decode()}")


@pytest.fixture
def installation(tmp_path: Path) -> dict[str, str]:
    """Environment of a throw-away installation on SQLite (no other service)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GONGKAI_", "DATABASE_URL", "DJANGO_SETTINGS"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GONGKAI_MEDIA_ROOT=str(tmp_path / "media"),
        GONGKAI_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="gongkai_web.settings",
    )
    return env


@pytest.fixture
def run(
    installation: dict[str, str],
) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [GONGKAI, *args],
            env=installation,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and done.returncode != 0:
            pytest.fail(f"gongkai {' '.join(args)}: {done.returncode}\n{done.stderr}")
        return done

    return run
