"""`GET /healthz`: can this node serve? JSON, 200 when every check passes, else 503.

Checks: the database answers a query; the default storage accepts a write and a
delete (disk or bucket); the broker answers PING when GONGKAI_BROKER_URL is set. Each
value is "ok" or one line saying what failed. No login: it reveals no data, only that
a dependency is down, which a load balancer needs to know.
"""

from __future__ import annotations

import os
import socket
import ssl
import uuid
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_TIMEOUT = 2.0


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is a finding, not a crash
        return _line(exc)
    return "ok"


def check_storage() -> str:
    name = f"healthz/{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok\n"))
        default_storage.delete(saved)
    except Exception as exc:
        return _line(exc)
    return "ok"


def check_broker(url: str) -> str:
    """Send PING to the Redis broker at `url`; return "ok" or what failed."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        return f"unsupported broker scheme {parts.scheme!r} (expected redis://)"
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), BROKER_TIMEOUT
        ) as raw:
            sock: socket.socket = raw
            if parts.scheme == "rediss":
                sock = ssl.create_default_context().wrap_socket(
                    raw, server_hostname=parts.hostname
                )
            if parts.password:
                auth = [parts.username or "default", unquote(parts.password)]
                sock.sendall(_command("AUTH", *auth))
                reply = sock.recv(256)
                if not reply.startswith(b"+OK"):
                    return f"AUTH refused: {reply.decode(errors='replace').strip()}"
            sock.sendall(_command("PING"))
            reply = sock.recv(256)
    except OSError as exc:
        return _line(exc)
    if not reply.startswith(b"+PONG"):
        return f"unexpected reply to PING: {reply.decode(errors='replace').strip()}"
    return "ok"


def _command(*words: str) -> bytes:
    encoded = [word.encode() for word in words]
    parts = [f"*{len(encoded)}\r\n".encode()]
    for word in encoded:
        parts.append(f"${len(word)}\r\n".encode() + word + b"\r\n")
    return b"".join(parts)


def _line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "storage": check_storage()}
    broker = os.environ.get("GONGKAI_BROKER_URL", "").strip()
    if broker:
        checks["broker"] = check_broker(broker)
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "failing", **checks}
    return JsonResponse(
        body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False}
    )
