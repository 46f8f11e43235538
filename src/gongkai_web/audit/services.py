"""Writing to the audit log: one function, called explicitly by the services and views."""

from __future__ import annotations

from typing import Any

from django.db import models

from gongkai_web.agencies.access import User, actor_of
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.chain import hash_of
from gongkai_web.audit.models import AuditAction, AuditLog


def record(
    actor: User | None,
    action: AuditAction,
    *,
    agency: Agency | None = None,
    target: models.Model | None = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one entry to the audit log and return it."""
    return AuditLog.objects.create(
        actor=actor_of(actor),
        agency=agency,
        action=action,
        object_type=target._meta.label if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        summary=summary,
        data=data or {},
    )


def verify_chain() -> int | None:
    """Return the id of the first audit row that breaks the hash chain, or None."""
    previous = ""
    for row in AuditLog.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != previous or row.row_hash != hash_of(row, previous):
            return int(row.pk)
        previous = row.row_hash
    return None
