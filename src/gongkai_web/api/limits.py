"""Rate limits of the API's read endpoints: at most `API_READS_PER_MINUTE` requests a
minute per client, answered beyond that with a JSON 429 (`throttled`) and Retry-After.

The public endpoints count per client address: `REMOTE_ADDR`, which
`operations.proxy.ProxyClientMiddleware` sets to the client's behind a trusted proxy
(`GONGKAI_TRUSTED_PROXIES`), as for the portal's throttle; an `X-Forwarded-For` from
anyone else is ignored. A token's reads count per token (a one-stop portal polls for
many applicants from one address). Only an HMAC of the address is stored.

The counters are rows in the database, so every web process and node shares them; a
use is claimed by one conditional UPDATE ("count + 1 where the window is current and
has room, or restart an expired window") or the INSERT of a new key under a unique
constraint, so concurrent requests cannot overrun the limit (PostgreSQL re-reads the
row after the first UPDATE commits; SQLite serialises writers). Windows are fixed
minutes per key; rows idle for a day are deleted when a new client comes.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai_web.api.errors import ApiError
from gongkai_web.api.models import ReadCounter

WINDOW = timedelta(minutes=1)
KEEP = timedelta(days=1)
DEFAULT_PER_MINUTE = 120


def per_minute() -> int:
    return int(getattr(settings, "API_READS_PER_MINUTE", DEFAULT_PER_MINUTE))


def address_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return "address:" + salted_hmac("gongkai.api.reads", address).hexdigest()


def _claim(key: str, limit: int, now: datetime) -> bool:
    expired = Q(window_start__lte=now - WINDOW)
    counters = ReadCounter.objects.filter(key=key)

    def update() -> bool:
        return bool(
            counters.filter(expired | Q(count__lt=limit)).update(
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
        with transaction.atomic():  # a savepoint: the key may be inserted meanwhile
            ReadCounter.objects.create(key=key, window_start=now, count=1)
    except IntegrityError:
        return update()
    # A new client: a moment to forget the idle ones.
    ReadCounter.objects.filter(window_start__lt=now - KEEP).delete()
    return True


def check(key: str, *, now: datetime | None = None) -> None:
    """Count one read by `key`, or refuse it.

    Raises:
        ApiError: 429 `throttled` with Retry-After when the key's minute is used up.
    """
    limit = per_minute()
    now = now or timezone.now()
    if _claim(key, limit, now):
        return
    found = ReadCounter.objects.filter(key=key).first()
    until = (found.window_start if found else now) + WINDOW
    seconds = max(1, math.ceil((until - now).total_seconds()))
    raise ApiError(
        429,
        "throttled",
        f"请求过于频繁：每个客户端每分钟最多{limit}次查询，请在{seconds}秒后再试",
        f"Too many requests: at most {limit} reads a minute per client; "
        f"try again in {seconds} seconds",
        headers={"Retry-After": str(seconds)},
    )
