"""`gongkai stats|remind|migrate|demo-web`: Django commands behind the `gongkai` CLI."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from gongkai.cli import main
from gongkai.vocabulary import ApplicantType, Outcome
from gongkai_web.agencies.models import Agency, Membership
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
    demo = Agency.objects.get(code="demo")
    roles = set(Membership.objects.filter(agency=demo).values_list("role", flat=True))
    assert roles == {"agency_admin", "registrar", "handler", "approver", "auditor"}
    assert Application.objects.filter(agency=demo).count() == 8
    assert main(["demo-web"]) == 0
    again = capsys.readouterr().out
    assert "passwords were printed when they were created" in again
    assert Application.objects.filter(agency=demo).count() == 8
