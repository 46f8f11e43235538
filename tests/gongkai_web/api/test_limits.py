"""Rate limits of the read endpoints: per client address behind a trusted proxy (as the
portal), per token for token reads; a JSON 429 with Retry-After; a new minute, a new
budget; the address itself is not stored. (Under concurrent requests against a live
server: test_concurrent.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client
from django.utils import timezone

from gongkai_web.agencies.models import Agency
from gongkai_web.api.models import Scope
from gongkai_web.portal.models import AttemptKind, ThrottleCounter

from .conftest import bearer

URL = "/api/v1/agencies/"


def test_the_limit_a_json_429_and_a_new_minute(agency: Agency, settings: Any) -> None:
    settings.API_READS_PER_MINUTE = 3
    client = Client()
    assert [client.get(URL).status_code for _ in range(3)] == [200] * 3
    refused = client.get(f"/api/v1/agencies/{agency.code}")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    body = refused.json()
    assert body["code"] == "throttled"
    assert (
        "每分钟最多3次" in body["message_zh"]
        and "3 reads a minute" in body["message_en"]
    )
    assert 1 <= int(refused["Retry-After"]) <= 60
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        assert client.get(URL).status_code == 200


def test_per_client_address_behind_a_trusted_proxy(db: None, settings: Any) -> None:
    settings.API_READS_PER_MINUTE = 2
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxied = Client(REMOTE_ADDR="127.0.0.1")  # the middleware reads the setting now

    def via(address: str) -> int:
        return int(proxied.get(URL, HTTP_X_FORWARDED_FOR=address).status_code)

    assert [via("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert via("203.0.113.8") == 200
    counters = ThrottleCounter.objects.filter(kind=AttemptKind.API_READ)
    assert counters.count() == 2  # one per address, and no address stored in clear
    assert not counters.filter(key__contains="203.0.113").exists()


def test_a_forwarded_for_from_an_untrusted_peer_is_ignored(
    db: None, settings: Any
) -> None:
    settings.API_READS_PER_MINUTE = 2
    settings.TRUSTED_PROXIES = []
    direct = Client(REMOTE_ADDR="198.51.100.9")
    answers = [
        direct.get(URL, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]
    assert answers == [200, 200, 429]


def test_token_reads_count_per_token(
    agency: Agency, settings: Any, token_for: Callable[..., str]
) -> None:
    settings.API_READS_PER_MINUTE = 2
    first, second = token_for(agency, Scope.CASES), token_for(agency, Scope.CASES)
    client = Client()

    def cases(secret: str) -> int:
        return int(client.get("/api/v1/cases/", **bearer(secret)).status_code)

    assert [cases(first) for _ in range(3)] == [200, 200, 429]
    assert cases(second) == 200
    assert client.get(URL).status_code == 200  # the address has its own budget
    refused = client.get("/api/v1/cases/", **bearer(first))
    assert refused.json()["code"] == "throttled" and refused["Retry-After"]
