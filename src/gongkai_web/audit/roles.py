"""Every role grant and revocation is written to the audit log, whoever makes it: the
`agency add-user` command, the admin's membership inline, a service or a loader.

The receivers run on `Membership` saves and deletes; the acting user is the one of the
current request (set by `AuditActorMiddleware`), or nobody for the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_acting: ContextVar[Any] = ContextVar("gongkai_audit_actor", default=None)


class AuditActorMiddleware:
    """Remember the request's user for audit entries written by signal receivers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _acting.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _acting.reset(token)


def _log(membership: Any, granted: bool) -> None:
    from gongkai_web.audit.models import AuditAction
    from gongkai_web.audit.services import record

    action = AuditAction.ROLE_GRANT if granted else AuditAction.ROLE_REVOKE
    verb = "授予" if granted else "撤销"
    record(
        _acting.get(),
        action,
        agency=membership.agency,
        target=membership.user,
        summary=f"{verb} {membership.user.username} 岗位 {membership.role}",
        data={"user": membership.user.username, "role": str(membership.role)},
    )


def on_save(instance: Any, created: bool, raw: bool = False, **_kwargs: Any) -> None:
    if created and not raw:
        _log(instance, granted=True)


def on_delete(instance: Any, **_kwargs: Any) -> None:
    _log(instance, granted=False)
