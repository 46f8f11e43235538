"""A ledger row as a case history, and a case as a ledger row (ledger.md).

A ledger row is a case's history told in columns: `ledger_events` turns it into the
events of `gongkai.workflow` (registration, correction, consultation, extension, the
closing event) and `ledger_row_of` projects stored events back onto the columns, so an
export re-imports unchanged. A ledger records what happened: `ledger_warnings` names the
rules of the Regulations a row's history breaks without refusing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from gongkai.calendar import WorkCalendar
from gongkai.ledger import LedgerRow
from gongkai.vocabulary import ApplicantType, Channel, Outcome
from gongkai.workflow import TRANSITIONS, Action, Event, Status, history_breaches
from gongkai_web.applications.models import Application, ApplicationEvent

IMPORT_NOTE = "台账导入"
# Ledger columns that are the case's history (a change rewrites the history).
HISTORY_FIELDS = (
    "received",
    "correction_asked",
    "correction_received",
    "consultation_start",
    "consultation_end",
    "extended",
    "replied",
    "outcome",
)
# Ledger columns that describe a case without being its history, and their model field.
DESCRIPTIVE = {
    "applicant_type": "applicant_type",
    "applicant": "applicant_name",
    "content": "content",
    "channel": "channel",
    "fee_yuan": "fee",
    "note": "note",
}
CLOSING_ACTIONS = {
    Outcome.OTHER_NO_CORRECTION: Action.CORRECTION_LAPSED,
    Outcome.OTHER_UNPAID_FEE: Action.FEE_LAPSED,
    Outcome.OTHER_MISC: Action.WITHDRAW,
    Outcome.OTHER: Action.WITHDRAW,
}


def ledger_events(row: LedgerRow) -> list[Event]:
    """Return the events a ledger row tells, in order."""
    dated = [
        (Action.ASK_CORRECTION, row.correction_asked),
        (Action.RECEIVE_CORRECTION, row.correction_received),
        (Action.START_CONSULTATION, row.consultation_start),
        (Action.END_CONSULTATION, row.consultation_end),
    ]
    events = [Event(Action.REGISTER, row.received, note=IMPORT_NOTE)]
    events += sorted(
        (Event(action, on, note=IMPORT_NOTE) for action, on in dated if on is not None),
        key=lambda e: e.on,
    )
    if row.extended:
        _insert_extension(events)
    if row.replied is not None and row.outcome is not None:
        action = CLOSING_ACTIONS.get(row.outcome, Action.REPLY)
        events.append(Event(action, row.replied, row.outcome, IMPORT_NOTE))
    return events


def _insert_extension(events: list[Event]) -> None:
    # The ledger says 延期 but not when: record it after the last event that left the
    # clock running (the extension is only possible then), on that event's day.
    position = 1 + max(
        index
        for index, event in enumerate(events)
        if TRANSITIONS[event.action][1] is Status.RECEIVED
    )
    anchor = events[position - 1]
    events.insert(
        position,
        Event(Action.EXTEND, anchor.on, note=f"{IMPORT_NOTE}（延期日期未记录）"),
    )


def ledger_warnings(
    row: LedgerRow, events: Sequence[Event], calendar: WorkCalendar
) -> list[str]:
    """Return a warning for every rule of the Regulations the row's history breaks."""
    return [
        f"第{row.row_number}行（编号 {row.number}）: {why}"
        for event, why in history_breaches(events, calendar)
        # A ledger has no fee-notice column: an unpaid fee lapses without one.
        if event.action is not Action.FEE_LAPSED
    ]


def ledger_row_of(
    application: Application, events: list[ApplicationEvent]
) -> LedgerRow:
    """Return a case as a ledger row (the history columns projected from its events)."""

    def first(action: Action) -> date | None:
        return next((e.on for e in events if e.action == action.value), None)

    ends = [e.on for e in events if e.action == Action.END_CONSULTATION.value]
    return LedgerRow(
        number=application.tracking_number,
        received=application.received,
        applicant_type=ApplicantType(application.applicant_type),
        applicant=application.applicant_name,
        content=application.content,
        channel=Channel(application.channel),
        correction_asked=first(Action.ASK_CORRECTION),
        correction_received=first(Action.RECEIVE_CORRECTION),
        consultation_start=first(Action.START_CONSULTATION),
        consultation_end=ends[-1] if ends else None,
        extended=any(e.action == Action.EXTEND.value for e in events),
        replied=application.reply_date,
        outcome=application.outcome_enum,
        fee_yuan=application.fee,
        note=application.note,
    )
