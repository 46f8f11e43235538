"""Changing the notification settings: templates, the digest horizon, preferences."""

from __future__ import annotations

from django.db import transaction

from gongkai.errors import ActionRefused
from gongkai_web.agencies.access import TEMPLATE_ROLES, Account, roles_in
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.notifications.models import AgencyNotifySettings, StaffPreference
from gongkai_web.outbox.models import NoticeKind, NoticeTemplate

# Who edits the wording of notices: as for the reply-letter templates.
NOTICE_TEMPLATE_ROLES = TEMPLATE_ROLES


def _check_editor(user: Account, agency: Agency, what: str) -> None:
    if not roles_in(user, agency) & NOTICE_TEMPLATE_ROLES:
        raise ActionRefused(
            f"修改{what}需要机关管理员或审批负责人岗位 "
            f"(only the agency admin or approver may change this)"
        )


def save_template(
    agency: Agency, user: Account, kind: NoticeKind, subject: str, body: str
) -> NoticeTemplate:
    """Store the agency's wording of one notice (checked by the form).

    Raises:
        ActionRefused: for a user who is neither agency admin nor approver.
    """
    _check_editor(user, agency, "通知模板")
    with transaction.atomic():
        template, _created = NoticeTemplate.objects.update_or_create(
            agency=agency,
            kind=kind.value,
            defaults={"subject": subject, "body": body, "updated_by": user},
        )
        record(
            user,
            AuditAction.TEMPLATE,
            agency=agency,
            target=template,
            summary=f"修改通知模板 {kind.label}",
            data={"kind": kind.value},
        )
    return template


def save_digest_workdays(agency: Agency, user: Account, workdays: int) -> None:
    """Set the agency's N (cases due within N working days are in the digest).

    Raises:
        ActionRefused: for a user who is neither agency admin nor approver.
    """
    _check_editor(user, agency, "提醒设置")
    with transaction.atomic():
        AgencyNotifySettings.objects.update_or_create(
            agency=agency, defaults={"digest_workdays": workdays}
        )
        record(
            user,
            AuditAction.TEMPLATE,
            agency=agency,
            summary=f"每日期限提醒：{workdays} 个工作日内到期",
            data={"digest_workdays": workdays},
        )


def save_preference(user: Account, *, wants_digest: bool) -> None:
    """Switch the user's daily digest on or off (their own choice)."""
    StaffPreference.objects.update_or_create(
        user=user, defaults={"wants_digest": wants_digest}
    )
