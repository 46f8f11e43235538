"""The audit log as staff read it: filtered, agency-scoped, and as a download.

An agency's auditor and administrator read the entries of their agency; the system
administrator reads every entry (also those of no agency: calendar years, accounts).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import QuerySet

from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AuditLog

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADERS = ("时间", "操作人", "机关", "类别", "对象", "摘要")
HEADERS_EN = ("Time", "User", "Agency", "Action", "Object", "Summary")


def entries(agency: Agency | None, filters: Mapping[str, Any]) -> QuerySet[AuditLog]:
    """Return the entries of `agency` (every entry for None) that match `filters`
    (`user`, `case`, `action`, `since`, `until` as the filter form cleans them)."""
    found = AuditLog.objects.select_related("actor", "agency")
    if agency is not None:
        found = found.filter(agency=agency)
    if filters.get("user"):
        found = found.filter(actor__username__icontains=filters["user"])
    if filters.get("case"):
        # A case's entries name its tracking number in the summary.
        found = found.filter(summary__icontains=filters["case"])
    if filters.get("action"):
        found = found.filter(action=filters["action"])
    if filters.get("since"):
        found = found.filter(
            at__gte=datetime.combine(filters["since"], time.min, SHANGHAI)
        )
    if filters.get("until"):
        found = found.filter(
            at__lte=datetime.combine(filters["until"], time.max, SHANGHAI)
        )
    return found.order_by("-at", "-id")


def rows(found: QuerySet[AuditLog]) -> Iterator[tuple[object, ...]]:
    """Yield one row per entry, in the order of `HEADERS`."""
    for entry in found.iterator():
        yield (
            entry.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor.username if entry.actor else "",
            entry.agency.code if entry.agency else "",
            entry.action_label,
            object_label(entry),
            entry.summary,
        )


def object_label(entry: AuditLog) -> str:
    """Return what an entry concerns in words: the model's name and the row's id."""
    if not entry.object_type:
        return ""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        return f"{entry.object_type} {entry.object_id}"
    return f"{model._meta.verbose_name} {entry.object_id}"
