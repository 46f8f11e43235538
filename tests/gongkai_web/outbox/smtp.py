"""A real SMTP server for the tests: aiosmtpd on loopback, in a thread.

`SmtpSink.received` holds every mail the server accepted the DATA of, raw, in order;
`mailbox` keeps one per Message-ID, as a mail store that deduplicates on it would.
`refuse` makes the server answer 550 to the mail; `kill_pid` makes it kill that
process once it has the mail and before it answers (the at-least-once window).
The port is GONGKAI_TEST_SMTP_PORT, or a free one.
"""

from __future__ import annotations

import os
import signal
import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpSink:
    received: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False
    kill_pid: int | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse:
            return "550 5.7.1 Message refused by the test server"
        mail = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.received.append(mail)
        if self.kill_pid is not None:
            pid, self.kill_pid = self.kill_pid, None
            os.kill(pid, signal.SIGKILL)  # dies before it hears 250
        return "250 2.0.0 OK"

    @property
    def mailbox(self) -> list[EmailMessage]:
        """The mails, one per Message-ID (the first copy)."""
        seen: dict[str, EmailMessage] = {}
        for mail in self.received:
            seen.setdefault(str(mail["Message-ID"]), mail)
        return list(seen.values())


class SmtpServer:
    def __init__(self) -> None:
        self.port = int(os.environ.get("GONGKAI_TEST_SMTP_PORT") or free_port())
        self.sink = SmtpSink()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def body_of(mail: EmailMessage) -> str:
    part = mail.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def attachments_of(mail: EmailMessage) -> list[tuple[str, bytes]]:
    return [
        (str(part.get_filename()), part.get_payload(decode=True))
        for part in mail.iter_attachments()
    ]
