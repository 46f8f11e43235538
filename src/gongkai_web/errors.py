"""Friendly error pages, `Cache-Control: no-store`, and the database in trouble.

- 400/403/404/500 are pages in the site's style (`templates/400.html` …); the 500 page
  and the 503 page render without the database and without the logged-in user, so they
  show even when the database is down.
- `DatabaseTroubleMiddleware` answers a database that cannot be reached, is read-only,
  is full, or is locked by another writer (SQLite) with a 503 page that says what
  happened and when to try again (`Retry-After`), never a bare "Server Error (500)".
  Nothing was saved: the request's transaction was rolled back.
- `NoStoreMiddleware` marks every back-office page, every download and every portal
  page after a form as `Cache-Control: no-store, private`: they may hold identity
  numbers, contacts and request texts, which no browser or proxy cache should keep.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import requires_csrf_token

log = logging.getLogger("gongkai_web.errors")

RETRY_AFTER_SECONDS = 5

# (marker in the database's message, reason shown)
_REASONS = (
    ("database is locked", "locked"),
    ("database table is locked", "locked"),
    ("could not obtain lock", "locked"),
    ("deadlock detected", "locked"),
    ("could not serialize access", "locked"),
    ("readonly database", "read_only"),
    ("read-only", "read_only"),
    ("read only", "read_only"),
    ("disk is full", "full"),
    ("no space left", "full"),
    ("disk i/o error", "full"),
)


def trouble_of(exc: BaseException) -> str | None:
    """Return why the database failed ("locked", "read_only", "full", "down"), or None
    for an error that is a bug rather than the database's state."""
    if not isinstance(exc, DatabaseError):
        return None
    text = str(exc).lower()
    for marker, reason in _REASONS:
        if marker in text:
            return reason
    if isinstance(exc, OperationalError | InterfaceError):
        return "down"
    return None


def unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    """The 503 page for a database in trouble, with `Retry-After`."""
    template = loader.get_template("503.html")
    body = template.render({"reason": reason, "retry": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseTroubleMiddleware:
    """Turn a database that is down, read-only, full or locked into a friendly 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except DatabaseError as exc:  # raised by a middleware below, e.g. sessions
            reason = trouble_of(exc)
            if reason is None:
                raise
            log.warning(
                "database %s: %s %s: %s", reason, request.method, request.path, exc
            )
            return unavailable(request, reason)

    def process_exception(
        self, request: HttpRequest, exc: Exception
    ) -> HttpResponse | None:
        reason = trouble_of(exc)
        if reason is None:
            return None
        log.warning("database %s: %s %s: %s", reason, request.method, request.path, exc)
        return unavailable(request, reason)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on back-office pages, downloads and portal forms."""

    PUBLIC_PREFIXES = ("/static/",)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(self.PUBLIC_PREFIXES):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: the site-style page, rendered without the database or the user.

    Django turns an exception raised in a middleware (the session loaded for the
    signed-in user, before or after the view) into this page at that middleware, so
    `DatabaseTroubleMiddleware` never sees it: a database in trouble is told here too,
    with the 503 page.
    """
    current = sys.exc_info()[1]
    reason = trouble_of(current) if current is not None else None
    if reason is not None:
        log.warning("database %s: %s %s", reason, request.method, request.path)
        return unavailable(request, reason)
    template = loader.get_template(template_name)
    response = HttpResponseServerError(template.render({}))
    add_never_cache_headers(response)
    return response
