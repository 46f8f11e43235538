"""One structured log line per HTTP request (logger `gongkai.request`).

Logged: method, path (without the query string, which may carry search words),
status, duration in milliseconds, the user id of a signed-in staff member, and the
worker's process id. Never the body, cookies or the client address.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("gongkai.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            fields = {
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": _user_id(request),
                "pid": os.getpid(),
            }
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={"fields": fields},
            )


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id; None also when the session cannot be loaded (the
    database is down: the line is logged all the same)."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        return None
