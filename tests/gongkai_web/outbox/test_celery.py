"""The Celery sending path on real parts: Redis, `gongkai worker` processes, and the
aiosmtpd server of smtp.py receiving the mails.

Redis is Debian's redis-server, started here on GONGKAI_TEST_REDIS_PORT or a free
port (or the one .ci/run started, GONGKAI_TEST_REDIS_URL), as for the jobs tests
(tests/gongkai_web/jobs/real.py); without it the tests are skipped, under CI=true they
fail. The workers send through the SMTP server given in their environment
(GONGKAI_EMAIL_HOST/PORT); this process only writes the messages and queues the task
`gongkai.outbox.deliver` after each commit. Time is real here (the workers retry on
the wall clock).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from gongkai.vocabulary import Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from gongkai_web.jobs import celery_app
from gongkai_web.outbox.models import Message, NoticeKind, State
from gongkai_web.outbox.tasks import deliver_message
from tests.gongkai_web.jobs.real import database_url, redis_server, wait_until, workers
from tests.gongkai_web.outbox.smtp import SmtpServer, attachments_of, body_of
from tests.gongkai_web.portal.conftest import submit

pytestmark = pytest.mark.django_db(transaction=True)
FROM = "gongkai@city.example.gov.cn"


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[None]:
    """Real time (overrides the frozen clock of ../conftest.py)."""
    yield


@pytest.fixture(scope="module")
def sink() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def broker(django_db_setup: None, sink: SmtpServer) -> Iterator[str]:
    with redis_server() as url:
        database = database_url(connections["default"].settings_dict)
        mail = {
            "GONGKAI_EMAIL_HOST": "127.0.0.1",
            "GONGKAI_EMAIL_PORT": str(sink.port),
            "GONGKAI_EMAIL_FROM": FROM,
        }
        with workers(url, database, count=2, concurrency=2, extra_env=mail):
            yield url


@pytest.fixture
def on_broker(broker: str, sink: SmtpServer, settings: Any) -> Iterator[SmtpServer]:
    """This process queues on the broker and never sends itself (no SMTP here)."""
    settings.GONGKAI_BROKER_URL = broker
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.app.close()
    celery_app.app.conf.broker_url = broker
    sink.sink.received.clear()
    yield sink
    celery_app.app.close()
    celery_app.app.conf.broker_url = "memory://"


def sent(kind: NoticeKind) -> bool:
    return Message.objects.filter(kind=kind, state=State.SENT).exists()


def test_a_worker_sends_the_receipt_and_the_reply_each_exactly_once(
    agency: Agency, handler: Any, on_broker: SmtpServer, monkeypatch: Any
) -> None:
    from gongkai_web.portal import forms

    monkeypatch.setattr(forms, "MIN_FILL_SECONDS", 0)
    submit(Client(REMOTE_ADDR="198.51.100.7"), agency)
    case = Application.objects.get()
    wait_until(lambda: sent(NoticeKind.RECEIPT), seconds=60, what="the receipt")
    services.reply(case.pk, handler, timezone.localdate(), outcome=Outcome.GRANTED)
    wait_until(lambda: sent(NoticeKind.REPLY), seconds=60, what="the reply")
    for message in Message.objects.all():  # queued twice more: sent already
        deliver_message.apply_async((message.pk,))
        deliver_message.apply_async((message.pk,))
    time.sleep(3)  # the extra deliveries have been taken and done nothing

    receipt, reply = on_broker.sink.received
    assert case.tracking_number in str(receipt["Subject"])
    assert "李四" in body_of(receipt)
    [(name, data)] = attachments_of(reply)
    assert "答复书" in name and data.startswith(b"PK")
    messages = Message.objects.order_by("id")
    assert [(m.kind, m.state, m.attempts) for m in messages] == [
        ("receipt", "sent", 1),
        ("reply", "sent", 1),
    ]
    assert [str(m["Message-ID"]) for m in on_broker.sink.received] == [
        f"<{m.uid}@city.example.gov.cn>" for m in messages
    ]
    assert receipt["From"] == reply["From"] == FROM


def test_a_refused_mail_fails_on_the_worker_and_resending_delivers_it_once(
    agency: Agency,
    registrar: Any,
    handler: Any,
    login: Any,
    on_broker: SmtpServer,
) -> None:
    from tests.gongkai_web.conftest import make_application

    on_broker.sink.refuse = True
    try:
        make_application(agency, registrar)
        message = Message.objects.get()
        wait_until(
            lambda: Message.objects.filter(state=State.FAILED).exists(),
            seconds=60,
            what="the refused mail to fail",
        )
    finally:
        on_broker.sink.refuse = False
    message.refresh_from_db()
    assert "550" in message.last_error and not on_broker.sink.received
    url = f"/a/{agency.code}/messages/{message.pk}/resend/"
    assert login(handler).post(url, {"next": "/"}).status_code == 302
    wait_until(lambda: sent(NoticeKind.RECEIPT), seconds=60, what="the resent mail")
    time.sleep(2)
    assert len(on_broker.sink.received) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 2)
