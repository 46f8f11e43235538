"""Rate limits of the API's read endpoints: at most `API_READS_PER_MINUTE` requests a
minute per client, answered beyond that with a JSON 429 (`throttled`) and Retry-After.

The public endpoints count per client address: `REMOTE_ADDR`, which
`operations.proxy.ProxyClientMiddleware` sets to the client's behind a trusted proxy
(`GONGKAI_TRUSTED_PROXIES`), as for the portal's throttle; an `X-Forwarded-For` from
anyone else is ignored. A token's reads count per token (a one-stop portal polls for
many applicants from one address). Only an HMAC of the address is stored.

The counters are the portal throttle's (`portal.throttle.claim`, kind `api_read`):
rows in the database shared by every web process and node, each use claimed by one
conditional UPDATE or the INSERT of a new key, so concurrent requests cannot overrun the
limit. Windows are fixed minutes per key; rows idle for a day are deleted when a new
client comes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai_web.api.errors import ApiError
from gongkai_web.portal.models import AttemptKind
from gongkai_web.portal.throttle import Rule, claim, retry_after

WINDOW = timedelta(minutes=1)
DEFAULT_PER_MINUTE = 120


def per_minute() -> int:
    return int(getattr(settings, "API_READS_PER_MINUTE", DEFAULT_PER_MINUTE))


def address_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return "address:" + salted_hmac("gongkai.api.reads", address).hexdigest()


def check(key: str, *, now: datetime | None = None) -> None:
    """Count one read by `key`, or refuse it.

    Raises:
        ApiError: 429 `throttled` with Retry-After when the key's minute is used up.
    """
    limit = per_minute()
    now = now or timezone.now()
    rule = Rule(spacing=timedelta(0), window=WINDOW, limit=limit)
    if claim(AttemptKind.API_READ, key, rule, now):
        return
    seconds = retry_after(AttemptKind.API_READ, key, rule, now)
    raise ApiError(
        429,
        "throttled",
        f"请求过于频繁：每个客户端每分钟最多{limit}次查询，请在{seconds}秒后再试",
        f"Too many requests: at most {limit} reads a minute per client; "
        f"try again in {seconds} seconds",
        headers={"Retry-After": str(seconds)},
    )
