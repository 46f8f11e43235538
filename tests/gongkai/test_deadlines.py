from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.calendar import WorkCalendar, YearArrangement
from gongkai.deadlines import (
    can_ask_correction,
    consultation_reply_due,
    correction_notice_due,
    fee_payment_due,
    proactive_publication_due,
    reply_due_date,
    workdays_left,
)
from gongkai.errors import CalendarDataMissing, InvalidInput

CAL = WorkCalendar()
D = date


# --- process.md §6 worked example --------------------------------------------------


def test_worked_example_reply_due_2024_10_30() -> None:
    assert reply_due_date(D(2024, 9, 27), calendar=CAL) == D(2024, 10, 30)


def test_worked_example_correction_notice_due_on_adjusted_saturday() -> None:
    assert correction_notice_due(D(2024, 9, 27), CAL) == D(2024, 10, 12)


def test_worked_example_extension_gives_2024_11_27() -> None:
    assert reply_due_date(D(2024, 9, 27), calendar=CAL, extended=True) == D(
        2024, 11, 27
    )


# --- across holidays ------------------------------------------------------------------


def test_spring_festival_2024_counts_adjusted_sundays() -> None:
    # 2024-02-10..17 off; Sunday 02-04 and Sunday 02-18 are working days.
    # 02-02, 02-04, 02-05..09, 02-18..23, 02-26..03-01, 03-04, 03-05 -> 20th is 03-05.
    assert reply_due_date(D(2024, 2, 1), calendar=CAL) == D(2024, 3, 5)


def test_spring_festival_2025_counts_adjusted_sunday_and_saturday() -> None:
    # 2025-01-28..02-04 off; Sunday 01-26 and Saturday 02-08 are working days.
    assert reply_due_date(D(2025, 1, 20), calendar=CAL) == D(2025, 2, 21)


def test_national_day_2025() -> None:
    # 2025-10-01..08 off; Sunday 09-28 and Saturday 10-11 are working days.
    assert reply_due_date(D(2025, 9, 26), calendar=CAL) == D(2025, 10, 30)


def test_received_on_a_holiday_day_1_is_the_first_working_day_after_it() -> None:
    # process.md §4: received on 2024-10-03 (National Day) is not moved to the next
    # working day first: day 1 is 10-08, 10-08..11 days 1..4, 10-12 (Saturday) day 5,
    # 10-14..18, 10-21..25 days 6..15, 10-28..11-01 days 16..20.
    assert reply_due_date(D(2024, 10, 3), calendar=CAL) == D(2024, 11, 1)


def test_received_on_a_saturday_day_1_is_the_monday() -> None:
    # 2025-03-01 is a Saturday: day 1 is Monday 03-03, day 20 Friday 03-28 (not 03-31).
    assert reply_due_date(D(2025, 3, 1), calendar=CAL) == D(2025, 3, 28)


def test_received_in_spring_festival_2025() -> None:
    # 2025-01-28..02-04 off: received 01-30, day 1 is 02-05, Saturday 02-08 day 4.
    assert reply_due_date(D(2025, 1, 30), calendar=CAL) == D(2025, 3, 3)


def test_other_periods_count_from_the_day_after_a_rest_day_too() -> None:
    assert correction_notice_due(D(2024, 10, 3), CAL) == D(2024, 10, 15)
    assert fee_payment_due(D(2024, 10, 3), CAL) == D(2024, 11, 1)
    assert consultation_reply_due(D(2024, 10, 3), CAL) == D(2024, 10, 25)
    assert proactive_publication_due(D(2024, 10, 3), CAL) == D(2024, 11, 1)


def oracle_nth_working_day_after(received: date, n: int) -> date:
    """Plain process.md §4: step day by day, count working days after `received`."""
    day, counted = received, 0
    while counted < n:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            counted += 1
    return day


@given(st.dates(min_value=D(2019, 5, 15), max_value=D(2026, 10, 31)))
def test_reply_due_date_is_the_20th_working_day_after_receipt(received: date) -> None:
    assert reply_due_date(received, calendar=CAL) == oracle_nth_working_day_after(
        received, 20
    )
    assert reply_due_date(
        received, calendar=CAL, extended=True
    ) == oracle_nth_working_day_after(received, 40)


@given(st.dates(min_value=D(2019, 5, 15), max_value=D(2026, 10, 31)))
def test_find_workday_agrees_only_from_a_working_day(received: date) -> None:
    # process.md §5: find_workday(20, d) is right only when d is a working day.
    due = reply_due_date(received, calendar=CAL)
    if chinese_calendar.is_workday(received):
        assert due == chinese_calendar.find_workday(20, received)
    else:
        assert due < chinese_calendar.find_workday(20, received)


# --- correction, pauses, extension ----------------------------------------------------


def test_correction_restarts_the_clock_from_the_corrected_application() -> None:
    due = reply_due_date(D(2024, 9, 27), calendar=CAL, corrected=D(2024, 10, 9))
    assert due == D(2024, 11, 5)
    assert due == reply_due_date(D(2024, 10, 9), calendar=CAL)


def test_correction_on_receipt_day_changes_nothing() -> None:
    assert reply_due_date(D(2024, 9, 27), calendar=CAL, corrected=D(2024, 9, 27)) == D(
        2024, 10, 30
    )


def test_pause_is_inclusive_at_both_ends() -> None:
    one_day = [(D(2024, 10, 8), D(2024, 10, 8))]
    assert reply_due_date(D(2024, 9, 27), calendar=CAL, pauses=one_day) == D(
        2024, 10, 31
    )


def test_pause_across_national_day_excludes_only_its_working_days() -> None:
    # 09-30 .. 10-08: working days inside are 09-30 and 10-08 only.
    pause = [(D(2024, 9, 30), D(2024, 10, 8))]
    assert reply_due_date(D(2024, 9, 27), calendar=CAL, pauses=pause) == D(2024, 11, 1)


def test_two_pauses_add_up_and_overlaps_count_once() -> None:
    pauses = [(D(2024, 10, 14), D(2024, 10, 15)), (D(2024, 10, 15), D(2024, 10, 16))]
    # 3 working days excluded: 10-30 -> 10-31, 11-01, 11-04.
    assert reply_due_date(D(2024, 9, 27), calendar=CAL, pauses=pauses) == D(2024, 11, 4)


def test_pause_after_due_date_changes_nothing() -> None:
    pause = [(D(2024, 11, 1), D(2024, 11, 20))]
    assert reply_due_date(D(2024, 9, 27), calendar=CAL, pauses=pause) == D(2024, 10, 30)


def test_extension_adds_20_workdays_to_original_due_date() -> None:
    received = D(2025, 1, 20)
    plain = reply_due_date(received, calendar=CAL)
    assert reply_due_date(received, calendar=CAL, extended=True) == CAL.add_workdays(
        plain, 20
    )


def test_correction_pause_and_extension_together() -> None:
    due = reply_due_date(
        D(2024, 9, 27),
        calendar=CAL,
        corrected=D(2024, 10, 9),
        pauses=[(D(2024, 10, 21), D(2024, 10, 25))],
        extended=True,
    )
    # 40 working days after 10-09 plus the 5 paused working days.
    assert due == CAL.add_workdays(D(2024, 10, 9), 45)
    assert due == D(2024, 12, 10)


# --- other periods --------------------------------------------------------------------


def test_fee_payment_due_20_workdays_from_day_after_notice() -> None:
    assert fee_payment_due(D(2024, 9, 27), CAL) == D(2024, 10, 30)


def test_proactive_publication_due_20_workdays() -> None:
    assert proactive_publication_due(D(2025, 1, 20), CAL) == D(2025, 2, 21)


def test_consultation_reply_due_15_workdays() -> None:
    assert consultation_reply_due(D(2024, 9, 27), CAL) == D(2024, 10, 23)


def test_can_ask_correction_within_7_workdays_only() -> None:
    assert can_ask_correction(D(2024, 9, 27), D(2024, 10, 12), CAL)
    assert not can_ask_correction(D(2024, 9, 27), D(2024, 10, 14), CAL)
    assert not can_ask_correction(D(2024, 9, 27), D(2024, 9, 26), CAL)


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (D(2024, 10, 30), 0),
        (D(2024, 10, 29), 1),
        (D(2024, 10, 26), 3),  # Saturday: 28, 29, 30
        (D(2024, 10, 31), -1),
        (D(2024, 11, 2), -2),  # Saturday after: 31 and 01 passed
        (D(2024, 9, 27), 20),
    ],
)
def test_workdays_left(today: date, left: int) -> None:
    assert workdays_left(D(2024, 10, 30), today, CAL) == left


def test_workdays_left_is_negative_on_weekend_right_after_friday_due() -> None:
    assert workdays_left(D(2024, 11, 1), D(2024, 11, 2), CAL) == -1


# --- refusals ---------------------------------------------------------------------------


def test_unknown_year_is_refused_naming_2027() -> None:
    with pytest.raises(CalendarDataMissing, match="2027"):
        reply_due_date(D(2026, 12, 20), calendar=CAL)


def test_unknown_year_with_entered_arrangement_is_computed() -> None:
    new_year = YearArrangement(
        2027, frozenset({D(2027, 1, 1)}), frozenset(), "国办发明电（测试用）"
    )
    cal = WorkCalendar([new_year])
    # Received Sunday 12-20 (not counted): 12-21..25, 12-28..31 (9), 2027-01-01 off,
    # 01-04..08, 01-11..15, 01-18 -> 20th.
    assert reply_due_date(D(2026, 12, 20), calendar=cal) == D(2027, 1, 18)
    no_holiday = WorkCalendar([YearArrangement(2027, frozenset(), frozenset(), "测试")])
    assert reply_due_date(D(2026, 12, 20), calendar=no_holiday) == D(2027, 1, 15)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"corrected": D(2024, 9, 26)}, "补正收到日期 2024-09-26 早于收到申请日期"),
        ({"pauses": [(D(2024, 10, 9), D(2024, 10, 8))]}, "结束日期早于开始日期"),
        ({"pauses": [(D(2024, 9, 1), D(2024, 10, 8))]}, "早于收到申请日期"),
    ],
)
def test_impossible_inputs_are_refused_in_chinese_and_english(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as info:
        reply_due_date(D(2024, 9, 27), calendar=CAL, **kwargs)  # type: ignore[arg-type]
    assert "(" in str(info.value)  # the English half


# --- properties ---------------------------------------------------------------------------

received_days = st.dates(D(2005, 1, 1), D(2026, 6, 30))


@st.composite
def pauses(draw: st.DrawFn, received: date) -> list[tuple[date, date]]:
    found = []
    for _ in range(draw(st.integers(0, 3))):
        first = received + timedelta(days=draw(st.integers(0, 60)))
        found.append((first, first + timedelta(days=draw(st.integers(0, 20)))))
    return found


@given(received_days, st.booleans(), st.data())
def test_due_date_is_a_working_day(
    received: date, extended: bool, data: st.DataObject
) -> None:
    due = reply_due_date(
        received, calendar=CAL, extended=extended, pauses=data.draw(pauses(received))
    )
    assert CAL.is_workday(due)
    assert due > received


@given(received_days, st.integers(0, 30))
def test_due_date_is_monotonic_in_received_date(received: date, later_by: int) -> None:
    later = received + timedelta(days=later_by)
    assert reply_due_date(received, calendar=CAL) <= reply_due_date(later, calendar=CAL)


@given(received_days, st.data())
def test_extension_is_never_earlier(received: date, data: st.DataObject) -> None:
    spans = data.draw(pauses(received))
    plain = reply_due_date(received, calendar=CAL, pauses=spans)
    assert reply_due_date(received, calendar=CAL, pauses=spans, extended=True) > plain


@given(received_days, st.booleans(), st.data())
def test_pauses_never_make_it_earlier(
    received: date, extended: bool, data: st.DataObject
) -> None:
    spans = data.draw(pauses(received))
    plain = reply_due_date(received, calendar=CAL, extended=extended)
    assert (
        reply_due_date(received, calendar=CAL, extended=extended, pauses=spans) >= plain
    )


@given(received_days, st.integers(0, 40))
def test_correction_never_makes_it_earlier(received: date, after: int) -> None:
    corrected = received + timedelta(days=after)
    plain = reply_due_date(received, calendar=CAL)
    assert reply_due_date(received, calendar=CAL, corrected=corrected) >= plain


@given(received_days, st.data())
def test_paused_working_days_are_added_one_for_one(
    received: date, data: st.DataObject
) -> None:
    first = received + timedelta(days=data.draw(st.integers(1, 20)))
    last = first + timedelta(days=data.draw(st.integers(0, 10)))
    due = reply_due_date(received, calendar=CAL, pauses=[(first, last)])
    start = received  # not counted; day 1 is the first working day after it
    paused = (
        0
        if first > due or last <= start
        else CAL.workdays_between(max(first - timedelta(days=1), start), min(last, due))
    )
    assert CAL.workdays_between(start, due) == 20 + paused
