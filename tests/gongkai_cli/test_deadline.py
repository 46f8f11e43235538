from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.calendar import PACKAGE_SOURCE
from gongkai_cli import backoffice, main


@pytest.fixture(autouse=True)
def no_back_office_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No DATABASE_URL and no embedded SQLite file: the package's years only."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    missing = tmp_path / "var" / "gongkai.sqlite3"
    monkeypatch.setattr(backoffice, "embedded_sqlite", lambda: missing)
    return missing


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["deadline", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_worked_example_prints_due_date_on_first_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "2024-09-27")
    assert code == 0 and err == ""
    assert out[0] == "2024-10-30"
    assert "第20个工作日" in out[1]


@pytest.mark.parametrize(
    ("args", "due"),
    [
        (["2024-09-27", "--extended"], "2024-11-27"),
        (["2024-09-27", "--corrected", "2024-10-09"], "2024-11-05"),
        (["2024-09-27", "--pause", "2024-09-30:2024-10-08"], "2024-11-01"),
        (
            [
                "2024-09-27",
                "--pause",
                "2024-10-14:2024-10-15",
                "--pause",
                "2024-10-16:2024-10-16",
            ],
            "2024-11-04",
        ),
        (
            ["2025-01-20"],
            "2025-02-21",
        ),  # 春节 2025, Sunday 01-26 and Saturday 02-08 worked
        (["2024-02-01"], "2024-03-05"),  # 春节 2024, Sundays 02-04 and 02-18 worked
        (["2025-09-26"], "2025-10-30"),  # 国庆 2025
        (["2024-10-03"], "2024-11-01"),  # received on 国庆 2024: day 1 is 10-08
        (["2025-03-01"], "2025-03-28"),  # received on a Saturday: day 1 is Monday
        (["2024/9/27"], "2024-10-30"),
        (["2024年9月27日"], "2024-10-30"),
        (
            [
                "2024-09-27",
                "--corrected",
                "2024-10-09",
                "--pause",
                "2024-10-21:2024-10-25",
                "--extended",
            ],
            "2024-12-10",
        ),
    ],
)
def test_due_dates(
    capsys: pytest.CaptureFixture[str], args: list[str], due: str
) -> None:
    code, out, _err = run(capsys, *args)
    assert code == 0
    assert out[0] == due


def test_explanation_names_pause_and_extension(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _code, out, _err = run(
        capsys, "2024-09-27", "--pause", "2024-10-08:2024-10-09", "--extended"
    )
    assert "2024-10-08:2024-10-09" in out[1]
    assert "延期" in out[1]
    code = main(["--lang", "en", "deadline", "2024-09-27", "--corrected", "2024-10-09"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0 and out[0] == "2024-11-05"
    assert "restarted" in out[1]


def test_unknown_year_exits_2_naming_the_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "2026-12-20")
    assert code == 2
    assert out == []
    assert (
        err.strip()
        == "error: 2027年节假日安排尚未录入 (no holiday arrangement for 2027)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-02-30"], "RECEIVED: 日期不存在：'2026-02-30'"),
        (["20240927"], "RECEIVED: 日期格式不对"),
        (["2024-09-27", "--corrected", "2024-09-31"], "--corrected: 日期不存在"),
        (["2024-09-27", "--corrected", "2024-09-20"], "早于收到申请日期"),
        (["2024-09-27", "--pause", "2024-10-08"], "应为 FROM:TO"),
        (["2024-09-27", "--pause", "2024-10-09:2024-10-08"], "结束日期早于开始日期"),
        (
            ["2024-09-27", "--pause", "2024-10-08:2024-13-01"],
            "--pause 2024-10-08:2024-13-01",
        ),
        (
            ["2024-09-27", "--pause", "2024-10-01:9999-12-31"],
            "9999年节假日安排尚未录入",
        ),
        (["9999-12-31"], "9999年节假日安排尚未录入"),
    ],
)
def test_bad_dates_exit_2_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == []
    assert err.startswith("error: ")
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_help_says_where_working_days_come_from() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gongkai_cli", "deadline", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "chinese_calendar" in result.stdout
    assert "DATABASE_URL" in result.stdout and "embedded SQLite" in result.stdout


def test_without_a_database_the_explanation_says_package_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _code, out, _err = run(capsys, "2024-09-27")
    assert out[1].endswith(f"工作日依据：{PACKAGE_SOURCE}（2004-2026年），未使用数据库")
    assert main(["--lang", "en", "deadline", "2024-09-27"]) == 0
    assert f"working days: {PACKAGE_SOURCE} (2004-2026) only" in capsys.readouterr().out


def test_back_office_database_is_database_url_or_a_migrated_embedded_file(
    tmp_path: Path,
) -> None:
    embedded = tmp_path / "gongkai.sqlite3"
    assert backoffice.back_office_database({}, embedded) is None  # no file
    sqlite3.connect(embedded).close()
    assert backoffice.back_office_database({}, embedded) is None  # not migrated
    with sqlite3.connect(embedded) as db:
        db.execute("CREATE TABLE agencies_calendaryear (id integer)")
    assert backoffice.back_office_database({}, embedded) == str(embedded)
    url = {"DATABASE_URL": "postgres://x@127.0.0.1/x"}
    assert backoffice.back_office_database(url, tmp_path / "none") == "DATABASE_URL"


def test_embedded_sqlite_is_found_without_importing_django() -> None:
    code = (
        "import sys\n"
        "from gongkai_cli.backoffice import embedded_sqlite\n"
        "print(embedded_sqlite())\n"
        "print('django' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    path, imported = done.stdout.splitlines()
    assert path.endswith(os.path.join("var", "gongkai.sqlite3"))
    assert imported == "False"


def test_command_line_entry_point_exit_code() -> None:
    # A year nobody enters, whichever database this machine has.
    result = subprocess.run(
        [sys.executable, "-m", "gongkai_cli", "deadline", "2099-01-05"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "2099年节假日安排尚未录入" in result.stderr
    assert "Traceback" not in result.stderr
