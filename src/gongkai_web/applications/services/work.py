"""Internal work on a case: assignment to a handler, 转办 to another department, and the
reply's 签发 (sign-off). One function per action, each in one transaction: it locks the
application row, checks the actor's role, sets `handler`/`department` (nothing else
assigns them), and appends one `WorkEvent` and one audit-log entry.

签发 is internal to the agency. The Regulations set the reply term from receipt to
reply (条例第三十三条) and exclude from it only the time of consulting a third party or
another agency (第三十三条第三款); an agency's own review of a draft is part of its
processing time. So a draft waiting for sign-off never pauses the clock: the due date
is untouched, and the reply is given (and counted) on the day the approver signs it.
When an agency requires sign-off (`Agency.sign_off_required`), a handler cannot reply
alone: `draft_reply` stores the draft and `sign_off` records the reply through
`actions.reply`, as the approver.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.errors import ActionRefused
from gongkai.vocabulary import Outcome
from gongkai.workflow import Action, Event
from gongkai_web.agencies.access import Account, User, actor_of, roles_in
from gongkai_web.agencies.models import Department, Membership, Role
from gongkai_web.applications.models import Application, WorkEvent, WorkKind
from gongkai_web.applications.notices import notify_assigned
from gongkai_web.applications.services import actions
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

ASSIGN_ROLES = frozenset({Role.APPROVER, Role.AGENCY_ADMIN})


def _lock(pk: int) -> Application:
    return Application.objects.select_for_update().select_related("agency").get(pk=pk)


def _refuse_unless(roles: frozenset[Role], allowed: frozenset[Role], what: str) -> None:
    if not roles & allowed:
        needed = "、".join(str(role.label) for role in Role if role in allowed)
        raise ActionRefused(f"您的岗位不能{what}，需要：{needed}")


def _log(
    application: Application,
    by: User,
    kind: WorkKind,
    summary: str,
    **fields: object,
) -> WorkEvent:
    event = WorkEvent.objects.create(
        application=application, kind=kind, actor=actor_of(by), **fields
    )
    action = AuditAction.SIGN_OFF if kind in SIGN_OFF_KINDS else AuditAction.ASSIGN
    record(
        by,
        action,
        agency=application.agency,
        target=application,
        summary=f"{application.tracking_number} {kind.label} {summary}".strip(),
        data={"kind": kind.value, "work_event": event.pk},
    )
    return event


SIGN_OFF_KINDS = frozenset({WorkKind.DRAFT, WorkKind.RETURN, WorkKind.SIGN_OFF})


def handlers_of(agency_id: int) -> list[Account]:
    """Return the accounts holding the handler role in the agency, by user name."""
    return [
        m.user
        for m in Membership.objects.filter(agency_id=agency_id, role=Role.HANDLER)
        .select_related("user")
        .order_by("user__username")
        if m.user.is_active
    ]


def assign(pk: int, by: User, handler: Account, *, note: str = "") -> Application:
    """Assign the case to `handler` (or reassign it), by an approver or the agency
    administrator.

    Raises:
        ActionRefused: for another role, a closed case, or a `handler` who is not a
            handler of the case's agency.
    """
    with transaction.atomic():
        application = _lock(pk)
        _refuse_unless(roles_in(by, application.agency), ASSIGN_ROLES, "分派案件")
        if not application.is_open:
            raise ActionRefused(f"{application.tracking_number} 已办结，不能分派")
        if Role.HANDLER not in roles_in(handler, application.agency):
            raise ActionRefused(f"{handler.username} 不是本机关的承办人员")
        previous = application.handler
        application.handler = handler
        application.save(update_fields=["handler", "updated_at"])
        moved = f"{previous.username} → " if previous else ""
        _log(
            application,
            by,
            WorkKind.ASSIGN,
            f"{moved}{handler.username}",
            handler=handler,
            department=application.department,
            note=note,
        )
        if previous != handler:
            notify_assigned(application, handler, note=note)  # at once, by e-mail
    return application


def bulk_assign(pks: Iterable[int], by: User, handler: Account) -> list[Application]:
    """Assign every case of `pks` to `handler`, all or none.

    Raises:
        ActionRefused: naming the first case that cannot be assigned.
    """
    with transaction.atomic():
        return [assign(pk, by, handler) for pk in sorted(set(pks))]


def transfer(
    pk: int, by: User, department: Department, *, note: str = ""
) -> Application:
    """转办: move the case to another department of its agency; its handler is cleared
    (the receiving department assigns one). The reply term runs on.

    Raises:
        ActionRefused: for a role other than approver, agency administrator or the
            case's handler; a closed case; a department of another agency.
    """
    with transaction.atomic():
        application = _lock(pk)
        roles = roles_in(by, application.agency)
        is_own = application.handler_id is not None and (
            application.handler_id == getattr(actor_of(by), "pk", None)
        )
        if not is_own:
            _refuse_unless(roles, ASSIGN_ROLES, "转办案件")
        if not application.is_open:
            raise ActionRefused(f"{application.tracking_number} 已办结，不能转办")
        if department.agency_id != application.agency_id:
            raise ActionRefused(f"科室 {department.name} 不属于本机关")
        application.department, application.handler = department, None
        application.save(update_fields=["department", "handler", "updated_at"])
        _log(
            application,
            by,
            WorkKind.TRANSFER,
            department.name,
            department=department,
            note=note,
        )
    return application


def pending_draft(application: Application) -> WorkEvent | None:
    """Return the reply draft waiting for sign-off, or None."""
    last = (
        application.work_events.filter(kind__in=SIGN_OFF_KINDS)
        .order_by("-at", "-id")
        .first()
    )
    return last if last is not None and last.kind == WorkKind.DRAFT else None


def draft_reply(
    pk: int, by: User, *, outcome: Outcome, note: str, today: date | None = None
) -> WorkEvent:
    """Submit a reply draft (outcome and reasons) for the approver's 签发.

    The draft is checked as the reply would be (the outcome a reply may carry, the
    case's state), so the approver is not handed a reply the rules refuse.

    Raises:
        ActionRefused: for a role other than handler, an agency that does not require
            sign-off (reply directly), or a draft already waiting.
        IllegalTransition: for a reply the Regulations do not allow now.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        application = _lock(pk)
        roles = roles_in(by, application.agency)
        _refuse_unless(roles, frozenset({Role.HANDLER}), "提交答复稿")
        if not application.agency.sign_off_required:
            raise ActionRefused("本机关的答复无需签发，请直接答复")
        if pending_draft(application) is not None:
            raise ActionRefused("已有答复稿等待签发，请先由审批负责人签发或退回")
        actions.check_reply(application, Event(Action.REPLY, today, outcome, note))
        return _log(
            application,
            by,
            WorkKind.DRAFT,
            outcome.label,
            handler=actor_of(by),
            outcome=outcome.value,
            note=note,
        )


def return_draft(pk: int, by: User, *, note: str = "") -> WorkEvent:
    """Send the waiting draft back to the handler with the approver's remarks.

    Raises:
        ActionRefused: for a role other than approver, or no draft waiting.
    """
    with transaction.atomic():
        application = _lock(pk)
        roles = roles_in(by, application.agency)
        _refuse_unless(roles, frozenset({Role.APPROVER}), "退回答复稿")
        draft = pending_draft(application)
        if draft is None:
            raise ActionRefused("没有等待签发的答复稿")
        return _log(application, by, WorkKind.RETURN, note, note=note)


def sign_off(pk: int, by: User, on: date, *, today: date | None = None) -> Application:
    """签发: the approver approves the waiting draft and the reply is recorded on `on`
    with the draft's outcome and reasons (the reply's actor is the approver).

    Raises:
        ActionRefused: for a role other than approver, or no draft waiting.
        IllegalTransition: when the reply is no longer allowed (the case moved on).
    """
    with transaction.atomic():
        application = _lock(pk)
        roles = roles_in(by, application.agency)
        _refuse_unless(roles, frozenset({Role.APPROVER}), "签发")
        draft = pending_draft(application)
        if draft is None:
            raise ActionRefused("没有等待签发的答复稿")
        replied = actions.reply(
            pk,
            by,
            on,
            outcome=Outcome(draft.outcome),
            note=draft.note,
            today=today,
            signed_off=True,
        )
        drafted_by = draft.actor.username if draft.actor else ""
        _log(
            replied,
            by,
            WorkKind.SIGN_OFF,
            f"{Outcome(draft.outcome).label}（{drafted_by} 拟稿）",
            handler=draft.actor,
            outcome=draft.outcome,
        )
    return replied
