"""Users and roles of an agency, passwords, and the system administrator, in the UI."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import PASSWORD

Login = Callable[[Any], Client]
NEW = {"username": "clerk2", "full_name": "王五", "password": "", "roles": ["handler"]}


def test_agency_admin_adds_a_user_whose_generated_password_is_shown_once(
    agency: Agency, agency_admin: Any, login: Login
) -> None:
    response = login(agency_admin).post(f"/a/{agency.code}/users/", NEW, follow=True)
    html = response.content.decode()
    shown = re.search(r"初始密码 (\S+)（只显示这一次）", html)
    assert shown, html
    user = get_user_model().objects.get(username="clerk2")
    assert user.check_password(shown.group(1)) and user.first_name == "王五"
    assert set(user.memberships.values_list("role", flat=True)) == {"handler"}
    assert AuditLog.objects.filter(
        action=AuditAction.USER_CREATE, agency=agency, actor=agency_admin
    ).exists()
    # The page of the user shows the password no more.
    again = login(agency_admin).get(f"/a/{agency.code}/users/{user.pk}/")
    assert shown.group(1) not in again.content.decode()


def test_a_password_the_validators_refuse_is_named_next_to_the_field(
    agency: Agency, agency_admin: Any, login: Login
) -> None:
    response = login(agency_admin).post(
        f"/a/{agency.code}/users/", {**NEW, "password": "short"}
    )
    assert response.status_code == 200
    assert "密码不符合要求" in response.content.decode()
    assert not get_user_model().objects.filter(username="clerk2").exists()


def test_only_the_agency_administrator_manages_users_of_their_agency(
    agency: Agency, handler: Any, outsider: Any, login: Login
) -> None:
    assert login(handler).get(f"/a/{agency.code}/users/").status_code == 403
    assert login(handler).post(f"/a/{agency.code}/users/", NEW).status_code == 403
    assert login(outsider).get(f"/a/{agency.code}/users/").status_code == 404
    assert not get_user_model().objects.filter(username="clerk2").exists()


def test_a_grant_and_a_revocation_appear_in_the_audit_log_once_each(
    agency: Agency, agency_admin: Any, handler: Any, login: Login
) -> None:
    client = login(agency_admin)
    base = f"/a/{agency.code}/users/{handler.pk}/"
    assert client.post(base + "grant/", {"role": "approver"}).status_code == 302
    assert Role.APPROVER in set(handler.memberships.values_list("role", flat=True))
    grants = AuditLog.objects.filter(action=AuditAction.ROLE_GRANT, agency=agency)
    assert [g.data["role"] for g in grants.filter(actor=agency_admin)] == ["approver"]
    assert client.post(base + "revoke/approver/").status_code == 302
    assert not handler.memberships.filter(role="approver").exists()
    revoked = AuditLog.objects.filter(action=AuditAction.ROLE_REVOKE, agency=agency)
    assert revoked.filter(actor=agency_admin).count() == 1
    # The audit page of the agency lists the grant.
    page = client.get(f"/a/{agency.code}/audit/?action=role_grant").content.decode()
    assert "授予 handler 岗位 approver" in page or "approver" in page


def test_an_agency_administrator_cannot_revoke_their_own_administrator_role(
    agency: Agency, agency_admin: Any, login: Login
) -> None:
    url = f"/a/{agency.code}/users/{agency_admin.pk}/revoke/agency_admin/"
    response = login(agency_admin).post(url, follow=True)
    assert "不能撤销自己的机关管理员岗位" in response.content.decode()
    assert agency_admin.memberships.filter(role="agency_admin").exists()


def test_the_administrator_resets_a_password_and_it_is_audited(
    agency: Agency, agency_admin: Any, handler: Any, login: Login
) -> None:
    url = f"/a/{agency.code}/users/{handler.pk}/password/"
    login(agency_admin).post(url, {"password": "a new long passphrase"})
    handler.refresh_from_db()
    assert handler.check_password("a new long passphrase")
    entry = AuditLog.objects.get(action=AuditAction.PASSWORD_RESET)
    assert entry.actor == agency_admin and entry.agency == agency
    assert "a new long passphrase" not in str(entry.data) + entry.summary


def test_a_user_changes_their_own_password_only_with_the_current_one(
    handler: Any, login: Login
) -> None:
    client = login(handler)
    wrong = {"old": "nope", "new": "another passphrase", "again": "another passphrase"}
    assert "当前密码不正确" in client.post("/password/", wrong).content.decode()
    right = {**wrong, "old": PASSWORD}
    assert client.post("/password/", right).status_code == 302
    handler.refresh_from_db()
    assert handler.check_password("another passphrase")
    # Still signed in after the change.
    assert client.get("/password/").status_code == 200


def test_the_system_administrator_manages_users_of_any_agency(
    agency: Agency, sysadmin: Any, login: Login
) -> None:
    response = login(sysadmin).post(f"/a/{agency.code}/users/", NEW)
    assert response.status_code == 302
    assert Membership.objects.filter(user__username="clerk2", agency=agency).exists()


def test_admin_create_makes_a_system_administrator(db: None) -> None:
    out = io.StringIO()
    call_command("admin", "create", "root", stdout=out)
    password = out.getvalue().rsplit(" ", 1)[-1].strip()
    root = get_user_model().objects.get(username="root")
    assert root.is_superuser and root.check_password(password)
    with pytest.raises(CommandError, match="已被使用"):
        call_command("admin", "create", "root", stdout=io.StringIO())


def test_admin_create_refuses_a_password_the_validators_refuse(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("admin", "create", "root", "--password-stdin")
    assert not get_user_model().objects.filter(username="root").exists()
