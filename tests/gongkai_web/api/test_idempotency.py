"""The replay record of an Idempotency-Key: neither the key nor the receipt's code is
readable in the database, yet a retry with the same token and key gets the same
receipt; after 24 hours the sealed code is deleted and a retry is told so (still one
case); rows from before the change lose their code in the migration."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from gongkai_web.agencies.models import Agency
from gongkai_web.api import replay
from gongkai_web.api.models import IdempotencyKey, Scope
from gongkai_web.applications.models import Application
from tests.gongkai_web.conftest import make_application

from .conftest import APPLICATION, bearer

KEY = "portal-2026-000123"


def post(client: Client, secret: str, key: str = KEY) -> Any:
    return client.post(
        "/api/v1/applications",
        json.dumps(APPLICATION),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **bearer(secret),
    )


def raw_rows() -> list[str]:
    """Every replay row as the database holds it, all columns as one text."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_idempotencykey")
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


def test_the_row_holds_neither_code_nor_key_and_a_retry_gets_the_receipt(
    agency: Agency, client: Client, token_for: Callable[..., str]
) -> None:
    secret = token_for(agency, Scope.SUBMIT, Scope.STATUS)
    first = post(client, secret)
    assert first.status_code == 201, first.content
    code = first.json()["verification_code"]
    (row,) = raw_rows()
    for secret_text in (code, code.replace("-", ""), KEY, secret):
        assert secret_text not in row
    assert hashlib.sha256(KEY.encode()).hexdigest() in row
    again = post(client, secret)
    assert again.status_code == 200, again.content
    assert again.json() == first.json()
    assert Application.objects.count() == 1
    status = client.get(
        f"/api/v1/applications/{first.json()['tracking_number']}",
        {"code": again.json()["verification_code"]},
        **bearer(secret),
    )
    assert status.status_code == 200


def test_only_the_same_token_and_key_open_the_sealed_code() -> None:
    now = timezone.now()
    sealed = replay.seal("ABCD2345", bearer="gk_one", key="k")
    assert "ABCD2345" not in sealed

    def opened(bearer: str, key: str) -> str | None:
        return replay.unseal(sealed, bearer=bearer, key=key, created=now, now=now)

    assert opened("gk_one", "k") == "ABCD2345"
    assert opened("gk_two", "k") is None
    assert opened("gk_one", "k2") is None


def test_a_new_secret_key_cannot_open_it_but_a_fallback_can(settings: Any) -> None:
    now = timezone.now()
    sealed = replay.seal("ABCD2345", bearer="gk_one", key="k")
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "another-" + old
    args: dict[str, Any] = {"bearer": "gk_one", "key": "k", "created": now, "now": now}
    assert replay.unseal(sealed, **args) is None
    settings.SECRET_KEY_FALLBACKS = [old]
    assert replay.unseal(sealed, **args) == "ABCD2345"


def test_after_24_hours_the_code_is_gone_and_still_one_case(
    agency: Agency, client: Client, token_for: Callable[..., str]
) -> None:
    secret = token_for(agency, Scope.SUBMIT)
    first = post(client, secret)
    assert first.status_code == 201
    assert IdempotencyKey.objects.get().sealed
    later = timezone.now() + replay.REPLAY_FOR + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        late = post(client, secret)
    assert late.status_code == 409, late.content
    assert late.json()["code"] == "receipt_expired"
    assert first.json()["tracking_number"] in late.json()["message_en"]
    assert Application.objects.count() == 1
    assert IdempotencyKey.objects.get().sealed == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_codes_of_existing_rows(
    agency: Agency, registrar: Any
) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("api", "0001_tokens")])
    old = executor.loader.project_state([("api", "0001_tokens")]).apps
    application = make_application(agency, registrar)
    token = old.get_model("api", "ApiToken").objects.create(
        client="c", agency_id=agency.pk, scopes=[], prefix="gk_x", digest="d" * 64
    )
    old.get_model("api", "IdempotencyKey").objects.create(
        token=token,
        key="old-key",
        body_digest="b" * 64,
        application_id=application.pk,
        code="ABCD2345",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    (row,) = raw_rows()
    assert "ABCD2345" not in row and "old-key" not in row
    found = IdempotencyKey.objects.get()
    assert found.key_digest == replay.key_digest("old-key")
    assert found.sealed == ""
