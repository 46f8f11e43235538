"""The case history: stored events as the core's pure `Event`s, and what they imply.

Every service that changes a case ends in `apply_replay`, which sets the derived fields
(`status`, `is_open`, `outcome`, `reply_date`, `due_date`) from the history through
`gongkai.workflow`; no other code assigns them.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.calendar import WorkCalendar
from gongkai.errors import CalendarDataMissing
from gongkai.vocabulary import Outcome
from gongkai.workflow import (
    ACTION_OUTCOMES,
    TRANSITIONS,
    Action,
    Event,
    Status,
    due_date_of,
)
from gongkai_web.applications.models import Application, ApplicationEvent


def stored_history(application: Application) -> list[ApplicationEvent]:
    """Return the stored events of the current history, in order."""
    return list(
        application.events.filter(seq__gte=application.history_start).order_by("seq")
    )


def pure_events(events: Sequence[ApplicationEvent]) -> tuple[Event, ...]:
    """Return stored events as the core's `Event`s."""
    return tuple(
        Event(
            Action(e.action),
            e.on,
            Outcome(e.outcome) if e.outcome else None,
            e.note,
        )
        for e in events
    )


def status_after(events: Sequence[Event]) -> Status:
    """Return the status the last event leads to (the history is already recorded)."""
    return TRANSITIONS[events[-1].action][1]


def outcome_after(events: Sequence[Event]) -> Outcome | None:
    """Return the outcome of a closed history, None while it is open."""
    last = events[-1]
    if TRANSITIONS[last.action][1].is_open:
        return None
    if last.action is Action.REPLY:
        return last.outcome
    # A ledger may record its own outcome with a closing action (2019 `other`).
    return last.outcome or ACTION_OUTCOMES[last.action]


def apply_replay(
    application: Application, events: Sequence[Event], calendar: WorkCalendar
) -> None:
    """Set the derived fields of `application` from its history (not saved here).

    When the due date needs a year nobody has entered, it is left empty and the year
    is kept in `calendar_missing_year`, never guessed; entering the year fills it in
    (`applications.services.calendar.save_year` replays every case it concerns).
    """
    status = status_after(events)
    outcome = outcome_after(events)
    application.status = status.value
    application.is_open = status.is_open
    application.outcome = outcome.value if outcome else ""
    application.reply_date = None if status.is_open else events[-1].on
    try:
        application.due_date = due_date_of(events, calendar)
    except CalendarDataMissing as exc:
        application.due_date, application.calendar_missing_year = None, exc.year
    else:
        application.calendar_missing_year = None
