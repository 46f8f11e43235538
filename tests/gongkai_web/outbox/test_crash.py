"""The at-least-once window, on real parts: a `gongkai notify send` worker process is
killed after the SMTP server took the mail and before "sent" was committed.

The message stays `sending`; after the lease a second worker sends it again, with the
same Message-ID, and marks it sent. The server received two copies, one Message-ID:
the mailbox (deduplicating on it) holds one mail. Nothing is lost, nothing is marked
sent that was not.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from gongkai_web.agencies.models import Agency
from gongkai_web.outbox.delivery import LEASE
from gongkai_web.outbox.models import Audience, Channel, Message, NoticeKind, State
from gongkai_web.outbox.services import Recipient, enqueue
from tests.gongkai_web.outbox.smtp import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)
REPO = Path(__file__).resolve().parents[3]


def worker(smtp: SmtpServer) -> subprocess.Popen[bytes]:
    """Start `notify send` against this test database and the test SMTP server."""
    if connection.vendor != "sqlite":
        pytest.skip("the worker process reads the SQLite test database file")
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "GONGKAI_EMAIL_HOST": "127.0.0.1",
        "GONGKAI_EMAIL_PORT": str(smtp.port),
        "GONGKAI_EMAIL_FROM": "gongkai@city.example.gov.cn",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "django", "notify", "send"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_a_worker_killed_between_sent_and_marked_sent_loses_nothing(
    smtp: SmtpServer, settings: Any, agency: Agency
) -> None:
    settings.EMAIL_PORT = 1  # the test process itself does not send on commit
    message = enqueue(
        kind=NoticeKind.RECEIPT,
        recipient=Recipient(Audience.APPLICANT, Channel.EMAIL, "lisi@example.com"),
        subject="【示范市】已收到您的申请（编号 2024-0001）",
        text="李四：已收到。\n",
        agency=agency,
        case=(1, "2024-0001"),
    )
    Message.objects.filter(pk=message.pk).update(
        state=State.PENDING, attempts=0, last_error="", next_attempt_at=None
    )

    first = worker(smtp)
    smtp.sink.kill_pid = first.pid  # killed once the server has the mail
    first.wait(timeout=60)
    assert first.returncode == -9
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENDING, 1)
    assert len(smtp.sink.received) == 1

    # The lease of the dead worker runs out; the next sweep takes the message over.
    Message.objects.filter(pk=message.pk).update(
        claimed_at=message.claimed_at - LEASE - timedelta(seconds=1)  # type: ignore[operator]
    )
    second = worker(smtp)
    output = second.communicate(timeout=60)[0].decode()
    assert second.returncode == 0, output
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 2)

    first_copy, second_copy = smtp.sink.received
    assert first_copy["Message-ID"] == second_copy["Message-ID"]
    assert first_copy["Message-ID"] == f"<{message.uid}@city.example.gov.cn>"
    assert len(smtp.sink.mailbox) == 1  # what the applicant sees

    third = worker(smtp)  # and a later sweep sends nothing more
    third.communicate(timeout=60)
    assert len(smtp.sink.received) == 2
