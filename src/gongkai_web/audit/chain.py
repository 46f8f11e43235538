"""The hash chain over the audit log: each row holds the SHA-256 of its content and of
the row before it, so a changed, removed or inserted row breaks the chain from there.

`gongkai_web.audit.services.verify_chain` walks the rows in id order and returns the id
of the first row whose hash does not match (None when the chain is intact). The database
triggers stop changes
through the application's own connection; the chain shows changes made around them
(a dropped trigger, a restored backup, an edited file).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.db import connection

# One PostgreSQL advisory lock serialises the writers of the chain (SQLite serialises
# every writer anyway).
CHAIN_LOCK = 0x6A6B_0A0D


def row_hash(
    previous: str,
    *,
    at: datetime,
    actor_id: int | None,
    agency_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    data: Any,
) -> str:
    """Return the hash of one audit row after the row whose hash is `previous`."""
    content = json.dumps(
        [
            previous,
            at.astimezone(UTC).isoformat(),
            actor_id,
            agency_id,
            action,
            object_type,
            object_id,
            summary,
            data,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def hash_of(row: Any, previous: str) -> str:
    """Return the hash of the audit row `row` (a model instance) after `previous`."""
    return row_hash(
        previous,
        at=row.at,
        actor_id=row.actor_id,
        agency_id=row.agency_id,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        summary=row.summary,
        data=row.data,
    )


def lock_chain() -> None:
    """Hold the chain's lock until the end of the current transaction (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
