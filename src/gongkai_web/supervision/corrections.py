"""Correcting a cell the reader got wrong: a new `Correction` row, audit-logged.

Only a supervisor of a node at or above the report's agency may correct it; the reason
is required; the collected report is never changed (the correction is an overlay).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.errors import GongkaiError
from gongkai_web.agencies.access import User, actor_of
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.supervision.access import supervises
from gongkai_web.supervision.cells import CellPathError, get_cell, parse_number
from gongkai_web.supervision.models import CollectedReport, Correction


class CorrectionRefused(GongkaiError):
    """A correction that cannot be made as asked (the message is for the form)."""


def shown(value: object) -> str:
    """A cell's value as typed and shown: 12, 3.5 (no exponent, no trailing .0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def correct_cell(
    user: User, report: CollectedReport, path: str, new_value: str, reason: str
) -> Correction:
    """Lay a correction of the cell `path` over the collected report `report`.

    Raises:
        CorrectionRefused: not a supervisor of the report's agency, no reason, not a
            number, no such cell, or the value the cell already has.
    """
    actor = actor_of(user)
    if actor is None or not supervises(user, report.agency):
        raise CorrectionRefused(_("只有上级督查人员可以更正此报告"))
    reason = reason.strip()
    if not reason:
        raise CorrectionRefused(_("请填写更正理由"))
    try:
        value = parse_number(new_value)
        old = get_cell(report.corrected_data(), path)
    except CellPathError:
        raise CorrectionRefused(
            _("单元格或数值无效：%(path)s = %(value)s")
            % {"path": path, "value": new_value}
        ) from None
    if value < 0:
        raise CorrectionRefused(_("更正值不能为负数"))
    if shown(old) == shown(value):
        raise CorrectionRefused(_("更正值与现值相同"))
    with transaction.atomic():
        correction = Correction.objects.create(
            report=report,
            path=path,
            old_value=shown(old),
            new_value=shown(value),
            reason=reason,
            corrected_by=actor,
        )
        record(
            user,
            AuditAction.SUPERVISION_CORRECTION,
            agency=report.agency,
            target=correction,
            summary=f"{report.agency.code} {report.year} {path}: "
            f"{correction.old_value} → {correction.new_value}",
            data={
                "report": report.pk,
                "path": path,
                "old_value": correction.old_value,
                "new_value": correction.new_value,
                "reason": reason,
            },
        )
    return correction
