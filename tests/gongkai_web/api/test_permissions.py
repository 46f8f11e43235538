"""Permissions: every endpoint of the OpenAPI document × every token scope × the
token's agency (the data's own or another), and no token, an unknown token and a
revoked one.

Client endpoints: only the scope's own endpoint answers (403 `forbidden` otherwise),
and only with the token's own agency's data (another agency's case is 404, a list or
a draft is the token's agency's, a submission is registered at the token's agency).
Public endpoints answer the same to everyone, token or not. A new endpoint without a
row here fails `test_every_endpoint_of_the_document_is_in_the_matrix`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai_web.agencies.models import Agency
from gongkai_web.api import tokens
from gongkai_web.api.models import Scope
from gongkai_web.applications.models import Application
from gongkai_web.catalog.models import CatalogItem
from gongkai_web.demo.annual import load_demo
from gongkai_web.portal.views import PUBLIC_STATUSES

from .conftest import APPLICATION, bearer

PUBLIC = {
    "GET /api/v1/agencies/": "/api/v1/agencies/",
    "GET /api/v1/agencies/{code}": "/api/v1/agencies/demo",
    "GET /api/v1/agencies/{code}/guide": "/api/v1/agencies/demo/guide",
    "GET /api/v1/catalog/": "/api/v1/catalog/?agency=demo",
    "GET /api/v1/catalog/{item_id}": "/api/v1/catalog/{item}",
    "GET /api/v1/reports/": "/api/v1/reports/?agency=demo&year=2021",
    "GET /api/v1/reports/{code}/{year}/v{number}.json": (
        "/api/v1/reports/demo/2021/v1.json"
    ),
}
CLIENT = {
    "POST /api/v1/applications": Scope.SUBMIT,
    "GET /api/v1/applications/{tracking_number}": Scope.STATUS,
    "GET /api/v1/cases/": Scope.CASES,
    "GET /api/v1/reports/draft": Scope.READ_DRAFTS,
}
NOT_AN_ENDPOINT = {"GET /api/v1/openapi.json", "GET /api/v1/docs"}


def test_every_endpoint_of_the_document_is_in_the_matrix(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operations = {
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method in methods
    }
    assert operations == set(PUBLIC) | set(CLIENT)
    for operation in CLIENT:
        method, path = operation.split(" ")
        assert document["paths"][path][method.lower()]["security"], operation


@pytest.fixture
def case_of_city(agency: Agency, client: Client) -> dict[str, Any]:
    """A case of `agency` submitted through the API: its receipt."""
    secret = tokens.create(agency, "门户", [Scope.SUBMIT]).secret
    answer = client.post(
        "/api/v1/applications",
        json.dumps({**APPLICATION, "id_document": "110101199003072345"}),
        content_type="application/json",
        **bearer(secret),
    )
    assert answer.status_code == 201
    return dict(answer.json())


def send(client: Client, operation: str, secret: str, receipt: dict[str, Any]) -> Any:
    if operation == "POST /api/v1/applications":
        return client.post(
            "/api/v1/applications",
            json.dumps(APPLICATION),
            content_type="application/json",
            **bearer(secret),
        )
    url = {
        "GET /api/v1/applications/{tracking_number}": (
            f"/api/v1/applications/{receipt['tracking_number']}"
            f"?code={receipt['verification_code']}"
        ),
        "GET /api/v1/cases/": "/api/v1/cases/",
        "GET /api/v1/reports/draft": "/api/v1/reports/draft?year=2023",
    }[operation]
    return client.get(url, **bearer(secret))


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("scope", list(Scope))
@pytest.mark.parametrize("operation", list(CLIENT))
def test_client_endpoint_by_scope_and_agency(
    agency: Agency,
    other_agency: Agency,
    client: Client,
    case_of_city: dict[str, Any],
    operation: str,
    scope: Scope,
    whose: str,
) -> None:
    holder = agency if whose == "own" else other_agency
    secret = tokens.create(holder, "门户", [scope]).secret
    response = send(client, operation, secret, case_of_city)
    body = response.json()
    if scope is not CLIENT[operation]:
        assert response.status_code == 403, body
        assert body["code"] == "forbidden" and scope.value not in body["message_en"]
        return
    number = case_of_city["tracking_number"]
    if scope is Scope.SUBMIT:
        assert response.status_code == 201, body
        assert body["agency"] == holder.code
        assert Application.objects.filter(agency=holder).count() == (
            2 if whose == "own" else 1
        )
    elif scope is Scope.STATUS:
        if whose == "own":
            assert response.status_code == 200 and body["tracking_number"] == number
        else:
            assert response.status_code == 404 and body["code"] == "not_found"
    elif scope is Scope.CASES:
        assert response.status_code == 200
        numbers = [c["tracking_number"] for c in body["items"]]
        assert numbers == ([number] if whose == "own" else [])
        assert all(c["agency"] == holder.code for c in body["items"])
    else:
        assert response.status_code == 200, body
        assert body["agency"] == holder.code


@pytest.mark.parametrize("operation", list(CLIENT))
def test_client_endpoint_without_a_live_token(
    agency: Agency, client: Client, case_of_city: dict[str, Any], operation: str
) -> None:
    secret = tokens.create(agency, "门户", list(Scope)).secret
    call_command("token", "revoke", secret)
    for given in ("", "gk_" + "x" * 43, secret):
        response = send(client, operation, given, case_of_city)
        assert response.status_code == 401, (given, response.content)
        assert response.json()["code"] == "unauthorized"
    assert Application.objects.count() == 1  # only the fixture's


@pytest.fixture
def demo(db: None) -> Agency:
    load_demo()
    return Agency.objects.get(code="demo")


def test_public_endpoints_answer_everyone_alike(
    demo: Agency, other_agency: Agency, token_for: Callable[..., str]
) -> None:
    # One demo installation for every public endpoint (loading it takes seconds).
    revoked = token_for(demo, *Scope)
    call_command("token", "revoke", revoked)
    secrets = [
        token_for(holder, scope) for holder in (demo, other_agency) for scope in Scope
    ] + [revoked, "gk_unknown"]
    item = CatalogItem.objects.filter(agency=demo, status__in=PUBLIC_STATUSES).first()
    assert item is not None
    for operation, template in PUBLIC.items():
        url = template.replace("{item}", str(item.pk))
        anonymous = Client().get(url)
        assert anonymous.status_code == 200, (operation, anonymous.content)
        for secret in secrets:
            answer = Client().get(url, **bearer(secret))
            assert answer.status_code == 200, (operation, secret)
            assert answer.content == anonymous.content, operation
