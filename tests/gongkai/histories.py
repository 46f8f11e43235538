"""Hypothesis strategies shared by the workflow and statistics tests: case histories."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from gongkai.calendar import WorkCalendar
from gongkai.workflow import (
    Action,
    ApplicantType,
    Case,
    Event,
    IllegalTransition,
    Outcome,
    allowed_actions,
)

CAL = WorkCalendar()
D = date

# A reply never carries an other* outcome: those come from lapses and withdrawals.
REPLY_OUTCOMES = [o for o in Outcome if not o.value.startswith("other")]


@st.composite
def case_histories(draw: st.DrawFn) -> Case:
    """A case registered 2018–2025 and taken through up to 6 allowed events."""
    boundaries = [D(y, m, d) for y in range(2018, 2026) for m, d in ((1, 1), (12, 31))]
    received = draw(
        st.dates(D(2018, 6, 1), D(2025, 12, 31)) | st.sampled_from(boundaries)
    )
    case = Case(draw(st.sampled_from(list(ApplicantType))))
    case = case.apply(Event(Action.REGISTER, received), CAL)
    for _ in range(draw(st.integers(0, 6))):
        status = case.status
        if status is None or not status.is_open:
            break
        action = draw(st.sampled_from(allowed_actions(status)))
        on = draw(next_dates(case.events[-1].on))
        if on.year > 2026:
            break
        outcome = (
            draw(st.sampled_from(REPLY_OUTCOMES)) if action is Action.REPLY else None
        )
        try:
            case = case.apply(Event(action, on, outcome), CAL)
        except IllegalTransition:
            continue  # e.g. a second extension, or a correction asked too late
    return case


def next_dates(last: date) -> st.SearchStrategy[date]:
    """A later day, often the last day of a year or the first of the next one."""
    year_end = D(last.year, 12, 31)
    return st.sampled_from([year_end, year_end + timedelta(days=1)]) | st.builds(
        lambda days: last + timedelta(days=days), st.integers(0, 40)
    )
