"""Every workflow action: allowed where the Regulations allow it, refused with a message."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gongkai.errors import ActionRefused
from gongkai.vocabulary import Outcome
from gongkai.workflow import IllegalTransition, Status
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application, ApplicationEvent
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import make_application

RECEIVED = date(2024, 5, 20)  # due 2024-06-18 (端午 2024-06-10 is a holiday)


@pytest.fixture
def case(agency: Agency, registrar: Any) -> Application:
    return make_application(agency, registrar, received=RECEIVED)


def reload(case: Application) -> Application:
    return Application.objects.get(pk=case.pk)


def test_registration_sets_due_date_20_workdays_after_receipt(
    case: Application,
) -> None:
    assert case.status == Status.RECEIVED
    assert case.due_date == date(2024, 6, 18)
    assert case.tracking_number == "2024-0001"
    assert [e.action for e in case.events.all()] == ["register"]


def test_correction_restarts_the_clock_from_the_corrected_application(
    case: Application, handler: Any, registrar: Any
) -> None:
    asked = services.ask_correction(case.pk, handler, date(2024, 5, 22))
    assert asked.status == Status.AWAITING_CORRECTION and asked.due_date is None
    corrected = services.receive_correction(case.pk, registrar, date(2024, 5, 29))
    assert corrected.status == Status.RECEIVED
    assert corrected.due_date == date(2024, 6, 27)


def test_correction_after_7_workdays_is_refused(
    case: Application, handler: Any
) -> None:
    with pytest.raises(IllegalTransition, match="7个工作日内（2024-05-29 前）"):
        services.ask_correction(case.pk, handler, date(2024, 5, 30))
    assert reload(case).status == Status.RECEIVED
    assert reload(case).events.count() == 1


def test_correction_may_be_asked_only_once(
    case: Application, handler: Any, registrar: Any
) -> None:
    services.ask_correction(case.pk, handler, date(2024, 5, 21))
    services.receive_correction(case.pk, registrar, date(2024, 5, 22))
    with pytest.raises(IllegalTransition, match="补正只能告知一次"):
        services.ask_correction(case.pk, handler, date(2024, 5, 23))


def test_no_correction_closes_as_other_no_correction(
    case: Application, handler: Any
) -> None:
    services.ask_correction(case.pk, handler, date(2024, 5, 21))
    closed = services.correction_lapsed(case.pk, handler, date(2024, 5, 31))
    assert closed.status == Status.CLOSED and not closed.is_open
    assert closed.outcome == Outcome.OTHER_NO_CORRECTION
    assert closed.reply_date == date(2024, 5, 31)
    assert "逾期未补正" in closed.letter_text


def test_correction_lapsed_without_a_correction_notice_is_refused(
    case: Application, handler: Any
) -> None:
    with pytest.raises(IllegalTransition, match="申请办理中，不能逾期未补正"):
        services.correction_lapsed(case.pk, handler, date(2024, 5, 31))


def test_consultation_time_is_not_counted(case: Application, handler: Any) -> None:
    started = services.start_consultation(
        case.pk, handler, date(2024, 5, 22), party="某公司"
    )
    assert started.status == Status.CONSULTING and started.due_date is None
    ended = services.end_consultation(case.pk, handler, date(2024, 5, 31))
    assert ended.status == Status.RECEIVED
    assert ended.due_date == date(2024, 6, 28)
    assert ended.events.get(action="start_consultation").data == {"party": "某公司"}


def test_reply_is_refused_during_consultation(case: Application, handler: Any) -> None:
    services.start_consultation(case.pk, handler, date(2024, 5, 22))
    with pytest.raises(IllegalTransition, match="申请征求意见中，不能答复"):
        services.reply(case.pk, handler, date(2024, 5, 23), outcome=Outcome.GRANTED)


def test_extension_by_the_approver_adds_20_workdays(
    case: Application, approver: Any
) -> None:
    extended = services.extend(case.pk, approver, date(2024, 6, 3))
    assert extended.due_date == date(2024, 7, 16)
    assert extended.status == Status.RECEIVED


def test_extension_by_a_handler_is_refused(case: Application, handler: Any) -> None:
    with pytest.raises(
        ActionRefused, match="不能办理「延长答复期限」，需要：审批负责人"
    ):
        services.extend(case.pk, handler, date(2024, 6, 3))


def test_extension_only_once(case: Application, approver: Any) -> None:
    services.extend(case.pk, approver, date(2024, 5, 31))
    with pytest.raises(IllegalTransition, match="只能延长一次"):
        services.extend(case.pk, approver, date(2024, 6, 3))


def test_fee_notice_pauses_until_payment_and_records_the_fee(
    case: Application, handler: Any, registrar: Any
) -> None:
    noticed = services.fee_notice(
        case.pk, handler, date(2024, 5, 22), amount=Decimal("100")
    )
    assert noticed.status == Status.AWAITING_FEE and noticed.due_date is None
    paid = services.fee_paid(case.pk, registrar, date(2024, 5, 31))
    assert paid.due_date == date(2024, 6, 28)
    assert paid.fee == Decimal("100")


def test_unpaid_fee_closes_as_other_unpaid_fee(case: Application, handler: Any) -> None:
    services.fee_notice(case.pk, handler, date(2024, 5, 22), amount=Decimal("300"))
    # 20 working days from 05-23 end on 06-20 (端午 06-10 is a holiday).
    with pytest.raises(IllegalTransition, match="至 2024-06-20"):
        services.fee_lapsed(case.pk, handler, date(2024, 6, 3))
    assert reload(case).status == Status.AWAITING_FEE
    later = date(2024, 6, 21)
    closed = services.fee_lapsed(case.pk, handler, later, today=later)
    assert closed.outcome == Outcome.OTHER_UNPAID_FEE and closed.status == Status.CLOSED


def test_fee_notice_needs_a_positive_amount(case: Application, handler: Any) -> None:
    with pytest.raises(ActionRefused, match="收费金额应大于0"):
        services.fee_notice(case.pk, handler, date(2024, 5, 22), amount=Decimal("0"))


def test_fee_paid_without_notice_is_refused(case: Application, registrar: Any) -> None:
    with pytest.raises(IllegalTransition, match="不能已缴费"):
        services.fee_paid(case.pk, registrar, date(2024, 5, 22))


def test_reply_records_outcome_date_letter_and_audit(
    case: Application, handler: Any
) -> None:
    replied = services.reply(
        case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED
    )
    assert replied.status == Status.ANSWERED
    assert replied.outcome == Outcome.GRANTED
    assert replied.reply_date == date(2024, 5, 31)
    assert replied.due_date == date(2024, 6, 18)
    assert (
        "张三" in replied.letter_text and "第三十六条第（二）项" in replied.letter_text
    )
    event = replied.events.get(action="reply")
    assert (event.old_status, event.new_status, event.actor) == (
        "received",
        "answered",
        handler,
    )
    assert (
        AuditLog.objects.filter(
            action=AuditAction.EVENT, object_id=str(case.pk)
        ).count()
        == 2
    )


def test_reply_twice_is_refused(case: Application, handler: Any) -> None:
    services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    with pytest.raises(IllegalTransition, match="申请已答复，不能答复"):
        services.reply(case.pk, handler, date(2024, 6, 3), outcome=Outcome.GRANTED)


def test_reply_with_an_action_outcome_is_refused(
    case: Application, handler: Any
) -> None:
    with pytest.raises(IllegalTransition, match="不能用于答复"):
        services.reply(
            case.pk, handler, date(2024, 5, 31), outcome=Outcome.OTHER_UNPAID_FEE
        )


def test_unclear_after_correction_needs_a_correction(
    case: Application, handler: Any
) -> None:
    with pytest.raises(IllegalTransition, match="未经补正"):
        services.reply(
            case.pk,
            handler,
            date(2024, 5, 31),
            outcome=Outcome.UNABLE_UNCLEAR_AFTER_CORRECTION,
        )


def test_reply_by_the_auditor_is_refused(case: Application, auditor: Any) -> None:
    with pytest.raises(ActionRefused, match="您的岗位不能办理「答复」"):
        services.reply(case.pk, auditor, date(2024, 5, 31), outcome=Outcome.GRANTED)


def test_reply_by_someone_of_another_agency_is_refused(
    case: Application, outsider: Any
) -> None:
    with pytest.raises(ActionRefused):
        services.reply(case.pk, outsider, date(2024, 5, 31), outcome=Outcome.GRANTED)


def test_event_dated_in_the_future_is_refused(case: Application, handler: Any) -> None:
    with pytest.raises(ActionRefused, match="答复日期 2024-06-04 晚于今天 2024-06-03"):
        services.reply(case.pk, handler, date(2024, 6, 4), outcome=Outcome.GRANTED)


def test_event_dated_before_the_previous_one_is_refused(
    case: Application, handler: Any
) -> None:
    with pytest.raises(IllegalTransition, match="早于上一事件"):
        services.reply(case.pk, handler, date(2024, 5, 19), outcome=Outcome.GRANTED)


def test_withdrawal_closes_an_open_case_as_other_misc(
    case: Application, handler: Any, registrar: Any
) -> None:
    services.start_consultation(case.pk, handler, date(2024, 5, 22))
    closed = services.withdraw(case.pk, registrar, date(2024, 5, 24))
    assert closed.outcome == Outcome.OTHER_MISC and closed.status == Status.CLOSED


def test_allowed_actions_follow_state_and_role(
    case: Application, handler: Any, approver: Any, auditor: Any
) -> None:
    from gongkai_web.agencies.access import roles_in

    handler_actions = services.allowed_actions_for(case, roles_in(handler, case.agency))
    assert [a.value for a in handler_actions] == [
        "ask_correction",
        "start_consultation",
        "fee_notice",
        "reply",
        "withdraw",
    ]
    assert [
        a.value
        for a in services.allowed_actions_for(case, roles_in(approver, case.agency))
    ] == ["extend", "reply"]
    assert services.allowed_actions_for(case, roles_in(auditor, case.agency)) == []


def test_events_cannot_be_changed_or_deleted(case: Application) -> None:
    from gongkai_web.audit.models import AppendOnlyError

    event = ApplicationEvent.objects.get(application=case)
    event.note = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ApplicationEvent.objects.filter(application=case).delete()
    with pytest.raises(AppendOnlyError):
        ApplicationEvent.objects.filter(application=case).update(note="x")


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            lambda pk, users, on: services.extend(pk, users["approver"], on, today=on),
            "延长答复期限应在答复期限内决定",
        ),
        (
            lambda pk, users, on: services.fee_notice(
                pk, users["handler"], on, amount=Decimal("100"), today=on
            ),
            "收费通知应在答复期限内发出",
        ),
        (
            lambda pk, users, on: services.start_consultation(
                pk, users["handler"], on, today=on
            ),
            "征求意见应在答复期限内开始",
        ),
    ],
)
def test_events_of_the_term_are_refused_after_the_due_date(
    case: Application, handler: Any, approver: Any, record: Any, message: str
) -> None:
    users = {"handler": handler, "approver": approver}
    with pytest.raises(IllegalTransition, match=message) as refused:
        record(case.pk, users, date(2024, 6, 19))
    assert "答复期限已于 2024-06-18 届满" in str(refused.value)
    assert [e.action for e in reload(case).events.all()] == ["register"]
    record(case.pk, users, date(2024, 6, 18))  # the last day is still within
