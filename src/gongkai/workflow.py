"""The application (依申请公开) state machine and the case history model, pure.

One table (`TRANSITIONS`), one function (`next_status`), one `Event` per change. A
`Case` is its events; everything else (status, outcome, the reply due date) is replayed
from them, so the web layer stores events and asks this module what they mean. The rules
that depend on the history rather than the status (correction only once and within 7
working days, extension only once, dates in order, the outcome a reply may carry) are
checked by `Case.apply`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from gongkai.calendar import WorkCalendar
from gongkai.deadlines import (
    can_ask_correction,
    correction_notice_due,
    fee_payment_due,
    reply_due_date,
)
from gongkai.errors import CalendarDataMissing, IllegalTransition
from gongkai.vocabulary import ApplicantType, Channel, Outcome, outcome_for_format

__all__ = [
    "Action",
    "ApplicantType",
    "Case",
    "Channel",
    "Event",
    "IllegalTransition",
    "Outcome",
    "Status",
    "TRANSITIONS",
    "due_date_of",
    "history_breaches",
    "next_status",
    "outcome_for_format",
]


class Status(StrEnum):
    RECEIVED = "received"  # 已登记，答复期限在计算
    AWAITING_CORRECTION = "awaiting_correction"  # 补正：期限停止，补正后重新计算
    CONSULTING = "consulting"  # 征求意见：期间不计入（第三十三条第三款）
    AWAITING_FEE = "awaiting_fee"  # 收费通知至缴费：期间不计入
    ANSWERED = "answered"  # 已答复
    CLOSED = "closed"  # 已终止（逾期不补正、逾期未缴费、撤回）

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in (Status.ANSWERED, Status.CLOSED)

    @property
    def is_clock_running(self) -> bool:
        return self is Status.RECEIVED


_STATUS_LABELS = {
    Status.RECEIVED: "办理中",
    Status.AWAITING_CORRECTION: "待补正",
    Status.CONSULTING: "征求意见中",
    Status.AWAITING_FEE: "待缴费",
    Status.ANSWERED: "已答复",
    Status.CLOSED: "已终止",
}


class Action(StrEnum):
    REGISTER = "register"
    ASK_CORRECTION = "ask_correction"
    RECEIVE_CORRECTION = "receive_correction"
    CORRECTION_LAPSED = "correction_lapsed"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    EXTEND = "extend"
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"
    FEE_LAPSED = "fee_lapsed"
    REPLY = "reply"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.REGISTER: "登记申请",
    Action.ASK_CORRECTION: "告知补正",
    Action.RECEIVE_CORRECTION: "收到补正",
    Action.CORRECTION_LAPSED: "逾期未补正",
    Action.START_CONSULTATION: "开始征求意见",
    Action.END_CONSULTATION: "征求意见结束",
    Action.EXTEND: "延长答复期限",
    Action.FEE_NOTICE: "发出收费通知",
    Action.FEE_PAID: "已缴费",
    Action.FEE_LAPSED: "逾期未缴费",
    Action.REPLY: "答复",
    Action.WITHDRAW: "申请人撤回",
}

S = Status
_OPEN = frozenset({S.RECEIVED, S.AWAITING_CORRECTION, S.CONSULTING, S.AWAITING_FEE})
# `None` is the state of an application not yet registered.
TRANSITIONS: dict[Action, tuple[frozenset[Status | None], Status]] = {
    Action.REGISTER: (frozenset({None}), S.RECEIVED),
    Action.ASK_CORRECTION: (frozenset({S.RECEIVED}), S.AWAITING_CORRECTION),
    Action.RECEIVE_CORRECTION: (frozenset({S.AWAITING_CORRECTION}), S.RECEIVED),
    Action.CORRECTION_LAPSED: (frozenset({S.AWAITING_CORRECTION}), S.CLOSED),
    Action.START_CONSULTATION: (frozenset({S.RECEIVED}), S.CONSULTING),
    Action.END_CONSULTATION: (frozenset({S.CONSULTING}), S.RECEIVED),
    Action.EXTEND: (frozenset({S.RECEIVED}), S.RECEIVED),
    Action.FEE_NOTICE: (frozenset({S.RECEIVED}), S.AWAITING_FEE),
    Action.FEE_PAID: (frozenset({S.AWAITING_FEE}), S.RECEIVED),
    Action.FEE_LAPSED: (frozenset({S.AWAITING_FEE}), S.CLOSED),
    Action.REPLY: (frozenset({S.RECEIVED}), S.ANSWERED),
    Action.WITHDRAW: (frozenset(_OPEN), S.CLOSED),
}

# The outcome an action closes a case with, when it is not the reply's own choice.
ACTION_OUTCOMES: dict[Action, Outcome] = {
    Action.CORRECTION_LAPSED: Outcome.OTHER_NO_CORRECTION,
    Action.FEE_LAPSED: Outcome.OTHER_UNPAID_FEE,
    Action.WITHDRAW: Outcome.OTHER_MISC,
}

# Outcomes a reply may not carry: each belongs to an action of its own, or to 2019.
_NOT_A_REPLY = frozenset({*ACTION_OUTCOMES.values(), Outcome.OTHER})


def _describe(status: Status | None) -> str:
    return "尚未登记" if status is None else status.label


def next_status(current: Status | None, action: str) -> Status:
    """Return the status after `action`, or raise IllegalTransition.

    Raises:
        IllegalTransition: for an unknown action, or one not allowed from `current`.
    """
    try:
        known = Action(action)
    except ValueError:
        raise IllegalTransition(
            f"未知操作 {action!r} (unknown action {action!r})"
        ) from None
    sources, target = TRANSITIONS[known]
    if current not in sources:
        raise IllegalTransition(
            f"申请{_describe(current)}，不能{known.label} "
            f"(cannot {known.value} an application that is "
            f"{current.value if current else 'not registered'})"
        )
    return target


def allowed_actions(current: Status | None) -> tuple[Action, ...]:
    """Return the actions `next_status` accepts from `current`, in table order."""
    return tuple(a for a, (sources, _t) in TRANSITIONS.items() if current in sources)


@dataclass(frozen=True)
class Event:
    """One legal event of a case: what happened and on which day.

    `outcome` is given for a reply only; the other closing actions imply theirs.
    """

    action: Action
    on: date
    outcome: Outcome | None = None
    note: str = ""

    def __post_init__(self) -> None:
        # Stored rows hold plain strings: make them the enums, or refuse them here.
        try:
            object.__setattr__(self, "action", Action(self.action))
        except ValueError:
            raise IllegalTransition(
                f"未知操作 {self.action!r} (unknown action {self.action!r})"
            ) from None
        if self.outcome is not None:
            try:
                object.__setattr__(self, "outcome", Outcome(self.outcome))
            except ValueError:
                raise IllegalTransition(
                    f"未知办理结果 {self.outcome!r} (unknown outcome {self.outcome!r})"
                ) from None


@dataclass(frozen=True)
class Case:
    """An application as the sequence of its events; every property is replayed."""

    applicant_type: ApplicantType
    channel: Channel = Channel.IN_PERSON
    events: tuple[Event, ...] = field(default=())

    @classmethod
    def from_events(
        cls,
        applicant_type: ApplicantType,
        events: Iterable[Event],
        calendar: WorkCalendar,
        *,
        channel: Channel = Channel.IN_PERSON,
    ) -> Case:
        """Return the case after replaying `events`, each checked by `apply`.

        Raises:
            IllegalTransition: at the first event not allowed where it stands.
        """
        case = cls(applicant_type, channel)
        for event in events:
            case = case.apply(event, calendar)
        return case

    @property
    def status(self) -> Status | None:
        status: Status | None = None
        for event in self.events:
            status = TRANSITIONS[event.action][1]
        return status

    @property
    def received(self) -> date:
        if not self.events:
            raise IllegalTransition("申请尚未登记 (application not registered)")
        return self.events[0].on

    @property
    def closed_on(self) -> date | None:
        """The reply date, or the day the case was otherwise closed; None while open."""
        last = self.events[-1] if self.events else None
        return last.on if last and not TRANSITIONS[last.action][1].is_open else None

    @property
    def replied(self) -> date | None:
        """The closing date under the name the statistics count by (`closed_on`)."""
        return self.closed_on

    @property
    def outcome(self) -> Outcome | None:
        last = self.events[-1] if self.events else None
        if last is None or TRANSITIONS[last.action][1].is_open:
            return None
        return (
            last.outcome
            if last.action is Action.REPLY
            else ACTION_OUTCOMES[last.action]
        )

    def has(self, action: Action) -> bool:
        return any(event.action is action for event in self.events)

    def apply(self, event: Event, calendar: WorkCalendar) -> Case:
        """Return the case with `event` appended, if the Regulations allow it.

        Raises:
            IllegalTransition: when the action is not allowed in the current status, is
                repeated where it may happen once, is dated before the previous event,
                or carries a wrong outcome.
            CalendarDataMissing: when the 7-working-day check needs an unknown year.
        """
        next_status(self.status, event.action)
        if self.events and event.on < self.events[-1].on:
            last = self.events[-1]
            raise IllegalTransition(
                f"{event.action.label}日期 {event.on.isoformat()} 早于上一事件"
                f"（{last.action.label} {last.on.isoformat()}） "
                f"({event.action.value} on {event.on.isoformat()} is before "
                f"{last.action.value} on {last.on.isoformat()})"
            )
        _check_event(self, event, calendar)
        if event.action is not Action.REPLY and event.outcome is not None:
            event = replace(event, outcome=None)
        return replace(self, events=(*self.events, event))

    def due_date(self, calendar: WorkCalendar) -> date | None:
        """Return the reply due date replayed from the events (see `due_date_of`)."""
        return due_date_of(self.events, calendar)


def history_breaches(
    events: Sequence[Event], calendar: WorkCalendar
) -> list[tuple[Event, str]]:
    """Return each event of a recorded history that `Case.apply` would refuse, and why.

    A ledger records what happened, so its history is kept as it is and every rule it
    breaks (an event not allowed in its state, a late correction notice, an extension
    after the term ended) is reported rather than refused. The replay goes on after a
    breach as if the event had been allowed.
    """
    case = Case(ApplicantType.OTHER_ORG)  # no rule depends on the applicant type
    found: list[tuple[Event, str]] = []
    for event in events:
        try:
            case = case.apply(event, calendar)
        except (IllegalTransition, CalendarDataMissing) as exc:
            found.append((event, str(exc)))
            case = replace(case, events=(*case.events, event))
    return found


def _check_event(case: Case, event: Event, calendar: WorkCalendar) -> None:
    action = event.action
    if action is Action.ASK_CORRECTION:
        _check_correction(case, event, calendar)
    elif action is Action.EXTEND and case.has(Action.EXTEND):
        raise IllegalTransition(
            "答复期限只能延长一次（条例第三十三条） (the term may be extended only once)"
        )
    elif action is Action.REPLY:
        _check_reply_outcome(case, event.outcome)
    elif action is Action.FEE_LAPSED:
        _check_fee_lapsed(case, event, calendar)
    if action in _WITHIN_TERM:
        _check_within_term(case, event, calendar)


# Events that must happen while the reply term runs, and why (Chinese, English).
_WITHIN_TERM: dict[Action, tuple[str, str]] = {
    # 条例第三十三条第二款：需要延长答复期限的……告知申请人（within the term).
    Action.EXTEND: (
        "延长答复期限应在答复期限内决定（条例第三十三条第二款）",
        "an extension must be decided within the reply term (Art. 33)",
    ),
    # 国办函〔2020〕109号：收费通知应在答复期限内发出.
    Action.FEE_NOTICE: (
        "收费通知应在答复期限内发出（国办函〔2020〕109号）",
        "a fee notice must be sent within the reply term",
    ),
    # 条例第三十三条第三款：征求意见所需时间不计算在答复期限内 — the term must still run.
    Action.START_CONSULTATION: (
        "征求意见应在答复期限内开始（条例第三十二条、第三十三条第三款）",
        "a consultation must start within the reply term (Art. 32, 33)",
    ),
}


def _surely_before(on: date, missing: CalendarDataMissing) -> bool:
    """Tell whether `on` is before a date whose count ran into an unentered year.

    Counting only moves forward, so a count that stopped at a day of `missing.year`
    ends in that year or later: any day before 1 January of it is earlier.
    """
    return on < date(missing.year, 1, 1)


def _check_correction(case: Case, event: Event, calendar: WorkCalendar) -> None:
    if case.has(Action.ASK_CORRECTION):
        raise IllegalTransition(
            "补正只能告知一次（条例第三十条） (a correction may be asked only once)"
        )
    try:
        in_time = can_ask_correction(case.received, event.on, calendar)
    except CalendarDataMissing as exc:
        if _surely_before(event.on, exc):
            return
        raise
    if not in_time:
        due = correction_notice_due(case.received, calendar)
        raise IllegalTransition(
            f"补正告知应在收到申请后7个工作日内（{due.isoformat()} 前）发出，"
            f"{event.on.isoformat()} 已超期 (the correction notice was due by "
            f"{due.isoformat()}, {event.on.isoformat()} is too late)"
        )


def _check_within_term(case: Case, event: Event, calendar: WorkCalendar) -> None:
    try:
        due = due_date_of(case.events, calendar)
    except CalendarDataMissing as exc:
        if _surely_before(event.on, exc):
            return
        raise
    if due is None or event.on <= due:
        return
    rule, rule_en = _WITHIN_TERM[event.action]
    raise IllegalTransition(
        f"{rule}；答复期限已于 {due.isoformat()} 届满，{event.action.label}日期 "
        f"{event.on.isoformat()} 已超期 ({rule_en}; the term ended on "
        f"{due.isoformat()}, {event.action.value} on {event.on.isoformat()} is late)"
    )


def _check_fee_lapsed(case: Case, event: Event, calendar: WorkCalendar) -> None:
    notices = [e.on for e in case.events if e.action is Action.FEE_NOTICE]
    if not notices:
        return  # next_status has refused it already (no fee notice)
    # The notice's day of receipt is not recorded; counting from the day it was sent
    # gives the earliest possible last day to pay, so a lapse refused here is surely
    # premature (国办函〔2020〕109号：收到收费通知次日起20个工作日内缴纳).
    try:
        due = fee_payment_due(notices[-1], calendar)
    except CalendarDataMissing as exc:
        if not _surely_before(event.on, exc):
            raise
        raise IllegalTransition(
            f"缴费期限为收到收费通知次日起20个工作日，延续至{exc.year}年，"
            f"{event.on.isoformat()} 尚未逾期，不能记录逾期未缴费 (the fee may be paid "
            f"into {exc.year}; it has not lapsed on {event.on.isoformat()})"
        ) from None
    if event.on <= due:
        raise IllegalTransition(
            f"缴费期限为收到收费通知次日起20个工作日（至 {due.isoformat()}），"
            f"{event.on.isoformat()} 尚未逾期，不能记录逾期未缴费 (the fee may be paid "
            f"until {due.isoformat()}; it has not lapsed on {event.on.isoformat()})"
        )


def _check_reply_outcome(case: Case, outcome: Outcome | None) -> None:
    if outcome is None:
        raise IllegalTransition(
            "答复必须选择一项办理结果 (a reply needs exactly one outcome)"
        )
    if outcome in _NOT_A_REPLY:
        raise IllegalTransition(
            f"办理结果「{outcome.label}」不能用于答复，应使用相应的操作 "
            f"(outcome {outcome.value} is recorded by its own action, not by a reply)"
        )
    if outcome is Outcome.UNABLE_UNCLEAR_AFTER_CORRECTION and not case.has(
        Action.RECEIVE_CORRECTION
    ):
        raise IllegalTransition(
            "未经补正的申请不能以「补正后申请内容仍不明确」答复 "
            "(unable_unclear_after_correction needs a received correction)"
        )


def due_date_of(history: Sequence[Event], calendar: WorkCalendar) -> date | None:
    """Return the reply due date that the events of a case give under 第三十三条.

    The clock starts at registration, restarts at a received correction (第三十条),
    stops for every consultation and every fee notice up to its end or payment (both
    ends inclusive, 第三十三条第三款), and runs 40 working days once extended.

    Return None when the clock is stopped with no known restart: awaiting a
    correction, or inside a consultation or fee pause that has not ended, including a
    case closed in that state (correction lapsed, fee lapsed, withdrawn meanwhile). A
    case answered or closed while its clock ran keeps the due date it had, so its
    timeliness can be judged.

    Raises:
        IllegalTransition: for a history that does not start with registration.
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    if not history or history[0].action is not Action.REGISTER:
        raise IllegalTransition(
            "案件历史必须以登记开始 (a history starts with register)"
        )
    received, corrected, extended = history[0].on, None, False
    pauses: list[tuple[date, date]] = []
    pause_start: date | None = None
    awaiting_correction = False
    for event in history[1:]:
        if event.action is Action.ASK_CORRECTION:
            awaiting_correction = True
        elif event.action is Action.RECEIVE_CORRECTION:
            corrected, awaiting_correction = event.on, False
        elif event.action in (Action.START_CONSULTATION, Action.FEE_NOTICE):
            pause_start = event.on
        elif event.action in (Action.END_CONSULTATION, Action.FEE_PAID):
            if pause_start is not None:
                pauses.append((pause_start, event.on))
            pause_start = None
        elif event.action is Action.EXTEND:
            extended = True
    if awaiting_correction or pause_start is not None:
        return None
    return reply_due_date(
        received,
        calendar=calendar,
        corrected=corrected,
        pauses=pauses,
        extended=extended,
    )
