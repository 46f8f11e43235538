"""Writing messages into the outbox and asking for one to be sent again.

`enqueue` is called by the services of the apps above inside the transaction that
records the event; the message is handed to `delivery.dispatch` once that transaction
commits (a rolled-back event leaves no message and sends nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.errors import InvalidInput
from gongkai_web.agencies.access import User
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.outbox import delivery
from gongkai_web.outbox.models import (
    Audience,
    Channel,
    Message,
    MessageAttachment,
    NoticeKind,
    State,
)


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


# How long a message that is completed after its commit (`prepare`) waits for it: past
# this, a sweep sends it as written (say the process died while completing it).
PREPARE_HOLD = timedelta(minutes=5)


@dataclass(frozen=True)
class Recipient:
    audience: Audience
    channel: Channel
    address: str  # an e-mail address or a phone number
    user_id: int | None = None


def enqueue(
    *,
    kind: NoticeKind,
    recipient: Recipient,
    subject: str,
    text: str,
    agency: Agency | None = None,
    case: tuple[int, str] | None = None,
    attachments: Sequence[Attachment] = (),
    key: str | None = None,
    prepare: Callable[[int], None] | None = None,
) -> Message:
    """Write one message and send it after the surrounding transaction commits.

    `case` is the (id, tracking number) of the application it concerns. A message with
    the `key` of an existing one is that message: nothing new is written or sent.
    `prepare(pk)` completes the message after the commit and before it is sent (work
    too slow to do while the event's locks are held: a letter's PDF), typically by
    `attach`; the message is not due before it ran (or `PREPARE_HOLD` passed), and a
    `prepare` that fails is logged and the message sent as written.
    """
    if key is not None:
        found = Message.objects.filter(key=key).first()
        if found is not None:
            return found
    with transaction.atomic():
        message = Message.objects.create(
            key=key,
            agency=agency,
            case_id=case[0] if case else None,
            case_number=case[1] if case else "",
            audience=recipient.audience,
            recipient=recipient.address,
            recipient_user_id=recipient.user_id,
            channel=recipient.channel,
            kind=kind,
            subject=subject,
            text=text,
            next_attempt_at=timezone.now() + PREPARE_HOLD if prepare else None,
        )
        for attachment in attachments:
            MessageAttachment.objects.create(
                message=message,
                name=attachment.name,
                content_type=attachment.content_type,
                data=attachment.data,
            )
        pk = message.pk
        transaction.on_commit(lambda: delivery.dispatch(pk, prepare=prepare))
    return message


def attach(pk: int, attachment: Attachment) -> bool:
    """Add a file to message `pk` if it has not been tried yet; tell whether it was.

    For `prepare`: a message a sweep took meanwhile (after `PREPARE_HOLD`) is left as
    it went, so the outbox never lists a file that was not sent.
    """
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=pk)
        if message.state != State.PENDING or message.attempts:
            return False
        MessageAttachment.objects.create(
            message=message,
            name=attachment.name,
            content_type=attachment.content_type,
            data=attachment.data,
        )
    return True


def resend(pk: int, user: User, agency: Agency) -> Message:
    """Put a failed message of `agency` back in the queue and send it after commit.

    Raises:
        InvalidInput: for a message that is not failed (already sent, or queued).
    """
    with transaction.atomic():
        moved = Message.objects.filter(pk=pk, agency=agency, state=State.FAILED).update(
            state=State.PENDING, next_attempt_at=timezone.now()
        )
        message = Message.objects.get(pk=pk, agency=agency)
        if not moved:
            raise InvalidInput(
                f"消息 {message.uid} 的状态是「{message.get_state_display()}」，"
                f"只有发送失败的消息可以重新发送 (only a failed message can be resent)"
            )
        record(
            user,
            AuditAction.EVENT,
            agency=agency,
            target=message,
            summary=f"重新发送消息 {message.case_number} "
            f"{message.get_kind_display()} → {message.recipient}",
        )
        transaction.on_commit(lambda: delivery.dispatch(pk))
    return message
