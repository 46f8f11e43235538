"""文号 under concurrency: two issuers at once get different, consecutive numbers.

Real threads, each with its own connection, on SQLite and on PostgreSQL
(`make test-postgres`). On SQLite a writer may find the database locked by the other
and try again, as a person would after the 503 page; nobody gets a number twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import OperationalError, connections, transaction

from gongkai_web.agencies.models import Agency
from gongkai_web.applications import letters as letter_module
from gongkai_web.applications.models import Letter
from gongkai_web.applications.services.letters import issue_letter
from tests.gongkai_web.conftest import make_application


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            for _attempt in range(200):  # up to ~10 s
                try:
                    results[index] = call()
                    return
                except OperationalError:  # SQLite: locked by the other writer
                    time.sleep(0.05)
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
def test_two_concurrent_issuers_never_share_a_number(
    agency: Agency,
    registrar: Any,
    handler: Any,
    monkeypatch: pytest.MonkeyPatch,
    run: int,
) -> None:
    cases = [
        make_application(agency, registrar, received=date(2024, 5, 20))
        for _ in range(2)
    ]
    events = [case.events.get(action="register") for case in cases]
    both_inside = threading.Barrier(2, timeout=1)
    real_next = letter_module.next_number

    def next_together(*args: Any, **kwargs: Any) -> int:
        if not transaction.get_connection().in_atomic_block:
            raise AssertionError("a number is taken outside a transaction")
        try:
            both_inside.wait()  # both composed their letter; now both take a number
        except threading.BrokenBarrierError:
            pass
        return real_next(*args, **kwargs)

    monkeypatch.setattr(letter_module, "next_number", next_together)
    results = run_together(
        *(
            (lambda c=case, e=event: issue_letter(c.pk, e.pk, handler))
            for case, event in zip(cases, events, strict=True)
        )
    )
    assert not any(isinstance(r, Exception) or r is None for r in results), results
    numbers = sorted(Letter.objects.values_list("number", flat=True))
    assert numbers == [1, 2]
    assert len({r.document_number for r in results}) == 2
