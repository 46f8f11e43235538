from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings

from gongkai.calendar import WorkCalendar, YearArrangement
from gongkai.errors import CalendarDataMissing, GongkaiError
from gongkai.report.formats import (
    APPLICANT_TYPES,
    F2019,
    F2021,
    FORMATS,
    outcome_row_ids,
)
from gongkai.workflow import (
    TRANSITIONS,
    Action,
    ApplicantType,
    Case,
    Channel,
    Event,
    IllegalTransition,
    Outcome,
    Status,
    allowed_actions,
    due_date_of,
    history_breaches,
    next_status,
    outcome_for_format,
)
from tests.gongkai.histories import case_histories

CAL = WorkCalendar()
D = date
A = Action


def case_of(*events: Event) -> Case:
    return Case.from_events(ApplicantType.NATURAL_PERSON, events, CAL)


RECEIVED = D(2024, 9, 27)


def reg(on: date = RECEIVED) -> Event:
    return Event(A.REGISTER, on)


# --- vocabularies -----------------------------------------------------------------------


def test_outcome_values_are_exactly_the_outcome_rows_of_the_schema() -> None:
    assert {o.value for o in Outcome} == outcome_row_ids()
    assert len(Outcome) == 22  # 18 shared, 3 of 2021, 1 of 2019


def test_outcome_labels_come_from_formats() -> None:
    assert Outcome.DENIED_THIRD_PARTY.label == "不予公开-保护第三方合法权益"
    assert Outcome.GRANTED.label == "予以公开"
    assert Outcome.OTHER_MISC.label == "其他处理-其他"
    assert Outcome.OTHER.label == "其他处理"
    row = FORMATS[F2021].application_row("unable_not_held")
    assert Outcome.UNABLE_NOT_HELD.official_label == row.full_label
    assert Outcome.OTHER.formats == {F2019}
    assert Outcome.OTHER_UNPAID_FEE.formats == {F2021}


@pytest.mark.parametrize(
    ("outcome", "row_2019"),
    [
        (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER),
        (Outcome.OTHER_UNPAID_FEE, Outcome.OTHER),
        (Outcome.OTHER_MISC, Outcome.OTHER),
        (Outcome.OTHER, Outcome.OTHER),
        (Outcome.GRANTED, Outcome.GRANTED),
        (Outcome.NOT_PROCESSED_EXCESSIVE, Outcome.NOT_PROCESSED_EXCESSIVE),
    ],
)
def test_2021_outcome_maps_to_its_2019_row(outcome: Outcome, row_2019: Outcome) -> None:
    assert outcome_for_format(outcome, F2019) is row_2019
    assert row_2019 in {Outcome(r.id) for r in FORMATS[F2019].outcome_rows}


def test_2019_other_is_counted_as_other_misc_in_2021_tables() -> None:
    assert outcome_for_format(Outcome.OTHER, "2021") is Outcome.OTHER_MISC
    for outcome in Outcome:
        mapped = outcome_for_format(outcome, F2021)
        assert F2021 in mapped.formats


def test_applicant_types_are_the_six_columns() -> None:
    assert [t.value for t in ApplicantType] == [c.id for c in APPLICANT_TYPES]
    assert [t.label for t in ApplicantType] == [c.label for c in APPLICANT_TYPES]
    assert ApplicantType.OTHER_ORG.long_label == "其他法人或其他组织"


def test_channels_have_labels_and_article_31_receipt_rules() -> None:
    assert [c.label for c in Channel] == [
        "当面",
        "邮寄",
        "平常信函",
        "网络",
        "传真",
        "电子邮件",
        "其他",
    ]
    assert "签收之日" in Channel.POST.receipt_rule
    assert "确认" in Channel.ORDINARY_LETTER.receipt_rule
    assert "双方确认之日" in Channel.ONLINE.receipt_rule
    assert "双方确认之日" in Channel.FAX.receipt_rule
    assert "提交之日" in Channel.IN_PERSON.receipt_rule


# --- the table ------------------------------------------------------------------------------


def test_every_action_has_one_row() -> None:
    assert set(TRANSITIONS) == set(Action)


@pytest.mark.parametrize(
    ("current", "action", "target"),
    [
        (None, "register", Status.RECEIVED),
        (Status.RECEIVED, "ask_correction", Status.AWAITING_CORRECTION),
        (Status.AWAITING_CORRECTION, "receive_correction", Status.RECEIVED),
        (Status.AWAITING_CORRECTION, "correction_lapsed", Status.CLOSED),
        (Status.RECEIVED, "start_consultation", Status.CONSULTING),
        (Status.CONSULTING, "end_consultation", Status.RECEIVED),
        (Status.RECEIVED, "extend", Status.RECEIVED),
        (Status.RECEIVED, "fee_notice", Status.AWAITING_FEE),
        (Status.AWAITING_FEE, "fee_paid", Status.RECEIVED),
        (Status.AWAITING_FEE, "fee_lapsed", Status.CLOSED),
        (Status.RECEIVED, "reply", Status.ANSWERED),
        (Status.CONSULTING, "withdraw", Status.CLOSED),
    ],
)
def test_next_status_allowed(
    current: Status | None, action: str, target: Status
) -> None:
    assert next_status(current, action) is target


@pytest.mark.parametrize(
    ("current", "action", "message"),
    [
        (Status.AWAITING_CORRECTION, "reply", "申请待补正，不能答复"),
        (Status.CONSULTING, "reply", "申请征求意见中，不能答复"),
        (Status.ANSWERED, "withdraw", "申请已答复，不能申请人撤回"),
        (Status.CLOSED, "reply", "申请已终止"),
        (Status.RECEIVED, "register", "不能登记申请"),
        (None, "reply", "申请尚未登记"),
        (Status.RECEIVED, "fee_paid", "不能已缴费"),
        (Status.AWAITING_FEE, "extend", "不能延长答复期限"),
    ],
)
def test_next_status_refuses_with_chinese_message(
    current: Status | None, action: str, message: str
) -> None:
    with pytest.raises(IllegalTransition, match=message):
        next_status(current, action)


def test_unknown_action_is_refused() -> None:
    with pytest.raises(IllegalTransition, match="未知操作 'approve'"):
        next_status(Status.RECEIVED, "approve")


def test_illegal_transition_is_a_gongkai_error() -> None:
    assert issubclass(IllegalTransition, GongkaiError)


def test_allowed_actions_from_received() -> None:
    assert set(allowed_actions(Status.RECEIVED)) == {
        A.ASK_CORRECTION,
        A.START_CONSULTATION,
        A.EXTEND,
        A.FEE_NOTICE,
        A.REPLY,
        A.WITHDRAW,
    }
    assert allowed_actions(Status.ANSWERED) == ()
    assert allowed_actions(None) == (A.REGISTER,)


def test_terminal_statuses_are_not_open() -> None:
    assert not Status.ANSWERED.is_open and not Status.CLOSED.is_open
    assert Status.CONSULTING.is_open and not Status.CONSULTING.is_clock_running


# --- history rules ------------------------------------------------------------------------


def test_reply_closes_with_its_outcome_and_date() -> None:
    case = case_of(reg(), Event(A.REPLY, D(2024, 10, 20), Outcome.GRANTED))
    assert case.status is Status.ANSWERED
    assert case.outcome is Outcome.GRANTED
    assert case.closed_on == case.replied == D(2024, 10, 20)
    assert case.received == D(2024, 9, 27)


@pytest.mark.parametrize(
    ("events", "outcome"),
    [
        (
            [
                Event(A.ASK_CORRECTION, D(2024, 9, 30)),
                Event(A.CORRECTION_LAPSED, D(2024, 11, 1)),
            ],
            Outcome.OTHER_NO_CORRECTION,
        ),
        (
            [Event(A.FEE_NOTICE, D(2024, 10, 9)), Event(A.FEE_LAPSED, D(2024, 11, 20))],
            Outcome.OTHER_UNPAID_FEE,
        ),
        ([Event(A.WITHDRAW, D(2024, 10, 9))], Outcome.OTHER_MISC),
    ],
)
def test_closing_actions_imply_their_outcome(
    events: list[Event], outcome: Outcome
) -> None:
    case = case_of(reg(), *events)
    assert case.status is Status.CLOSED
    assert case.outcome is outcome


def test_open_case_has_no_outcome() -> None:
    case = case_of(reg(), Event(A.START_CONSULTATION, D(2024, 10, 8)))
    assert case.outcome is None and case.closed_on is None
    assert case.status is Status.CONSULTING


def test_correction_may_be_asked_only_once() -> None:
    case = case_of(
        reg(),
        Event(A.ASK_CORRECTION, D(2024, 9, 30)),
        Event(A.RECEIVE_CORRECTION, D(2024, 10, 9)),
    )
    with pytest.raises(IllegalTransition, match="补正只能告知一次"):
        case.apply(Event(A.ASK_CORRECTION, D(2024, 10, 10)), CAL)


def test_correction_must_be_asked_within_7_workdays() -> None:
    case = case_of(reg())
    assert case.apply(Event(A.ASK_CORRECTION, D(2024, 10, 12)), CAL).status is (
        Status.AWAITING_CORRECTION
    )
    with pytest.raises(IllegalTransition, match="2024-10-12 前"):
        case.apply(Event(A.ASK_CORRECTION, D(2024, 10, 14)), CAL)


def test_extension_only_once() -> None:
    case = case_of(reg(), Event(A.EXTEND, D(2024, 10, 25)))
    with pytest.raises(IllegalTransition, match="只能延长一次"):
        case.apply(Event(A.EXTEND, D(2024, 10, 28)), CAL)


# RECEIVED 2024-09-27: the reply term ends 2024-10-30 (process.md §6).


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (A.EXTEND, "延长答复期限应在答复期限内决定"),
        (A.FEE_NOTICE, "收费通知应在答复期限内发出"),
        (A.START_CONSULTATION, "征求意见应在答复期限内开始"),
    ],
)
def test_events_of_the_term_are_refused_after_it_ended(
    action: Action, message: str
) -> None:
    case = case_of(reg())
    assert case.apply(Event(action, D(2024, 10, 30)), CAL).events[-1].action is action
    with pytest.raises(IllegalTransition, match=message) as refused:
        case.apply(Event(action, D(2024, 10, 31)), CAL)
    assert "答复期限已于 2024-10-30 届满" in str(refused.value)
    assert "the term ended on 2024-10-30" in str(refused.value)


def test_the_term_after_a_consultation_is_the_paused_one() -> None:
    # Consultation 10-08..10-14 (6 working days, Saturday 10-12 worked) -> 11-07.
    case = case_of(
        reg(),
        Event(A.START_CONSULTATION, D(2024, 10, 8)),
        Event(A.END_CONSULTATION, D(2024, 10, 14)),
    )
    assert case.apply(Event(A.EXTEND, D(2024, 11, 7)), CAL).has(A.EXTEND)
    with pytest.raises(IllegalTransition, match="2024-11-07 届满"):
        case.apply(Event(A.EXTEND, D(2024, 11, 8)), CAL)


def test_fee_lapse_is_refused_until_the_payment_term_has_passed() -> None:
    # Notice sent 2024-10-09: 20 working days from the next day end on 2024-11-05.
    case = case_of(reg(), Event(A.FEE_NOTICE, D(2024, 10, 9)))
    for early in (D(2024, 10, 20), D(2024, 11, 5)):
        with pytest.raises(IllegalTransition, match="至 2024-11-05") as refused:
            case.apply(Event(A.FEE_LAPSED, early), CAL)
        assert "it has not lapsed" in str(refused.value)
    lapsed = case.apply(Event(A.FEE_LAPSED, D(2024, 11, 6)), CAL)
    assert lapsed.outcome is Outcome.OTHER_UNPAID_FEE


def test_december_2026_events_pass_their_checks_before_2027_is_entered() -> None:
    # The term of a case received 2026-12-10 ends in 2027, which nobody has entered:
    # any day of 2026 is surely within it, a fee cannot have lapsed in 2026.
    case = case_of(reg(D(2026, 12, 10)))
    assert case.apply(Event(A.EXTEND, D(2026, 12, 31)), CAL).has(A.EXTEND)
    assert case.apply(Event(A.ASK_CORRECTION, D(2026, 12, 18)), CAL).has(
        A.ASK_CORRECTION
    )
    noticed = case.apply(Event(A.FEE_NOTICE, D(2026, 12, 28)), CAL)
    with pytest.raises(IllegalTransition, match="延续至2027年"):
        noticed.apply(Event(A.FEE_LAPSED, D(2026, 12, 31)), CAL)
    with pytest.raises(CalendarDataMissing, match="2027年节假日安排尚未录入"):
        case.apply(Event(A.EXTEND, D(2027, 1, 20)), CAL)


def test_history_breaches_lists_every_broken_rule_and_keeps_going() -> None:
    events = [
        reg(),
        Event(A.ASK_CORRECTION, D(2024, 10, 14)),  # 7 working days ended 10-12
        Event(A.RECEIVE_CORRECTION, D(2024, 10, 15)),
        Event(A.START_CONSULTATION, D(2024, 12, 2)),  # term ended 2024-11-12
        Event(A.END_CONSULTATION, D(2024, 12, 5)),
        Event(A.REPLY, D(2024, 12, 9), Outcome.GRANTED),
    ]
    found = history_breaches(events, CAL)
    assert [event.action for event, _why in found] == [
        A.ASK_CORRECTION,
        A.START_CONSULTATION,
    ]
    assert (
        "2024-10-12 前" in found[0][1] and "征求意见应在答复期限内开始" in found[1][1]
    )
    assert history_breaches(events[:1], CAL) == []


def test_reply_needs_exactly_one_outcome() -> None:
    with pytest.raises(IllegalTransition, match="必须选择一项办理结果"):
        case_of(reg(), Event(A.REPLY, D(2024, 10, 9)))


@pytest.mark.parametrize(
    "outcome",
    [
        Outcome.OTHER_NO_CORRECTION,
        Outcome.OTHER_UNPAID_FEE,
        Outcome.OTHER_MISC,
        Outcome.OTHER,
    ],
)
def test_reply_cannot_carry_an_action_outcome(outcome: Outcome) -> None:
    with pytest.raises(IllegalTransition, match="不能用于答复"):
        case_of(reg(), Event(A.REPLY, D(2024, 10, 9), outcome))


def test_unclear_after_correction_needs_a_correction() -> None:
    outcome = Outcome.UNABLE_UNCLEAR_AFTER_CORRECTION
    with pytest.raises(IllegalTransition, match="补正后申请内容仍不明确"):
        case_of(reg(), Event(A.REPLY, D(2024, 10, 9), outcome))
    case = case_of(
        reg(),
        Event(A.ASK_CORRECTION, D(2024, 9, 30)),
        Event(A.RECEIVE_CORRECTION, D(2024, 10, 9)),
        Event(A.REPLY, D(2024, 10, 20), outcome),
    )
    assert case.outcome is outcome


def test_event_dated_before_previous_is_refused() -> None:
    with pytest.raises(IllegalTransition, match="早于上一事件"):
        case_of(reg(), Event(A.START_CONSULTATION, D(2024, 9, 26)))


def test_outcome_on_a_non_reply_event_is_dropped() -> None:
    case = case_of(reg(), Event(A.EXTEND, D(2024, 10, 8), Outcome.GRANTED))
    assert case.events[-1].outcome is None


def test_apply_returns_a_new_case() -> None:
    case = case_of(reg())
    case.apply(Event(A.EXTEND, D(2024, 10, 8)), CAL)
    assert len(case.events) == 1


# --- due dates from history ---------------------------------------------------------------


def test_due_date_of_plain_case_is_worked_example() -> None:
    assert due_date_of([reg()], CAL) == D(2024, 10, 30)
    assert case_of(reg()).due_date(CAL) == D(2024, 10, 30)


def test_due_date_restarts_after_correction() -> None:
    history = [
        reg(),
        Event(A.ASK_CORRECTION, D(2024, 9, 30)),
        Event(A.RECEIVE_CORRECTION, D(2024, 10, 9)),
    ]
    assert due_date_of(history, CAL) == D(2024, 11, 5)


def test_due_date_is_none_while_awaiting_correction_or_paused() -> None:
    assert due_date_of([reg(), Event(A.ASK_CORRECTION, D(2024, 9, 30))], CAL) is None
    assert (
        due_date_of([reg(), Event(A.START_CONSULTATION, D(2024, 10, 8))], CAL) is None
    )
    assert due_date_of([reg(), Event(A.FEE_NOTICE, D(2024, 10, 8))], CAL) is None


def test_due_date_excludes_consultation_and_fee_pauses() -> None:
    history = [
        reg(),
        Event(A.START_CONSULTATION, D(2024, 10, 8)),
        Event(A.END_CONSULTATION, D(2024, 10, 8)),
        Event(A.FEE_NOTICE, D(2024, 10, 14)),
        Event(A.FEE_PAID, D(2024, 10, 15)),
    ]
    # three working days paused: 10-30 -> 11-04
    assert due_date_of(history, CAL) == D(2024, 11, 4)


def test_due_date_with_extension() -> None:
    history = [reg(), Event(A.EXTEND, D(2024, 10, 28))]
    assert due_date_of(history, CAL) == D(2024, 11, 27)


def test_answered_case_keeps_its_due_date() -> None:
    history = [reg(), Event(A.REPLY, D(2024, 11, 1), Outcome.GRANTED)]
    assert due_date_of(history, CAL) == D(2024, 10, 30)


def test_history_must_start_with_register() -> None:
    with pytest.raises(IllegalTransition, match="必须以登记开始"):
        due_date_of([Event(A.EXTEND, D(2024, 10, 8))], CAL)
    with pytest.raises(IllegalTransition):
        due_date_of([], CAL)


def test_event_accepts_stored_strings_and_refuses_unknown_ones() -> None:
    event = Event("reply", D(2024, 10, 9), "granted")  # type: ignore[arg-type]
    assert event.action is A.REPLY and event.outcome is Outcome.GRANTED
    with pytest.raises(IllegalTransition, match="未知操作 'approve'"):
        Event("approve", D(2024, 10, 9))  # type: ignore[arg-type]
    with pytest.raises(IllegalTransition, match="未知办理结果 'yes'"):
        Event("reply", D(2024, 10, 9), "yes")  # type: ignore[arg-type]


def test_case_closed_during_a_pause_has_no_due_date_but_one_closed_running_has() -> (
    None
):
    withdrawn = [
        reg(),
        Event(A.START_CONSULTATION, D(2024, 10, 8)),
        Event(A.WITHDRAW, D(2024, 10, 9)),
    ]
    assert due_date_of(withdrawn, CAL) is None
    lapsed = [
        reg(),
        Event(A.FEE_NOTICE, D(2024, 10, 8)),
        Event(A.FEE_LAPSED, D(2024, 11, 8)),
    ]
    assert due_date_of(lapsed, CAL) is None
    assert due_date_of([reg(), Event(A.WITHDRAW, D(2024, 10, 9))], CAL) == D(
        2024, 10, 30
    )


# --- property: any allowed history replays consistently -------------------------------

# A made-up 2027 so that clocks restarted late in 2026 can finish.
CAL_2027 = WorkCalendar([YearArrangement(2027, frozenset(), frozenset(), "测试用")])


@settings(max_examples=200, deadline=None)
@given(case_histories())
def test_random_history_replays_consistently(case: Case) -> None:
    status = case.status
    assert status is not None
    assert (case.outcome is None) == status.is_open
    assert (case.closed_on is None) == status.is_open
    assert Case.from_events(case.applicant_type, case.events, CAL_2027) == case
    due = due_date_of(case.events, CAL_2027)
    if status in (Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_FEE):
        assert due is None
    if due is not None:
        assert CAL_2027.is_workday(due)
        start = case.events[0].on
        for event in case.events:
            if event.action is A.RECEIVE_CORRECTION:
                start = event.on
        assert CAL_2027.workdays_between(start, due) >= 20
        if case.has(A.EXTEND):
            assert CAL_2027.workdays_between(start, due) >= 40
