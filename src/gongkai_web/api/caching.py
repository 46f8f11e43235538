"""Cacheable JSON for the public endpoints: a strong ETag (SHA-256 of the body),
Last-Modified when the data says when it last changed, and 304 Not Modified for a
conditional GET (If-None-Match first, then If-Modified-Since, as RFC 9110 §13.2.2)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_http_date_safe

CACHE_CONTROL = "public, max-age=60"


def cached_json(
    request: HttpRequest, data: Any, last_modified: datetime | None = None
) -> HttpResponse:
    """Return `data` as JSON with its validators, or 304 when the client has it."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    stamp = int(last_modified.timestamp()) if last_modified is not None else None
    if _not_modified(request, etag, stamp):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Language"
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    return response


def _not_modified(request: HttpRequest, etag: str, stamp: int | None) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and stamp is not None and stamp <= since
