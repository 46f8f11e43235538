"""Throttling the portal's anonymous forms, kept in the database (shared by processes).

Submissions: one per client (IP address) and per session every `SUBMIT_INTERVAL`, at
most `SUBMIT_DAILY` per client a day. Status lookups: at most `LOOKUP_FAILURES` failed
lookups per client in `LOOKUP_WINDOW`, so verification codes cannot be guessed.
Clients are recognised by an HMAC of the address (the IP itself is not stored). The
address is `REMOTE_ADDR`, which `operations.proxy.ProxyClientMiddleware` sets to the
client's behind a trusted proxy (`GONGKAI_TRUSTED_PROXIES`); an `X-Forwarded-For` from
anyone else is ignored.

Every use is claimed before it happens, atomically: one `ThrottleCounter` row per form
and key, changed only by a conditional UPDATE ("set last_at = now where last_at is old
enough and the window has room") or by the INSERT of a new key under a unique
constraint. Two concurrent requests therefore cannot both pass: on PostgreSQL the
second UPDATE waits for the first transaction and re-reads the row, on SQLite writers
are serialised. A submission claims its slots in the transaction that registers the
application, so a failed registration gives them back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from gongkai.errors import GongkaiError
from gongkai_web.language import is_english
from gongkai_web.portal.models import AttemptKind, ThrottleCounter

SUBMIT_INTERVAL = timedelta(seconds=60)
SUBMIT_DAILY = 10
LOOKUP_WINDOW = timedelta(minutes=15)
LOOKUP_FAILURES = 10
KEEP = timedelta(days=1)  # counters idle for longer are deleted


@dataclass(frozen=True)
class Client:
    """Digests of who is asking: address and session."""

    address: str
    session: str


@dataclass(frozen=True)
class Rule:
    """How often one key may use a form: `spacing` apart, `limit` per `window`."""

    spacing: timedelta
    window: timedelta
    limit: int | None = None


SUBMIT_BY_ADDRESS = Rule(SUBMIT_INTERVAL, timedelta(days=1), SUBMIT_DAILY)
SUBMIT_BY_SESSION = Rule(SUBMIT_INTERVAL, timedelta(days=1))
LOOKUP_BY_ADDRESS = Rule(timedelta(0), LOOKUP_WINDOW, LOOKUP_FAILURES)


@dataclass(frozen=True)
class Refusal:
    """Why a request is throttled, and when to come back."""

    retry_after: int  # seconds
    message_zh: str
    message_en: str

    def message(self) -> str:
        """The message in the language of the request."""
        return self.message_en if is_english() else self.message_zh


class Throttled(GongkaiError):
    """A use of a portal form refused by the throttle; `refusal` says why."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message_zh)
        self.refusal = refusal


class _Full(Exception):
    """Internal: a key had no room; unwinds the savepoint of `claim_submit`."""

    def __init__(self, key: str, rule: Rule) -> None:
        self.key, self.rule = key, rule


def _digest(value: str) -> str:
    return salted_hmac("gongkai.portal.client", value).hexdigest()


def client_of(request: HttpRequest) -> Client:
    """Return the client of a request; starts a session when it has none."""
    if not request.session.session_key:
        request.session.save()
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return Client(_digest(address), _digest(request.session.session_key or ""))


def claim(kind: AttemptKind, key: str, rule: Rule, now: datetime) -> bool:
    """Count one use of `key` now if the rule has room; tell whether it did."""
    expired = Q(window_start__lte=now - rule.window)
    room = Q(last_at__lte=now - rule.spacing)
    if rule.limit is not None:
        room &= expired | Q(count__lt=rule.limit)
    counters = ThrottleCounter.objects.filter(kind=kind, key=key)

    def update() -> bool:
        return bool(
            counters.filter(room).update(
                last_at=now,
                count=Case(
                    When(expired, then=Value(1)),
                    default=F("count") + 1,
                    output_field=models.PositiveIntegerField(),
                ),
                window_start=Case(
                    When(expired, then=Value(now)),
                    default=F("window_start"),
                    output_field=models.DateTimeField(),
                ),
            )
        )

    if update():
        return True
    try:
        with transaction.atomic():  # a savepoint: the unique key may be taken meanwhile
            ThrottleCounter.objects.create(
                kind=kind, key=key, last_at=now, window_start=now, count=1
            )
    except IntegrityError:
        return update()  # another request created it first: it is the row to claim
    forget_idle(now)  # a new key: a moment to forget the idle ones
    return True


def _wait(counter: ThrottleCounter | None, rule: Rule, now: datetime) -> int:
    if counter is None:
        return 1
    if counter.last_at > now - rule.spacing:
        until = counter.last_at + rule.spacing
    else:
        until = counter.window_start + rule.window
    return max(1, math.ceil((until - now).total_seconds()))


def retry_after(kind: AttemptKind, key: str, rule: Rule, now: datetime) -> int:
    """Return the seconds until `key` may use `kind` again under `rule` (at least 1)."""
    return _wait(ThrottleCounter.objects.filter(kind=kind, key=key).first(), rule, now)


def forget_idle(now: datetime) -> None:
    ThrottleCounter.objects.filter(last_at__lt=now - KEEP).delete()


def claim_submit(client: Client, now: datetime) -> None:
    """Count a submission by `client` now, or refuse it.

    Call it inside the transaction that registers the application: if that fails, the
    claim is rolled back with it.

    Raises:
        Throttled: within `SUBMIT_INTERVAL` of the client's (address or session) last
            submission, or past `SUBMIT_DAILY` submissions from the address in a day.
    """
    forget_idle(now)
    keys = (
        (f"address:{client.address}", SUBMIT_BY_ADDRESS),
        (f"session:{client.session}", SUBMIT_BY_SESSION),
    )
    try:
        with transaction.atomic():  # both keys or neither
            for key, rule in keys:
                if not claim(AttemptKind.SUBMIT, key, rule, now):
                    raise _Full(key, rule)
    except _Full as full:
        counter = ThrottleCounter.objects.filter(
            kind=AttemptKind.SUBMIT, key=full.key
        ).first()
        seconds = _wait(counter, full.rule, now)
        if counter is not None and counter.last_at <= now - full.rule.spacing:
            raise Throttled(_daily_refusal(seconds)) from None
        raise Throttled(_interval_refusal(seconds)) from None


def _interval_refusal(seconds: int) -> Refusal:
    interval = int(SUBMIT_INTERVAL.total_seconds())
    return Refusal(
        seconds,
        f"本申请尚未提交：同一网络地址或浏览器每{interval}秒只能提交一件申请，"
        f"请在{seconds}秒后再提交。如果您刚才已经提交过，请用回执上的申请编号和查询码"
        f"查询办理进度，不必重复提交。",
        f"This application was not submitted: one application per {interval} seconds "
        f"from one network address or browser; submit it in {seconds} seconds. If you "
        f"have just submitted one, follow it with the tracking number and code on "
        f"your receipt instead of submitting again.",
    )


def _daily_refusal(seconds: int) -> Refusal:
    return Refusal(
        seconds,
        f"提交过于频繁：同一网络地址每天最多提交{SUBMIT_DAILY}件申请，请明天再试，"
        f"或通过信函、当面等其他方式提出申请。",
        f"Too many submissions: at most {SUBMIT_DAILY} applications a day from one "
        f"address. Try again tomorrow, or apply by letter or in person.",
    )


def claim_lookup(client: Client, now: datetime) -> None:
    """Take one of the client's lookup slots before a status lookup, or refuse it.

    A lookup that finds its case gives the slot back (`release_lookup`), so only
    failed lookups stay counted, and no more than `LOOKUP_FAILURES` lookups can fail
    in a window even when sent all at once.

    Raises:
        Throttled: when the client's slots of the window are used up.
    """
    key = f"address:{client.address}"
    if claim(AttemptKind.LOOKUP, key, LOOKUP_BY_ADDRESS, now):
        return
    counter = ThrottleCounter.objects.filter(kind=AttemptKind.LOOKUP, key=key).first()
    seconds = _wait(counter, LOOKUP_BY_ADDRESS, now)
    minutes = math.ceil(seconds / 60)
    raise Throttled(
        Refusal(
            seconds,
            f"查询未果的次数过多，请在{minutes}分钟后再试。请核对回执上的申请编号和查询码。",
            f"Too many failed lookups; try again in {minutes} minutes. Check the "
            f"tracking number and verification code on your receipt.",
        )
    )


def release_lookup(client: Client) -> None:
    """Give back the slot of a lookup that found its case."""
    ThrottleCounter.objects.filter(
        kind=AttemptKind.LOOKUP, key=f"address:{client.address}", count__gt=0
    ).update(count=F("count") - 1)
