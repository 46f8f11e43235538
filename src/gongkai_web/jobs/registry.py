"""The job kinds: name → function, declared once in each app's `tasks` module.

A kind's function takes its `Job` and returns the result shown to staff (a small JSON
dict). It raises a `GongkaiError` (by default) for work that can never succeed as
asked — bad input, a refused action: the job fails at once, with the message. Any
other exception is taken as passing (a locked database, LibreOffice crashing) and
retried with backoff up to `max_attempts`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from typing import TYPE_CHECKING, Any

from gongkai.errors import GongkaiError

if TYPE_CHECKING:
    from gongkai_web.jobs.models import Job

JobFunction = Callable[["Job"], dict[str, Any]]


class JobFailed(GongkaiError):
    """Work that cannot succeed as asked; `details` are kept for the page."""

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = details or {}


@dataclass(frozen=True)
class JobKind:
    name: str
    run: JobFunction
    max_attempts: int = 5
    final: tuple[type[BaseException], ...] = (GongkaiError,)
    daily_at: time | None = None  # run once a day for every agency (beat)
    per_agency: bool = field(default=True)


KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str,
    *,
    max_attempts: int = 5,
    final: tuple[type[BaseException], ...] = (GongkaiError,),
    daily_at: time | None = None,
) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated function as the job kind `name`.

    Raises:
        ValueError: when another function already has the name.
    """

    def register(function: JobFunction) -> JobFunction:
        known = KINDS.get(name)
        if known is not None and known.run is not function:
            qualified = f"{known.run.__module__}.{known.run.__qualname__}"
            raise ValueError(f"job kind {name!r} is registered twice ({qualified})")
        KINDS[name] = JobKind(name, function, max_attempts, final, daily_at)
        return function

    return register


def kind_of(name: str) -> JobKind:
    """Return the registered kind `name`.

    Raises:
        JobFailed: for a name no app registers (e.g. a job left by an older version).
    """
    try:
        return KINDS[name]
    except KeyError:
        raise JobFailed(
            f"未知的任务类别 {name!r} (unknown job kind; known: {', '.join(sorted(KINDS))})"
        ) from None


def daily_kinds() -> list[JobKind]:
    """Return the kinds run once a day, by time of day."""
    return sorted(
        (k for k in KINDS.values() if k.daily_at is not None),
        key=lambda k: (k.daily_at, k.name),
    )
