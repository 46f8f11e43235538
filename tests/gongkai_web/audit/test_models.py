"""The audit log is append-only: rows are written once and never changed or deleted."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai_web.audit.models import AppendOnlyError, AuditAction, AuditLog
from gongkai_web.audit.services import record


@pytest.mark.django_db
def test_audit_entries_cannot_be_changed_or_deleted(handler: Any) -> None:
    entry = record(handler, AuditAction.LEDGER_EXPORT, summary="导出")
    assert entry.actor == handler
    entry.summary = "改写"
    with pytest.raises(AppendOnlyError, match="append-only"):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().update(summary="x")
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    # (the handler's role grant is logged too)
    assert AuditLog.objects.get(pk=entry.pk).summary == "导出"
