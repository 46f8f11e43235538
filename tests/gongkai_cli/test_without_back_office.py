"""Every core command runs where Django and the back office cannot be imported.

Each test runs `python -m gongkai_cli …` in a subprocess whose `sitecustomize` (put
first on PYTHONPATH) installs an import hook refusing `django` and `gongkai_web`, and
checks the command's real output and exit code. Importing a module is not enough: the
old guard passed while `gongkai deadline` reached into the back office at run time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.calendar import PACKAGE_SOURCE
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parents[2]
SEED = SEEDS / "004_81e88598a220b34a"
GOLD = SEEDS / "004_81e88598a220b34a.gold.json"
WITH_ERRORS = SEEDS / "000_c03b648b9a6bf445.gold.json"

BLOCKER = '''\
import sys

BLOCKED = ("django", "gongkai_web")


class RefuseBackOffice:
    """Fail every import of Django or the back office, as on a core-only machine."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked: the core must run without it", name=name)
        return None


sys.meta_path.insert(0, RefuseBackOffice())
'''


@pytest.fixture(scope="module")
def blocked_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    hook = tmp_path_factory.mktemp("no-back-office")
    (hook / "sitecustomize.py").write_text(BLOCKER, "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    path = os.pathsep.join(filter(None, [str(hook), env.get("PYTHONPATH", "")]))
    env["PYTHONPATH"] = path
    # A database named: the back office would read it if it could be imported.
    env["DATABASE_URL"] = "sqlite:////nonexistent/gongkai.sqlite3"
    return env


def gongkai(
    env: dict[str, str], *args: str, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )


def test_the_hook_really_blocks_django_and_the_back_office(
    blocked_env: dict[str, str],
) -> None:
    names = ("django", "django.core.management", "gongkai_web", "gongkai")
    probe = (
        "import importlib\n"
        f"for name in {names!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "        print(name, 'imported')\n"
        "    except ImportError as exc:\n"
        "        print(name, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=blocked_env,
        check=True,
    )
    assert done.stdout.splitlines() == [
        "django django is blocked: the core must run without it",
        "django.core.management django is blocked: the core must run without it",
        "gongkai_web gongkai_web is blocked: the core must run without it",
        "gongkai imported",
    ]


def test_read(blocked_env: dict[str, str]) -> None:
    done = gongkai(blocked_env, "read", str(SEED) + ".txt")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["report"] == json.loads(GOLD.read_text("utf-8"))
    assert out["provenance"]["applications.new_received[0]"]["text"] == "9"


def test_eval(blocked_env: dict[str, str], tmp_path: Path) -> None:
    for path in SEEDS.glob("00[04]_*"):
        shutil.copy(path, tmp_path / path.name)
    done = gongkai(blocked_env, "eval", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "reports: 2, read: 2, failed: 0" in done.stdout
    assert "wrong cells: none" in done.stdout


def test_validate(blocked_env: dict[str, str]) -> None:
    done = gongkai(blocked_env, "validate", str(GOLD))
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "1 files: 1 without errors, 0 with errors, 0 unreadable\n"
    done = gongkai(blocked_env, "--lang", "en", "validate", str(WITH_ERRORS))
    assert done.returncode == 1
    assert done.stdout.startswith(f"{WITH_ERRORS}: error [table.missing] ")


def test_render(blocked_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    done = gongkai(blocked_env, "render", str(GOLD), "--to", "md", "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    assert done.stderr == f"{out}: md, {len(text.encode('utf-8'))} bytes\n"
    assert "# 嘉兴市人民防空办公室2021年政府信息公开工作年度报告" in text


def test_schema(blocked_env: dict[str, str]) -> None:
    done = gongkai(blocked_env, "schema")
    assert done.returncode == 0, done.stderr
    committed = ROOT / "schema" / "annual-report.schema.json"
    assert done.stdout == committed.read_text("utf-8")


def test_deadline_uses_the_package_years_and_says_so(
    blocked_env: dict[str, str],
) -> None:
    done = gongkai(blocked_env, "deadline", "2024-09-27")
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first == "2024-10-30"
    assert second.endswith(f"工作日依据：{PACKAGE_SOURCE}（2004-2026年），未使用数据库")
    done = gongkai(blocked_env, "--lang", "en", "deadline", "2026-12-20")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: 2027年节假日安排尚未录入 (no holiday arrangement for 2027)\n"
    )


def test_a_back_office_command_says_the_back_office_is_missing(
    blocked_env: dict[str, str],
) -> None:
    done = gongkai(blocked_env, "agency", "list")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("error: gongkai agency: 后台未安装")
    assert len(done.stderr.splitlines()) == 1
