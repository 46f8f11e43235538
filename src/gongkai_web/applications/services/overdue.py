"""The overdue flip: note in the audit log when an open case passes its due date.

Run daily per agency (the `applications.flag_overdue` job). Each case is noted once
per due date — a later extension that is also missed is noted again — so the record
shows when each case went overdue, whoever looks at it later.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application
from gongkai_web.audit.models import AuditAction, AuditLog
from gongkai_web.audit.services import record


def flag_overdue(agency: Agency, today: date) -> list[Application]:
    """Note each open case of `agency` past its due date on `today` not noted yet;
    return the cases noted now."""
    with transaction.atomic():
        cases = list(
            Application.objects.filter(
                agency=agency, is_open=True, due_date__lt=today
            ).order_by("due_date", "id")
        )
        noted = {
            (entry.object_id, str(entry.data.get("due_date", "")))
            for entry in AuditLog.objects.filter(
                action=AuditAction.OVERDUE,
                object_type=Application._meta.label,
                object_id__in=[str(case.pk) for case in cases],
            )
        }
        flagged = []
        for case in cases:
            due = case.due_date.isoformat() if case.due_date else ""
            if (str(case.pk), due) in noted:
                continue
            record(
                None,
                AuditAction.OVERDUE,
                agency=agency,
                target=case,
                summary=f"{case.tracking_number} 已超过答复期限 {due} (overdue)",
                data={"due_date": due, "noted_on": today.isoformat()},
            )
            flagged.append(case)
    return flagged
