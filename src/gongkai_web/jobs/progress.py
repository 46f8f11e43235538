"""Progress of a running job (e.g. rows imported / total), shared through a cache.

Job functions often work inside one database transaction (a ledger import is
all-or-nothing), where a progress column on the `Job` row would stay invisible until
the end. Progress therefore goes to the `jobs` cache: Redis when a broker is
configured (every web node and worker sees it), process memory otherwise (the job then
runs inside the request, and the page shows its end).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches

TIMEOUT_SECONDS = 24 * 3600


def _key(job_id: int) -> str:
    return f"gongkai:job:{job_id}:progress"


def report_progress(job_id: int, done: int, total: int, phase: str = "") -> None:
    """Record that `done` of `total` units of the job are finished (in `phase`)."""
    caches["jobs"].set(
        _key(job_id),
        {"done": done, "total": total, "phase": phase},
        TIMEOUT_SECONDS,
    )


def progress_of(job_id: int) -> dict[str, Any] | None:
    """Return the last progress recorded for the job, or None if none was."""
    found = caches["jobs"].get(_key(job_id))
    return found if isinstance(found, dict) else None
