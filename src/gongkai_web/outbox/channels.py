"""Sending one message through its channel: e-mail (Django's backends) or SMS.

`send` raises `Refused` when the other side said no for good (an SMTP 5xx, a provider
error that retrying will not cure) and any other exception for a failure worth
retrying later (a server down, a 4xx, a timeout).

E-mail carries the outbox id as its Message-ID, `<uid@domain>`: if a message is sent
a second time after a crash (see `delivery`), the copy is recognisably the same mail.
"""

from __future__ import annotations

import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from gongkai_web.outbox.models import Channel, Message
from gongkai_web.outbox.sms import SmsRefused, sms_backend


class Refused(Exception):
    """The server or provider refused the message for good: retrying will not help."""


def message_id_of(message: Message) -> str:
    """Return the Message-ID header of `message`: its outbox id at the sender's domain."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "gongkai.localhost"
    return f"<{message.uid}@{domain}>"


def _permanent(exc: Exception) -> bool:
    """Tell whether an SMTP error is a 5xx (refused for good)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def send_email(message: Message) -> None:
    """Send `message` by e-mail with its attachments.

    Raises:
        Refused: for an SMTP 5xx answer.
    """
    email = EmailMessage(
        subject=message.subject,
        body=message.text,
        to=[message.recipient],
        headers={"Message-ID": message_id_of(message)},
        connection=get_connection(fail_silently=False),
    )
    for attachment in message.attachments.all():
        email.attach(attachment.name, bytes(attachment.data), attachment.content_type)
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPException as exc:
        if _permanent(exc):
            raise Refused(f"SMTP: {exc}") from exc
        raise


def send(message: Message) -> None:
    """Send `message` through its channel.

    Raises:
        Refused: refused for good; any other exception: worth retrying.
    """
    if message.channel == Channel.EMAIL:
        send_email(message)
    elif message.channel == Channel.SMS:
        try:
            sms_backend().send(
                message.recipient, message.text, reference=str(message.uid)
            )
        except SmsRefused as exc:
            if exc.is_final:
                raise Refused(str(exc)) from exc
            raise
    else:
        raise Refused(f"unknown channel {message.channel!r}")
