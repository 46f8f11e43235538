"""Accounts and configuration (security review F4, F9, F14, F19): login lockout,
password rules on every path, role grants in the audit log, append-only tables guarded
by the database, the audit hash chain, security headers, session idle timeout and
friendly error pages. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from gongkai_cli import main
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.audit.models import AuditAction, AuditLog
from gongkai_web.audit.services import record, verify_chain
from tests.gongkai_web.conftest import make_application

Login = Callable[[Any], Client]
GOOD = "correct-horse-battery-staple-7"


@pytest.fixture
def person(agency: Agency) -> Any:
    user = get_user_model().objects.create_user("wanghong", password=GOOD)
    Membership.objects.create(user=user, agency=agency, role=Role.HANDLER)
    return user


def attempt(client: Client, password: str, lang: str = "") -> Any:
    return client.post(
        "/login/" + (f"?lang={lang}" if lang else ""),
        {"username": "wanghong", "password": password},
    )


# --- lockout -------------------------------------------------------------------------


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(
    person: Any,
) -> None:
    client = Client()
    for _ in range(9):
        assert attempt(client, "wrong").status_code == 200
    assert attempt(Client(), GOOD).status_code == 302  # a success resets the run
    for _ in range(10):
        attempt(client, "wrong")
    refused = attempt(Client(), GOOD)  # another browser, the right password
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "账户已被临时锁定" in page and "10" in page
    assert "_auth_user_id" not in refused.client.session
    english = attempt(Client(), GOOD, lang="en")
    assert "This account is locked" in english.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert attempt(Client(), GOOD).status_code == 302


# --- passwords -----------------------------------------------------------------------


@pytest.mark.parametrize("password", ["1", "12345678", "password123", "wanghong"])
def test_the_command_line_refuses_a_weak_password(
    agency: Agency, password: str
) -> None:
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command(
            "agency",
            "add-user",
            "--code",
            agency.code,
            "--username",
            "wanghong",
            "--role",
            "auditor",
            "--password",
            password,
        )
    assert not get_user_model().objects.filter(username="wanghong").exists()


def test_gongkai_add_user_password_1_exits_2(
    agency: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["agency", "add-user", "--code", agency.code, "--username", "weakpw"]
    assert main([*args, "--role", "auditor", "--password", "1"]) == 2
    err = capsys.readouterr().err
    assert "密码不符合要求" in err and "Traceback" not in err


def test_every_password_path_uses_the_validators() -> None:
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    } <= names


# --- role grants in the audit log ----------------------------------------------------


def test_role_grants_and_revocations_are_audit_logged(
    agency: Agency, agency_admin: Any, login: Login
) -> None:
    call_command(
        "agency",
        "add-user",
        "--code",
        agency.code,
        "--username",
        "wanghong",
        "--role",
        "auditor",
        "--password",
        GOOD,
    )
    grant = AuditLog.objects.get(action=AuditAction.ROLE_GRANT, data__user="wanghong")
    assert grant.agency == agency
    assert grant.data == {"user": "wanghong", "role": "auditor"}
    Membership.objects.filter(user__username="wanghong").delete()
    revoke = AuditLog.objects.get(action=AuditAction.ROLE_REVOKE)
    assert revoke.data == {"user": "wanghong", "role": "auditor"}


# --- append-only in the database -----------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditlog SET summary = 'x'",
        "DELETE FROM audit_auditlog",
        "UPDATE applications_applicationevent SET note = 'x'",
        "DELETE FROM applications_applicationevent",
    ],
)
def test_raw_sql_cannot_change_append_only_rows(
    agency: Agency, registrar: Any, sql: str
) -> None:
    make_application(agency, registrar)
    record(registrar, AuditAction.EVENT, agency=agency, summary="登记")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


# --- the audit hash chain ------------------------------------------------------------


def test_audit_verify_passes_then_names_the_first_tampered_row(
    agency: Agency, registrar: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        record(registrar, AuditAction.EVENT, agency=agency, summary=f"第{n}条")
        for n in range(3)
    ]
    assert verify_chain() is None
    assert main(["audit", "verify"]) == 0
    assert f"共 {AuditLog.objects.count()} 条" in capsys.readouterr().out
    with connection.cursor() as cursor:
        on_table = " ON audit_auditlog" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER audit_auditlog_no_update{on_table}")
        cursor.execute(
            "UPDATE audit_auditlog SET summary = 'forged' WHERE id = %s", [rows[1].pk]
        )
    assert verify_chain() == rows[1].pk
    assert main(["audit", "verify"]) == 1
    assert f"#{rows[1].pk}" in capsys.readouterr().err


# --- headers, caching, sessions ------------------------------------------------------


def test_pages_carry_csp_and_security_headers(agency: Agency) -> None:
    response = Client().get(f"/portal/{agency.code}/apply/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert (
        "script-src 'self'" in csp
        and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_with_personal_data_are_not_stored(
    agency: Agency, registrar: Any, login: Login
) -> None:
    case = make_application(agency, registrar)
    client = login(registrar)
    for url in (f"/cases/{case.pk}/", f"/a/{agency.code}/cases/", f"/a/{agency.code}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers["Cache-Control"], url


def test_an_idle_session_expires(agency: Agency, registrar: Any, login: Login) -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60
    client = login(registrar)
    page = f"/a/{agency.code}/"
    assert client.get(page).status_code == 200
    soon = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    with time_machine.travel(soon, tick=False):
        assert client.get(page).status_code == 200  # in use: renewed
    later = soon + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later, tick=False):
        assert client.get(page).status_code == 302


# --- error pages ---------------------------------------------------------------------


def test_error_pages_are_in_the_site_style(agency: Agency) -> None:
    missing = Client().get("/no/such/page/")
    assert missing.status_code == 404
    assert "政府信息公开" in missing.content.decode()
    bad = Client().get("/login/", HTTP_HOST="evil.invalid")
    assert bad.status_code == 400
    assert "请求无效" in bad.content.decode()


def test_server_error_page_is_friendly(agency: Agency) -> None:
    from gongkai_web.errors import server_error

    page = server_error(Client().get("/").wsgi_request)
    assert page.status_code == 500
    text = page.content.decode()
    assert "系统出错" in text and "Server Error (500)" not in text


@pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="a read-only SQLite connection"
)
def test_a_read_only_database_is_a_friendly_503(
    agency: Agency, registrar: Any, login: Login
) -> None:
    client = login(registrar)
    client.raise_request_exception = False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        response = client.post(
            f"/a/{agency.code}/cases/new/",
            {
                "channel": "in_person",
                "received": "2024-06-03",
                "applicant_type": "natural_person",
                "applicant_name": "张三",
                "content": "内容",
            },
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")
    assert response.status_code == 503
    text = response.content.decode()
    assert "暂时无法保存" in text and "Server Error" not in text
    assert response.headers["Retry-After"]
