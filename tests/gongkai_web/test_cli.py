"""`gongkai stats|remind|migrate|demo-web`: Django commands behind the `gongkai` CLI,
and how every back-office command is forwarded (help, bad arguments, errors, --lang)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from gongkai.vocabulary import ApplicantType, Outcome
from gongkai_cli import backoffice, main
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from tests.gongkai_web.conftest import make_application


def test_stats_prints_the_applications_table_json(
    agency: Agency, registrar: Any, handler: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_application(
        agency,
        registrar,
        received=date(2024, 5, 20),
        applicant_type=ApplicantType.RESEARCH,
    )
    services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    make_application(agency, registrar, received=date(2024, 5, 21))
    assert (
        main(["stats", "applications", "--agency", agency.code, "--year", "2024"]) == 0
    )
    table = json.loads(capsys.readouterr().out)
    assert list(table)[:3] == ["new_received", "carried_over", "granted"]
    assert "other_misc" in table and "other" not in table
    assert table["new_received"] == [1, 0, 1, 0, 0, 0, 2]
    assert table["granted"] == [0, 0, 1, 0, 0, 0, 1]
    assert table["carried_forward"] == [1, 0, 0, 0, 0, 0, 1]
    assert (
        main(["stats", "applications", "--agency", agency.code, "--year", "2020"]) == 0
    )
    assert "other" in json.loads(capsys.readouterr().out)


def test_stats_for_an_unknown_agency_exits_2(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "applications", "--agency", "ghost", "--year", "2024"]) == 2
    assert capsys.readouterr().err.startswith("error: no agency with code 'ghost'")


def test_remind_lists_cases_due_within_n_workdays(
    agency: Agency,
    other_agency: Agency,
    registrar: Any,
    outsider: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    late = make_application(agency, registrar, received=date(2024, 4, 1))
    soon = make_application(agency, registrar, received=date(2024, 5, 10))
    make_application(agency, registrar, received=date(2024, 6, 3))
    elsewhere = make_application(other_agency, outsider, received=date(2024, 5, 8))
    assert main(["remind", "--within", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        [agency.code, late.tracking_number],
        [other_agency.code, elsewhere.tracking_number],
        [agency.code, soon.tracking_number],
    ]
    assert "已超期" in lines[0] and "剩余 3 个工作日" in lines[2]
    assert main(["remind", "--within", "3", "--agency", agency.code]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_migrate_runs_on_the_configured_database(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    assert "No migrations to apply" in capsys.readouterr().out


def test_demo_web_creates_one_user_per_role_and_demo_cases(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-web"]) == 0
    out = capsys.readouterr().out
    assert "demo-handler" in out and "demo-auditor" in out
    # The system administrator is printed with the others and is in no agency.
    assert "demo-sysadmin" in out and "系统管理员" in out
    sysadmin = get_user_model().objects.get(username="demo-sysadmin")
    assert sysadmin.is_superuser and not sysadmin.memberships.exists()
    demo = Agency.objects.get(code="demo")
    roles = set(Membership.objects.filter(agency=demo).values_list("role", flat=True))
    assert roles == {"agency_admin", "registrar", "handler", "approver", "auditor"}
    assert Application.objects.filter(agency=demo).count() == 8
    assert main(["demo-web"]) == 0
    again = capsys.readouterr().out
    assert "passwords were printed when they were created" in again
    assert Application.objects.filter(agency=demo).count() == 8


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("0", "年度 0 超出范围，应为 2008–2025 之间的年份"),
        ("99999", "年度 99999 超出范围"),
        ("1990", "年度 1990 超出范围"),
        ("2012", "2012年度报告没有统一格式（2019年起适用）"),
        ("abc", "年度 'abc' 不是数字"),
    ],
)
def test_stats_refuses_a_year_without_a_table_clearly(
    agency: Agency, capsys: pytest.CaptureFixture[str], year: str, message: str
) -> None:
    args = ["stats", "applications", "--agency", agency.code, "--year", year]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err
    assert "Traceback" not in captured.err and len(captured.err.splitlines()) == 1


@pytest.mark.parametrize("year", ["0", "99999"])
def test_ledger_export_refuses_a_bad_year(
    agency: Agency, tmp_path: Any, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    target = tmp_path / "out.xlsx"
    args = ["ledger", "export", "--agency", agency.code, "--year", year]
    assert main([*args, "-o", str(target)]) == 2
    assert f"年度 {year} 超出范围" in capsys.readouterr().err
    assert not target.exists()


def test_remind_in_december_2026_lists_overdue_and_names_cases_without_due_date(
    agency: Agency, registrar: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    december = datetime(2026, 12, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(december, tick=False):
        late = make_application(agency, registrar, received=date(2026, 11, 2))
        soon = make_application(agency, registrar, received=date(2026, 11, 30))
        waiting = make_application(agency, registrar, received=date(2026, 12, 14))
        assert main(["remind", "--within", "5"]) == 0
    captured = capsys.readouterr()
    lines = [line.split("\t") for line in captured.out.splitlines()]
    assert [line[1] for line in lines] == [
        late.tracking_number,
        soon.tracking_number,
        waiting.tracking_number,
    ]
    assert "已超期" in lines[0][4]
    assert lines[2][2:5] == [
        "-",
        "-",
        "2027年节假日安排未录入",
    ]
    assert "2027年节假日安排尚未录入，只能列出 2026-12-31 前到期的案件" in captured.err
    assert "1 件的答复期限无法计算" in captured.err


def test_deadline_uses_the_years_entered_in_the_database(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gongkai_web.applications.services.calendar import save_year

    # The test database is the one Django is set up with; DATABASE_URL says "use it".
    monkeypatch.setenv("DATABASE_URL", os.environ.get("DATABASE_URL") or "sqlite://")
    assert main(["deadline", "2026-12-20"]) == 2
    assert "2027年节假日安排尚未录入" in capsys.readouterr().err
    save_year(2027, holidays=[date(2027, 1, 1)], workdays=[], source="测试", user=None)
    assert main(["deadline", "2026-12-20"]) == 0
    out = capsys.readouterr().out.splitlines()
    # received Sunday 2026-12-20: day 1 is Monday 12-21; 2027-01-01 off (process.md §4)
    assert out[0] == "2027-01-18"
    assert out[1].endswith("及数据库 DATABASE_URL 录入的年度：2027")


# --- forwarding: each back-office command's arguments are declared once -----------


def test_top_level_help_lists_every_command_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    core = ("read", "eval", "validate", "render", "schema", "deadline")
    for name in (*core, *backoffice.COMMANDS):
        assert re.search(rf"^    {re.escape(name)} +\S", out, re.MULTILINE), name
    assert "agencies and their users" in out


def test_back_office_help_is_the_management_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["agency", "add-user", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: gongkai agency add-user ")
    # The role choices come from the model, not from a list kept in the CLI.
    roles = ",".join(role.value for role in Role)
    assert "{" + roles + "}" in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "calendar", "set-year", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: gongkai calendar set-year ")
    # The notice's help text is printed as written, example line intact.
    assert (
        '  gongkai calendar set-year 2027 --source "国办发明电〔2026〕N号" \\\n' in out
    )
    with pytest.raises(SystemExit):
        main(["demo-web", "--help"])
    assert capsys.readouterr().out.startswith("usage: gongkai demo-web ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["agency", "add-user", "--code", "x"],
            "error: gongkai agency: the following arguments are required: "
            "--username, --role (gongkai agency --help)",
        ),
        (
            ["agency", "add-user", "--code", "x", "--username", "u", "--role", "boss"],
            "error: gongkai agency: argument --role: invalid choice: 'boss'",
        ),
        (
            ["report", "build", "--agency", "x", "--year", "abc"],
            "error: gongkai report: argument --year: invalid int value: 'abc'",
        ),
        (["calendar"], "error: gongkai calendar: the following arguments are required"),
    ],
)
def test_bad_back_office_arguments_are_one_line_and_exit_2(
    db: None, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(message)
    assert len(captured.err.splitlines()) == 1


def test_lang_en_reaches_the_back_office_commands(
    agency: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    create = ["agency", "create", "--code", "Bad Code", "--name", "x"]
    assert main(["--lang", "en", *create]) == 2
    err = capsys.readouterr().err
    assert err == (
        "error: agency 'Bad Code': code: Only lower-case letters, digits, - and _\n"
    )
    assert main(create) == 2
    assert "只能包含小写字母" in capsys.readouterr().err
    add = ["agency", "add-user", "--code", agency.code, "--username", "u"]
    assert (
        main(
            [
                "--lang",
                "en",
                *add,
                "--role",
                "handler",
                "--password",
                "Zq8-long-pass-phrase",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == f"u: Handler @ {agency.code}\n"


def back_office(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "gongkai_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_database_and_configuration_errors_are_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    done = back_office(empty, "--lang", "en", "agency", "list")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: database: no such table: agencies_agency (run `gongkai migrate`?)\n"
    )
    done = back_office("nonsense://x", "agency", "list")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("error: configuration: DATABASE_URL: ")
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", list(backoffice.COMMANDS))
def test_every_back_office_command_reaches_its_management_command(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: gongkai {name} ")
    assert "--verbosity" in out  # the management command's parser, not ours
    # Django's own options do nothing for `gongkai NAME` and stay out of its help.
    for option in backoffice.DJANGO_OPTIONS:
        assert option not in out
