"""Throttling the portal's anonymous forms, kept in the database (shared by processes).

Submissions: one per client (IP address) and per session every `SUBMIT_INTERVAL`, at
most `SUBMIT_DAILY` per client a day. Status lookups: after `LOOKUP_FAILURES` failed
lookups in `LOOKUP_WINDOW` a client must wait, so verification codes cannot be guessed.
Clients are recognised by an HMAC of the address (the IP itself is not stored).
`REMOTE_ADDR` is used as is: behind a reverse proxy, the proxy must set it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from gongkai_web.portal.models import AttemptKind, PortalAttempt

SUBMIT_INTERVAL = timedelta(seconds=60)
SUBMIT_DAILY = 10
LOOKUP_WINDOW = timedelta(minutes=15)
LOOKUP_FAILURES = 10
KEEP = timedelta(days=1)  # attempts older than this are deleted


@dataclass(frozen=True)
class Client:
    """Digests of who is asking: address and session."""

    address: str
    session: str


@dataclass(frozen=True)
class Refusal:
    """Why a request is throttled, and when to come back."""

    retry_after: int  # seconds
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


def _digest(value: str) -> str:
    return salted_hmac("gongkai.portal.client", value).hexdigest()


def client_of(request: HttpRequest) -> Client:
    """Return the client of a request; starts a session when it has none."""
    if not request.session.session_key:
        request.session.save()
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return Client(_digest(address), _digest(request.session.session_key or ""))


def _wait(oldest: datetime, period: timedelta, now: datetime) -> int:
    return max(1, math.ceil((oldest + period - now).total_seconds()))


def check_submit(client: Client, now: datetime) -> Refusal | None:
    """Return why `client` may not submit now, or None."""
    mine = PortalAttempt.objects.filter(kind=AttemptKind.SUBMIT).filter(
        Q(client=client.address) | Q(session=client.session)
    )
    recent = mine.filter(at__gt=now - SUBMIT_INTERVAL).order_by("at").first()
    if recent is not None:
        seconds = _wait(recent.at, SUBMIT_INTERVAL, now)
        return Refusal(
            seconds,
            f"提交过于频繁：同一网络地址或浏览器每{SUBMIT_INTERVAL.seconds}秒只能提交一件申请。"
            f"您的上一件申请已经收到，请勿重复提交；如需再提交新的申请，请在{seconds}秒后再试。",
            f"Too many submissions: one application per {SUBMIT_INTERVAL.seconds} seconds "
            f"from one address or browser. Your previous application was received; do not "
            f"submit it again. To submit a new one, try again in {seconds} seconds.",
        )
    day = mine.filter(client=client.address, at__gt=now - timedelta(days=1)).order_by(
        "at"
    )
    if day.count() >= SUBMIT_DAILY:
        oldest = day.first()
        seconds = _wait(oldest.at if oldest else now, timedelta(days=1), now)
        return Refusal(
            seconds,
            f"提交过于频繁：同一网络地址每天最多提交{SUBMIT_DAILY}件申请，请明天再试，"
            f"或通过信函、当面等其他方式提出申请。",
            f"Too many submissions: at most {SUBMIT_DAILY} applications a day from one "
            f"address. Try again tomorrow, or apply by letter or in person.",
        )
    return None


def check_lookup(client: Client, now: datetime) -> Refusal | None:
    """Return why `client` may not look up a status now, or None."""
    failed = PortalAttempt.objects.filter(
        kind=AttemptKind.LOOKUP_FAILED,
        client=client.address,
        at__gt=now - LOOKUP_WINDOW,
    ).order_by("at")
    if failed.count() < LOOKUP_FAILURES:
        return None
    oldest = failed.first()
    seconds = _wait(oldest.at if oldest else now, LOOKUP_WINDOW, now)
    minutes = math.ceil(seconds / 60)
    return Refusal(
        seconds,
        f"查询未果的次数过多，请在{minutes}分钟后再试。请核对回执上的申请编号和查询码。",
        f"Too many failed lookups; try again in {minutes} minutes. Check the tracking "
        f"number and verification code on your receipt.",
    )


def note(kind: AttemptKind, client: Client, now: datetime) -> None:
    """Record one attempt, and forget attempts older than a day."""
    PortalAttempt.objects.filter(at__lt=now - KEEP).delete()
    PortalAttempt.objects.create(
        kind=kind, client=client.address, session=client.session, at=now
    )
