"""The supervisor (督查): sees the reports of the node and below, never cases or
applicants' data, and nothing outside the node."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from gongkai_cli import main
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.supervision.models import CollectedReport, Supervisor
from tests.gongkai_web.conftest import make_application

APPLICANT = "王秘密申请人"


def supervisor_of(code: str) -> Any:
    user = get_user_model().objects.create_user(f"sup-{code}", password="pw")
    Supervisor.objects.create(user=user, node=Agency.objects.get(code=code))
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case_in_s003(region: Path) -> Any:
    agency = Agency.objects.get(code="s003")
    registrar = get_user_model().objects.create_user("reg-s003")
    Membership.objects.create(user=registrar, agency=agency, role=Role.REGISTRAR)
    return make_application(
        agency, registrar, received=date(2024, 5, 20), applicant_name=APPLICANT
    )


def test_supervisor_of_the_city_sees_every_report_below_it(
    region: Path,
) -> None:
    client = client_for(supervisor_of("city"))
    page = client.get("/s/city/2020/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "池州市人民防空办公室" in text and "003_987b09836dacbc77.txt" in text
    assert "text.tampered" in text
    assert client.get("/s/s003/2020/").status_code == 200
    report = CollectedReport.objects.get(agency__code="s003")
    shown = client.get(f"/s/report/{report.pk}/")
    assert shown.status_code == 200 and report.sha256 in shown.content.decode()


def test_supervisor_of_a_node_sees_nothing_outside_it(
    region: Path,
) -> None:
    client = client_for(supervisor_of("s003"))
    assert client.get("/s/s003/2020/").status_code == 200
    assert client.get("/s/city/2020/").status_code == 404
    assert client.get("/s/s001/2020/").status_code == 404
    other = CollectedReport.objects.get(agency__code="s001")
    assert client.get(f"/s/report/{other.pk}/").status_code == 404


def test_supervisor_sees_no_case_and_no_applicant(case_in_s003: Any) -> None:
    client = client_for(supervisor_of("city"))
    for url in (
        "/a/s003/",
        "/a/s003/cases/",
        "/a/s003/ledger/",
        "/a/s003/statistics/",
        "/a/s003/annual/",
        f"/cases/{case_in_s003.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    report = CollectedReport.objects.get(agency__code="s003")
    for url in (
        "/s/city/2020/",
        "/s/s003/2020/",
        "/s/s003/series/",
        f"/s/report/{report.pk}/",
        "/s/city/2020/exports/",
        "/s/city/2020/findings.xlsx",
        "/s/city/2020/aggregate.json",
        "/s/city/2020/aggregate.md",
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert APPLICANT.encode() not in answer.content, url


def test_members_and_visitors_are_not_supervisors(region: Path) -> None:
    registrar = get_user_model().objects.create_user("admin-city")
    Membership.objects.create(
        user=registrar, agency=Agency.objects.get(code="city"), role=Role.AGENCY_ADMIN
    )
    assert client_for(registrar).get("/s/city/2020/").status_code == 404
    assert Client().get("/s/city/2020/").status_code == 302


def test_add_supervisor_command(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["supervise", "add-supervisor", "--region", "city", "--username", "du"])
        == 0
    )
    assert Supervisor.objects.get().node.code == "city"
    assert (
        main(["supervise", "add-supervisor", "--region", "ghost", "--username", "du"])
        == 2
    )
