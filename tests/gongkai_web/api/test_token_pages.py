"""The token page: the agency administrator issues, lists and revokes their agency's
tokens, the system administrator any agency's; the token is shown once; every issue
and revocation is in the audit log; nobody else may (a handler, another agency's
administrator); Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gongkai_web.agencies.models import Agency
from gongkai_web.api import tokens
from gongkai_web.api.models import ApiToken, Scope
from gongkai_web.audit.models import AuditAction, AuditLog

from .conftest import bearer

SECRET = re.compile(r"gk_[A-Za-z0-9_-]{43}")


def issue(browser: Client, agency: Agency, **data: Any) -> Any:
    body = {"client": "省政务服务网", "scopes": [Scope.SUBMIT, Scope.STATUS], **data}
    return browser.post(f"/a/{agency.code}/tokens/", body)


@pytest.mark.parametrize("who", ["agency_admin", "sysadmin"])
def test_issue_shown_once_listed_and_revoked(
    agency: Agency,
    login: Callable[[Any], Client],
    request: pytest.FixtureRequest,
    who: str,
) -> None:
    user = request.getfixturevalue(who)
    client = login(user)
    page = client.get(f"/a/{agency.code}/tokens/")
    assert page.status_code == 200
    assert "接口令牌" in page.content.decode()
    answer = issue(client, agency)
    assert answer.status_code == 200
    html = answer.content.decode()
    (secret,) = SECRET.findall(html)
    token = ApiToken.objects.get()
    assert (token.agency, token.created_by, token.client) == (
        agency,
        user,
        "省政务服务网",
    )
    assert token.scopes == sorted([Scope.STATUS.value, Scope.SUBMIT.value])
    assert token.digest == tokens.digest(secret)
    # It works, and it is never shown again.
    api = Client().get("/api/v1/applications/X-1?code=AAAAAAAA", **bearer(secret))
    assert api.status_code == 404
    listed = client.get(f"/a/{agency.code}/tokens/").content.decode()
    assert secret not in listed and token.prefix in listed
    assert "代申请人提交申请" in listed
    issued = AuditLog.objects.get(action=AuditAction.TOKEN_ISSUE)
    assert (issued.actor, issued.agency) == (user, agency)
    assert "省政务服务网" in issued.summary and secret not in str(issued.data)
    gone = client.post(f"/a/{agency.code}/tokens/{token.pk}/revoke/")
    assert gone.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = AuditLog.objects.get(action=AuditAction.TOKEN_REVOKE)
    assert (revoked.actor, revoked.agency) == (user, agency)
    again = Client().get("/api/v1/applications/X-1?code=AAAAAAAA", **bearer(secret))
    assert again.status_code == 401


def test_the_scopes_come_from_the_list_and_a_client_is_named(
    agency: Agency, agency_admin: Any, login: Callable[[Any], Client]
) -> None:
    client = login(agency_admin)
    html = client.get(f"/a/{agency.code}/tokens/").content.decode()
    for scope in Scope:
        assert f'value="{scope.value}"' in html
    unknown = issue(client, agency, scopes=["admin:everything"]).content.decode()
    none = issue(client, agency, scopes=[]).content.decode()
    nameless = issue(client, agency, client="").content.decode()
    controlled = issue(client, agency, client="门户\x01").content.decode()
    assert "请至少选择一项权限范围" in none
    assert "请填写客户端名称" in nameless
    assert "控制字符" in controlled
    assert "admin:everything" in unknown and not SECRET.search(unknown)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("who", ["handler", "auditor", "registrar", "outsider"])
def test_others_may_not_issue_list_or_revoke(
    agency: Agency,
    login: Callable[[Any], Client],
    request: pytest.FixtureRequest,
    who: str,
) -> None:
    existing = tokens.create(agency, "门户", [Scope.STATUS]).token
    client = login(request.getfixturevalue(who))
    # Members without the administrator's role see 403; another agency's
    # administrator does not see the agency's pages at all (404).
    refused = {"outsider": 404}.get(who, 403)
    assert client.get(f"/a/{agency.code}/tokens/").status_code == refused
    assert issue(client, agency).status_code == refused
    revoke = client.post(f"/a/{agency.code}/tokens/{existing.pk}/revoke/")
    assert revoke.status_code == refused
    existing.refresh_from_db()
    assert existing.revoked_at is None
    assert ApiToken.objects.count() == 1
    assert not AuditLog.objects.filter(action=AuditAction.TOKEN_REVOKE).exists()


def test_an_admin_cannot_revoke_another_agencys_token_through_their_own_page(
    agency: Agency,
    other_agency: Agency,
    agency_admin: Any,
    login: Callable[[Any], Client],
) -> None:
    theirs = tokens.create(other_agency, "门户", [Scope.STATUS]).token
    client = login(agency_admin)
    response = client.post(f"/a/{agency.code}/tokens/{theirs.pk}/revoke/")
    assert response.status_code == 404
    assert client.get(f"/a/{other_agency.code}/tokens/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    page = client.get(f"/a/{agency.code}/tokens/").content.decode()
    assert theirs.prefix not in page


def test_the_page_in_english_and_in_the_menu(
    agency: Agency, agency_admin: Any, handler: Any, login: Callable[[Any], Client]
) -> None:
    tokens.create(agency, "门户", [Scope.CASES])
    html = login(agency_admin).get(f"/a/{agency.code}/tokens/", {"lang": "en"})
    text = html.content.decode()
    assert '<html lang="en">' in text
    assert "API tokens" in text and "Read this agency&#x27;s cases (masked)" in text
    assert "接口令牌" not in text
    menu = login(agency_admin).get(f"/a/{agency.code}/").content.decode()
    assert f'href="/a/{agency.code}/tokens/"' in menu
    assert f'href="/a/{agency.code}/tokens/"' not in (
        login(handler).get(f"/a/{agency.code}/").content.decode()
    )
