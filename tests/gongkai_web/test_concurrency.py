"""Concurrent writes (security review F5): two staff replying to one case at the same
moment, and the site while a ledger import holds its write transaction. Real threads,
each with its own connection, on SQLite and on PostgreSQL (`make test-postgres`).

The loser of a race gets the clean refusal (the case is already answered) or, when the
database is locked by the other writer, a 503 page that says nothing was saved and to
try again — never a 500.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from gongkai.ledger import parse_ledger
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application, ApplicationEvent
from gongkai_web.applications.services import ledger as ledger_service
from tests.gongkai_web.conftest import make_application

Login = Callable[[Any], Client]
CLEAN = ("申请已答复", "已答复")
RETRY = "请稍等几秒后重试"


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads at once; return their results (or exceptions)."""
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", range(3))
def test_two_staff_replying_at_once_never_get_a_500(
    agency: Agency,
    registrar: Any,
    handler: Any,
    approver: Any,
    login: Login,
    monkeypatch: pytest.MonkeyPatch,
    run: int,
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    clients = [login(handler), login(approver)]
    for client in clients:
        client.raise_request_exception = False
    both_inside = threading.Barrier(2, timeout=3)
    real_replay = services.actions._replay_with

    def replay_together(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            both_inside.wait()  # both read the open case before either writes
        return real_replay(*args, **kwargs)

    monkeypatch.setattr(services.actions, "_replay_with", replay_together)

    def reply(client: Client) -> Callable[[], Any]:
        return lambda: client.post(
            f"/cases/{case.pk}/reply/",
            {"on": "2024-05-31", "outcome": "granted", "note": ""},
        )

    responses = run_together(*(reply(c) for c in clients))
    statuses = sorted(r.status_code for r in responses)
    assert 500 not in statuses, statuses
    assert statuses[0] in (200, 302, 400, 503) and 302 in statuses, statuses
    for response in responses:
        text = response.content.decode()
        if response.status_code == 503:
            assert RETRY in text and response.headers["Retry-After"]
        elif response.status_code != 302:
            assert any(marker in text for marker in CLEAN), text[-500:]
    replies = ApplicationEvent.objects.filter(application=case, action="reply")
    assert replies.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_portal_answers_while_a_ledger_import_writes(
    agency: Agency, registrar: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "\n".join(
        f"2024-{n:03},2024-01-05,自然人,申请人{n},内容{n}" for n in range(1, 40)
    )
    ledger = parse_ledger(
        f"编号,收到日期,申请人类型,申请人,申请内容\n{rows}\n".encode(), "big.csv"
    )
    writing, done = threading.Event(), threading.Event()
    real_describe = ledger_service._describe

    def slow_describe(*args: Any, **kwargs: Any) -> Any:
        writing.set()  # the import is inside its write transaction now
        done.wait(timeout=5)
        return real_describe(*args, **kwargs)

    monkeypatch.setattr(ledger_service, "_describe", slow_describe)

    def import_ledger() -> Any:
        return services.import_ledger(agency, registrar, ledger, sha256="x")

    def browse() -> list[int]:
        writing.wait(timeout=10)
        client = Client()
        client.raise_request_exception = False
        try:
            return [
                client.get(url).status_code
                for url in (f"/portal/{agency.code}/", f"/portal/{agency.code}/apply/")
            ]
        finally:
            done.set()

    imported, pages = run_together(import_ledger, browse)
    assert not isinstance(imported, Exception), imported
    assert all(status in (200, 503) for status in pages), pages
    assert Application.objects.count() == 39


@pytest.mark.django_db(transaction=True)
def test_the_same_ledger_imported_twice_at_once_is_stored_once(
    agency: Agency, registrar: Any, agency_admin: Any
) -> None:
    """Security review F11: on PostgreSQL the loser of two imports at once was an
    IntegrityError (500). Now the imports of an agency take turns: the second finds
    the cases of the first and stores nothing twice."""
    rows = "\n".join(
        f"2024-{n:03},2024-01-05,自然人,申请人{n},内容{n}" for n in range(1, 200)
    )
    ledger = parse_ledger(
        f"编号,收到日期,申请人类型,申请人,申请内容\n{rows}\n".encode(), "same.csv"
    )
    both = threading.Barrier(2, timeout=5)

    def import_as(user: Any) -> Callable[[], Any]:
        def run() -> Any:
            both.wait()
            return services.import_ledger(agency, user, ledger, sha256="x")

        return run

    results = run_together(import_as(registrar), import_as(agency_admin))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Application.objects.filter(agency=agency).count() == 199
