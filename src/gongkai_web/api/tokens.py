"""Issuing, checking and revoking API tokens.

A token is `gk_` and 43 URL-safe characters (32 random bytes); the database keeps its
SHA-256 and its first 8 characters (to tell tokens apart in lists), so a stolen
database gives no usable token. The token is shown once, when it is created. Every
authenticated request is written to the audit log with the token's client and agency.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from gongkai.errors import ActionRefused
from gongkai_web.agencies.access import User, actor_of
from gongkai_web.agencies.models import Agency
from gongkai_web.api.models import ApiToken, Scope
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

PREFIX = "gk_"


@dataclass(frozen=True)
class Issued:
    token: ApiToken
    secret: str  # shown once


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(
    agency: Agency, client: str, scopes: Iterable[str], *, by: User | None = None
) -> Issued:
    """Issue a token for `client` at `agency` with `scopes`.

    Raises:
        ActionRefused: no client name, no scope, or an unknown scope.
    """
    client = client.strip()
    wanted = sorted(set(scopes))
    if not client:
        raise ActionRefused("客户端名称不能为空 (the client name is empty)")
    unknown = [s for s in wanted if s not in Scope.values]
    if unknown or not wanted:
        raise ActionRefused(
            f"未知的权限范围：{', '.join(unknown) or '（无）'}；可用："
            f"{', '.join(Scope.values)} (unknown scope)"
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            client=client,
            agency=agency,
            scopes=wanted,
            prefix=secret[:8],
            digest=digest(secret),
            created_by=actor_of(by),
        )
        record(
            by,
            AuditAction.TOKEN_ISSUE,
            agency=agency,
            target=token,
            summary=f"签发API令牌：{client}（{', '.join(wanted)}，{token.prefix}…）",
            data={"client": client, "scopes": wanted, "prefix": token.prefix},
        )
    return Issued(token, secret)


def revoke(token: ApiToken, *, by: User | None = None) -> None:
    """Revoke `token` (again is harmless)."""
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
        record(
            by,
            AuditAction.TOKEN_REVOKE,
            agency=token.agency,
            target=token,
            summary=f"吊销API令牌：{token.client}（{token.prefix}…）",
            data={"client": token.client, "prefix": token.prefix},
        )


def authenticate(request: HttpRequest, secret: str) -> ApiToken | None:
    """Return the live token with this secret, noting its use; else None."""
    found = (
        ApiToken.objects.select_related("agency")
        .filter(digest=digest(secret.strip()), revoked_at__isnull=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    found.last_used_at = now
    record(
        None,
        AuditAction.EVENT,
        agency=found.agency,
        target=found,
        summary=f"API令牌使用：{found.client} {request.method} {request.path}",
        data={"client": found.client, "method": request.method, "path": request.path},
    )
    return found
