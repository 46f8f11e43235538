"""One service per legal event of a case (条例第三十条至第三十三条、第三十六条).

Each public function runs in one transaction: it locks the application row, checks the
actor's role, asks `next_status` whether the event is allowed, lets the core's `Case`
check the rules that depend on the history (correction once and within 7 working days,
extension once, dates in order, the outcome a reply may carry), replays the derived
fields (status, outcome, due date) and appends one `ApplicationEvent` and one audit-log
entry, and writes the notice the event sends the applicant to the outbox
(`applications.notices`). A refused event raises `IllegalTransition` or `ActionRefused` with a message
fit for the person who tried it; nothing is written then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.errors import ActionRefused
from gongkai.vocabulary import ApplicantType, Channel, Outcome
from gongkai.workflow import Action, Case, Event, Status, allowed_actions, next_status
from gongkai_web.agencies.access import User, actor_of, roles_in
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import Role
from gongkai_web.applications.letters import issue_locked
from gongkai_web.applications.models import Application, ApplicationEvent
from gongkai_web.applications.notices import notify_applicant
from gongkai_web.applications.services.history import (
    apply_replay,
    pure_events,
    stored_history,
)
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

R = Role
# Who may record each event. 条例第三十三条: an extension needs the consent of the head
# of the OGI office (the approver); replies are given by the handler or the approver.
ACTION_ROLES: dict[Action, frozenset[Role]] = {
    Action.REGISTER: frozenset({R.REGISTRAR, R.HANDLER}),
    Action.ASK_CORRECTION: frozenset({R.HANDLER}),
    Action.RECEIVE_CORRECTION: frozenset({R.REGISTRAR, R.HANDLER}),
    Action.CORRECTION_LAPSED: frozenset({R.HANDLER}),
    Action.START_CONSULTATION: frozenset({R.HANDLER}),
    Action.END_CONSULTATION: frozenset({R.HANDLER}),
    Action.EXTEND: frozenset({R.APPROVER}),
    Action.FEE_NOTICE: frozenset({R.HANDLER}),
    Action.FEE_PAID: frozenset({R.REGISTRAR, R.HANDLER}),
    Action.FEE_LAPSED: frozenset({R.HANDLER}),
    Action.REPLY: frozenset({R.HANDLER, R.APPROVER}),
    Action.WITHDRAW: frozenset({R.REGISTRAR, R.HANDLER}),
}


# Everyone who records some event of a case: who handles cases.
CASE_ROLES: frozenset[Role] = frozenset().union(*ACTION_ROLES.values())


def can_record(roles: frozenset[Role], action: Action) -> bool:
    """Tell whether one of `roles` may record `action` (ACTION_ROLES decides)."""
    return bool(roles & ACTION_ROLES[action])


def check_role(roles: frozenset[Role], action: Action) -> None:
    """Refuse an action none of `roles` may record.

    Raises:
        ActionRefused: naming the action and the roles that may.
    """
    if can_record(roles, action):
        return
    allowed = ACTION_ROLES[action]
    needed = "、".join(str(role.label) for role in Role if role in allowed)
    raise ActionRefused(
        f"您的岗位不能办理「{action.label}」，需要：{needed} "
        f"(your role may not {action.value}; needs {', '.join(sorted(allowed))})"
    )


def check_not_future(on: date, today: date, what: str) -> None:
    """Refuse a date after today (an event cannot be recorded before it happens).

    Raises:
        ActionRefused: naming the date.
    """
    if on > today:
        raise ActionRefused(
            f"{what}日期 {on.isoformat()} 晚于今天 {today.isoformat()} "
            f"({what} dated {on.isoformat()}, after today)"
        )


def allowed_actions_for(
    application: Application, roles: frozenset[Role]
) -> list[Action]:
    """Return the actions the state machine and the roles allow on `application` now."""
    possible = allowed_actions(Status(application.status))
    return [action for action in possible if can_record(roles, action)]


def next_seq(application: Application) -> int:
    last = application.events.aggregate(last=Max("seq"))["last"]
    return (last or 0) + 1


def log_event(
    application: Application,
    user: User,
    event: Event,
    old: Status | None,
    new: Status,
    data: dict[str, Any] | None = None,
) -> ApplicationEvent:
    """Append the event to the case's history and one entry to the audit log."""
    outcome = (
        event.outcome.value if event.outcome and event.action is Action.REPLY else ""
    )
    stored = ApplicationEvent.objects.create(
        application=application,
        seq=next_seq(application),
        action=event.action.value,
        on=event.on,
        outcome=outcome,
        old_status=old.value if old else "",
        new_status=new.value,
        actor=actor_of(user),
        note=event.note,
        data=data or {},
    )
    record(
        user,
        AuditAction.EVENT,
        agency=application.agency,
        target=application,
        summary=f"{application.tracking_number} {event.action.label} "
        f"{event.on.isoformat()}",
        data={
            "action": event.action.value,
            "on": event.on.isoformat(),
            "old": old.value if old else "",
            "new": new.value,
            "outcome": application.outcome,
            "note": event.note,
        },
    )
    return stored


def _replay_with(
    application: Application, stored: list[ApplicationEvent], event: Event
) -> None:
    """Let the core check `event` against the history, then replay the derived fields.

    Raises:
        IllegalTransition: for an event the Regulations do not allow where it stands.
    """
    calendar = work_calendar()
    case = Case(
        ApplicantType(application.applicant_type),
        Channel(application.channel),
        pure_events(stored),
    ).apply(event, calendar)
    apply_replay(application, case.events, calendar)


def check_reply(application: Application, event: Event) -> None:
    """Check a reply against the case's state and history without recording it (a
    draft for sign-off is checked as the reply it will become).

    Raises:
        IllegalTransition: for a reply the Regulations do not allow now.
    """
    next_status(Status(application.status), event.action)
    Case(
        ApplicantType(application.applicant_type),
        Channel(application.channel),
        pure_events(stored_history(application)),
    ).apply(event, work_calendar())


def check_sign_off(application: Application, roles: frozenset[Role]) -> None:
    """Refuse a handler's own reply where the agency requires 签发 (sign-off).

    Raises:
        ActionRefused: saying the reply goes to the approver as a draft.
    """
    if application.agency.sign_off_required and Role.APPROVER not in roles:
        raise ActionRefused(
            "本机关的答复须经审批负责人签发：请提交答复稿，由审批负责人签发后答复"
        )


def _perform(
    pk: int,
    user: User,
    event: Event,
    *,
    data: dict[str, Any] | None = None,
    today: date | None = None,
    before_save: Callable[[Application, list[ApplicationEvent]], None] | None = None,
    closing_letter: bool = False,
) -> Application:
    check_not_future(event.on, today or timezone.localdate(), event.action.label)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("agency").get(pk=pk)
        )
        roles = roles_in(user, application.agency)
        check_role(roles, event.action)
        if event.action is Action.REPLY:
            check_sign_off(application, roles)
        old = Status(application.status)
        new = next_status(old, event.action)
        stored = stored_history(application)
        _replay_with(application, stored, event)
        if before_save is not None:
            before_save(application, stored)
        application.save()
        logged = log_event(application, user, event, old, new, data)
        if closing_letter:
            # The 答复书 or 终止办理告知书 is issued with the event or the event is
            # refused: a case is not closed by a letter that could not go out.
            letter = issue_locked(application, logged, user)
            application.letter_text = f"{letter.title}\n{letter.text}"
            application.save(update_fields=["letter_text"])
        notify_applicant(application, logged)
    return application


def ask_correction(
    pk: int, user: User, on: date, *, note: str = "", today: date | None = None
) -> Application:
    """Record the one correction notice (条例第三十条: within 7 working days of receipt)."""
    return _perform(pk, user, Event(Action.ASK_CORRECTION, on, note=note), today=today)


def receive_correction(
    pk: int, user: User, on: date, *, note: str = "", today: date | None = None
) -> Application:
    """Record the corrected application: the reply term counts afresh from `on`."""
    event = Event(Action.RECEIVE_CORRECTION, on, note=note)
    return _perform(pk, user, event, today=today)


def correction_lapsed(
    pk: int, user: User, on: date, *, note: str = "", today: date | None = None
) -> Application:
    """Close the case: no correction in time, deemed abandoned (`other_no_correction`)."""
    event = Event(Action.CORRECTION_LAPSED, on, note=note)
    return _perform(pk, user, event, today=today, closing_letter=True)


def start_consultation(
    pk: int,
    user: User,
    on: date,
    *,
    party: str = "",
    note: str = "",
    today: date | None = None,
) -> Application:
    """Start a third-party or other-agency consultation (条例第三十二条、第三十四条).

    It must start while the reply term runs (its time is then not counted).
    """
    event = Event(Action.START_CONSULTATION, on, note=note)
    return _perform(pk, user, event, data={"party": party}, today=today)


def end_consultation(
    pk: int, user: User, on: date, *, note: str = "", today: date | None = None
) -> Application:
    """End a consultation; its time is not counted (条例第三十三条第三款)."""
    event = Event(Action.END_CONSULTATION, on, note=note)
    return _perform(pk, user, event, today=today)


def extend(
    pk: int, user: User, on: date, *, note: str = "", today: date | None = None
) -> Application:
    """Extend the reply term once by 20 working days (approver; 条例第三十三条第二款).

    The extension is decided within the term, not after it ended.
    """
    return _perform(pk, user, Event(Action.EXTEND, on, note=note), today=today)


def fee_notice(
    pk: int,
    user: User,
    on: date,
    *,
    amount: Decimal,
    note: str = "",
    today: date | None = None,
) -> Application:
    """Send a fee notice within the reply term (国办函〔2020〕109号); the term pauses."""
    if amount <= 0:
        raise ActionRefused(f"收费金额应大于0：{amount} (fee must be positive)")
    event = Event(Action.FEE_NOTICE, on, note=note)
    return _perform(pk, user, event, data={"amount": str(amount)}, today=today)


def _take_fee(application: Application, stored: list[ApplicationEvent]) -> None:
    notices = [e for e in stored if e.action == Action.FEE_NOTICE.value]
    application.fee = Decimal(notices[-1].data.get("amount", "0")) + (
        application.fee or 0
    )


def fee_paid(
    pk: int, user: User, on: date, *, note: str = "", today: date | None = None
) -> Application:
    """Record payment of the fee: the term runs again."""
    event = Event(Action.FEE_PAID, on, note=note)
    return _perform(pk, user, event, today=today, before_save=_take_fee)


def fee_lapsed(
    pk: int, user: User, on: date, *, note: str = "", today: date | None = None
) -> Application:
    """Close the case: fee not paid in time, deemed abandoned (`other_unpaid_fee`).

    Only after the 20 working days to pay have passed (国办函〔2020〕109号).
    """
    event = Event(Action.FEE_LAPSED, on, note=note)
    return _perform(pk, user, event, today=today, closing_letter=True)


def reply(
    pk: int,
    user: User,
    on: date,
    *,
    outcome: Outcome,
    note: str = "",
    today: date | None = None,
    signed_off: bool = False,
) -> Application:
    """Reply with exactly one outcome row and write the reply letter (答复书).

    Where the agency requires 签发, only the approver replies (`work.sign_off` calls
    this with `signed_off=True` for the draft it approves; the event's data says so).
    """
    event = Event(Action.REPLY, on, outcome, note)
    data = {"signed_off": True} if signed_off else None
    return _perform(pk, user, event, data=data, today=today, closing_letter=True)


def withdraw(
    pk: int, user: User, on: date, *, note: str = "", today: date | None = None
) -> Application:
    """Close the case because the applicant withdrew it (`other_misc`)."""
    event = Event(Action.WITHDRAW, on, note=note)
    return _perform(pk, user, event, today=today, closing_letter=True)
