"""Sending the outbox: claim a message, send it, mark it — each step its own commit.

A message moves pending → sending → sent (or failed) by conditional UPDATEs, so two
workers, or a task delivered twice, cannot both claim it: the one whose UPDATE
changed a row sends, the other returns. The claim is committed *before* the mail is
handed to the server, and "sent" is committed after.

The window. A worker that dies after the server accepted the mail and before "sent"
is committed leaves the message in `sending`. Nothing can tell whether that mail went
out, so after `LEASE` the next sweep (`send_due`, run by beat, cron or
`gongkai notify send`) claims it again and sends it again: at least once, never
lost. The copy carries the same Message-ID (the outbox id), so a server or mail
client that deduplicates on it shows it once (tests/gongkai_web/outbox/test_crash.py
kills a real worker in that window). Marking "sent" before sending would turn this
into at most once — a lost statutory notice — which is the worse failure here.

A refusal for good (SMTP 5xx) fails the message at once; anything else (server down,
4xx, timeout) is retried with backoff up to `MAX_ATTEMPTS`, then fails. A failed
message is shown on its case and on the staff page of failed messages, where
`services.resend` puts it back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai_web.outbox import channels
from gongkai_web.outbox.models import Message, State

log = logging.getLogger("gongkai.outbox")

LEASE = timedelta(minutes=10)  # a message in `sending` longer than this is taken over
MAX_ATTEMPTS = 5
BACKOFF = timedelta(minutes=1)  # doubled after each transient failure


def _due(now: datetime) -> Q:
    return Q(state=State.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    ) | Q(state=State.SENDING, claimed_at__lt=now - LEASE)


def claim(pk: int, now: datetime) -> Message | None:
    """Take message `pk` for sending if it is due; None if it is not (or taken)."""
    with transaction.atomic():
        taken = (
            Message.objects.filter(_due(now), pk=pk).update(
                state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
            == 1
        )
    return Message.objects.get(pk=pk) if taken else None


def deliver(pk: int, *, now: datetime | None = None) -> str:
    """Send message `pk` if it is due and nobody else is sending it; return its state.

    Call it outside a transaction (after commit): the claim must be committed before
    the message leaves.
    """
    now = now or timezone.now()
    message = claim(pk, now)
    if message is None:
        return str(Message.objects.values_list("state", flat=True).get(pk=pk))
    try:
        channels.send(message)
    except channels.Refused as exc:
        return _fail(message, str(exc))
    except Exception as exc:  # worth retrying: server down, 4xx, timeout (see module)
        if message.attempts >= MAX_ATTEMPTS:
            return _fail(message, f"{type(exc).__name__}: {exc}")
        later = now + BACKOFF * 2 ** (message.attempts - 1)
        _finish(message, State.PENDING, f"{type(exc).__name__}: {exc}", later)
        log.warning("message %s: will retry at %s: %s", message.uid, later, exc)
        return State.PENDING
    _finish(message, State.SENT, "", None, sent_at=timezone.now())
    return State.SENT


def _fail(message: Message, error: str) -> str:
    _finish(message, State.FAILED, error, None)
    log.error("message %s to %s failed: %s", message.uid, message.recipient, error)
    return State.FAILED


def _finish(
    message: Message,
    state: State,
    error: str,
    next_attempt_at: datetime | None,
    *,
    sent_at: datetime | None = None,
) -> None:
    """Record the end of this attempt, unless another worker took the message over."""
    Message.objects.filter(
        pk=message.pk, state=State.SENDING, claimed_at=message.claimed_at
    ).update(
        state=state,
        last_error=error[:2000],
        next_attempt_at=next_attempt_at,
        sent_at=sent_at,
    )


def due_ids(now: datetime | None = None, *, limit: int = 500) -> list[int]:
    """Return the ids of messages due for sending (oldest first)."""
    now = now or timezone.now()
    return list(
        Message.objects.filter(_due(now))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def send_due(now: datetime | None = None) -> dict[str, int]:
    """Send every due message (the sweep); return how many ended in each state."""
    counts: dict[str, int] = {}
    for pk in due_ids(now):
        state = deliver(pk, now=now)
        counts[state] = counts.get(state, 0) + 1
    return counts


def seconds_until_due(pk: int, now: datetime | None = None) -> float | None:
    """Return how long until message `pk` may be tried again; None once finished."""
    now = now or timezone.now()
    message = Message.objects.only("state", "next_attempt_at", "claimed_at").get(pk=pk)
    if message.state == State.PENDING:
        due = message.next_attempt_at or now
    elif message.state == State.SENDING:
        due = (message.claimed_at or now) + LEASE + timedelta(seconds=1)
    else:
        return None
    return max((due - now).total_seconds(), 0.0)


def dispatch(pk: int, *, prepare: Callable[[int], None] | None = None) -> None:
    """Send message `pk` (called after the commit that wrote it): on a Celery worker
    when a broker is configured (GONGKAI_BROKER_URL), else now, in this process.

    `prepare(pk)` runs first, here (see `services.enqueue`); then the message is due.
    A failure to even try (the database gone, the broker down) is logged; the message
    stays due and the next sweep (`gongkai notify send`) sends it.
    """
    from gongkai_web.jobs import broker
    from gongkai_web.jobs.services import is_queued_on_broker

    if prepare is not None:
        try:
            prepare(pk)
        except Exception:
            log.exception("message #%s: not completed; it is sent as written", pk)
        Message.objects.filter(pk=pk, state=State.PENDING, attempts=0).update(
            next_attempt_at=timezone.now()
        )
    try:
        if is_queued_on_broker():
            broker.send("gongkai.outbox.deliver", pk)
        else:
            deliver(pk)
    except Exception:
        log.exception("message #%s: not sent now; the next sweep sends it", pk)
