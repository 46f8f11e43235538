"""Client endpoints: tokens and scopes, submission with Idempotency-Key (also two
concurrent tries), status by number and code, masked case lists, the JSON errors."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from gongkai.report.codec import report_from_data
from gongkai_web.agencies.models import Agency
from gongkai_web.api.models import ApiToken, Scope
from gongkai_web.applications.models import Application
from gongkai_web.audit.models import AuditLog
from tests.gongkai_web.conftest import make_application

from .conftest import APPLICATION, bearer

ALL = tuple(Scope.values)


def post(client: Client, secret: str, body: Any, key: str | None = None) -> Any:
    headers = bearer(secret)
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        "/api/v1/applications",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_submit_then_follow(
    agency: Agency, client: Client, token_for: Callable[..., str]
) -> None:
    secret = token_for(agency, Scope.SUBMIT, Scope.STATUS)
    response = post(client, secret, APPLICATION)
    assert response.status_code == 201, response.content
    receipt = response.json()
    case = Application.objects.get(tracking_number=receipt["tracking_number"])
    assert case.agency == agency and case.channel == "online"
    status = client.get(
        f"/api/v1/applications/{receipt['tracking_number']}",
        {"code": receipt["verification_code"]},
        **bearer(secret),
    )
    assert status.status_code == 200, status.content
    assert status.json()["status"] == case.status
    wrong = client.get(
        f"/api/v1/applications/{receipt['tracking_number']}",
        {"code": "AAAA-AAAA"},
        **bearer(secret),
    )
    assert wrong.status_code == 404
    assert wrong.json()["code"] == "not_found"
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    assert AuditLog.objects.filter(summary__startswith="API令牌使用").count() == 3


def test_one_key_twice_makes_one_case(
    agency: Agency, client: Client, token_for: Callable[..., str]
) -> None:
    secret = token_for(agency, Scope.SUBMIT)
    first = post(client, secret, APPLICATION, key="k-1")
    again = post(client, secret, APPLICATION, key="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Application.objects.count() == 1
    other = post(client, secret, {**APPLICATION, "content": "另一件申请的内容"}, "k-1")
    assert other.status_code == 409
    assert other.json()["code"] == "conflict"
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_key_two_concurrent_requests_make_one_case(
    token_for: Callable[..., str],
) -> None:
    agency = Agency.objects.create(code="conc", name="并发机关")
    secret = token_for(agency, Scope.SUBMIT)
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def send() -> None:
        try:
            barrier.wait()
            answers.append(post(Client(), secret, APPLICATION, key="same").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 201]
    assert Application.objects.filter(agency=agency).count() == 1


def test_the_portals_rules_and_throttle(
    agency: Agency, client: Client, token_for: Callable[..., str]
) -> None:
    secret = token_for(agency, Scope.SUBMIT)
    bad = post(client, secret, {**APPLICATION, "id_document": "x"})
    assert bad.status_code == 422
    assert bad.json()["path"] == "id_document"
    assert "身份证明号码" in bad.json()["message_zh"]
    missing = post(
        client, secret, {k: v for k, v in APPLICATION.items() if k != "content"}
    )
    assert missing.status_code == 422
    assert missing.json()["path"] == "content"
    assert post(client, secret, APPLICATION).status_code == 201
    throttled = post(client, secret, {**APPLICATION, "content": "再来一件不同的申请"})
    assert throttled.status_code == 429
    assert throttled["Retry-After"]
    assert throttled.json()["code"] == "throttled"
    not_json = client.post(
        "/api/v1/applications", "{", content_type="application/json", **bearer(secret)
    )
    assert not_json.status_code == 400


def test_cases_masked_own_agency_only(
    agency: Agency,
    other_agency: Agency,
    client: Client,
    token_for: Callable[..., str],
    registrar: Any,
    outsider: Any,
) -> None:
    mine = make_application(agency, registrar)
    make_application(other_agency, outsider)
    secret = token_for(agency, Scope.CASES)
    page = client.get("/api/v1/cases/", **bearer(secret)).json()
    assert [c["tracking_number"] for c in page["items"]] == [mine.tracking_number]
    shown = page["items"][0]
    assert shown["id_document"] != mine.id_document
    assert "*" in shown["id_document"] and "*" in shown["phone"]


ENDPOINTS = {
    Scope.SUBMIT: ("post", "/api/v1/applications"),
    Scope.STATUS: ("get", "/api/v1/applications/X-1?code=AAAAAAAA"),
    Scope.CASES: ("get", "/api/v1/cases/"),
    Scope.READ_DRAFTS: ("get", "/api/v1/reports/draft?year=2023"),
}


# Every endpoint × scope × agency: test_permissions.py.


@pytest.mark.parametrize("method,url", list(ENDPOINTS.values()))
def test_no_token_bad_token_revoked_token_are_401(
    agency: Agency, client: Client, token_for: Callable[..., str], method: str, url: str
) -> None:
    secret = token_for(agency, *ALL)
    call = client.post if method == "post" else client.get
    assert call(url).status_code == 401
    assert call(url, **bearer("gk_wrong")).status_code == 401
    call_command("token", "revoke", secret)
    refused = call(url, **bearer(secret))
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthorized"
    assert refused["WWW-Authenticate"] == "Bearer"


def test_status_of_another_agencys_case_is_not_found(
    agency: Agency,
    other_agency: Agency,
    client: Client,
    token_for: Callable[..., str],
) -> None:
    theirs = post(client, token_for(other_agency, Scope.SUBMIT), APPLICATION).json()
    mine = token_for(agency, Scope.STATUS)
    response = client.get(
        f"/api/v1/applications/{theirs['tracking_number']}",
        {"code": theirs["verification_code"]},
        **bearer(mine),
    )
    assert response.status_code == 404


def test_token_command(agency: Agency, capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "token",
        "create",
        "--client",
        "省政务服务网",
        "--agency",
        agency.code,
        "--scope",
        "applications:submit",
        "applications:status",
    )
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert secret.startswith("gk_") and " " not in secret
    token = ApiToken.objects.get()
    assert token.digest != secret and secret not in token.digest
    assert token.scopes == ["applications:status", "applications:submit"]
    call_command("token", "revoke", str(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_draft_is_canonical_json_of_the_tokens_agency(
    agency: Agency, client: Client, token_for: Callable[..., str]
) -> None:
    secret = token_for(agency, Scope.READ_DRAFTS)
    response = client.get("/api/v1/reports/draft?year=2023", **bearer(secret))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["agency"] == agency.code
    report = report_from_data(body["report"])
    assert report.year == 2023
    future = client.get("/api/v1/reports/draft?year=2099", **bearer(secret))
    assert future.status_code == 422
    assert future.json()["path"] == "year"
