from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.calendar import (
    PACKAGE_YEARS,
    WorkCalendar,
    YearArrangement,
    parse_date,
    parse_year,
)
from gongkai.errors import CalendarDataMissing, InvalidInput

CAL = WorkCalendar()

# A made-up 2027 arrangement: 元旦 on Friday 2027-01-01, one 调休 Saturday.
ARRANGEMENT_2027 = YearArrangement(
    year=2027,
    holidays=frozenset({date(2027, 1, 1)}),
    workdays=frozenset({date(2027, 1, 9)}),
    source="国办发明电〔2026〕（测试用）",
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 9, 14), True),  # Saturday, 中秋 调休上班
        (date(2024, 9, 16), False),  # Monday, 中秋
        (date(2024, 9, 29), True),  # Sunday, 国庆 调休上班
        (date(2024, 10, 1), False),
        (date(2024, 10, 7), False),
        (date(2024, 10, 12), True),  # Saturday, 国庆 调休上班
        (date(2024, 10, 13), False),  # plain Sunday
        (date(2024, 2, 4), True),  # Sunday before 春节 2024
        (date(2024, 2, 9), True),  # 除夕 2024 is officially a working day
        (date(2024, 2, 12), False),
        (date(2024, 2, 18), True),  # Sunday after 春节 2024
        (date(2025, 1, 26), True),  # Sunday before 春节 2025
        (date(2025, 1, 28), False),
        (date(2025, 2, 4), False),
        (date(2025, 2, 8), True),  # Saturday after 春节 2025
        (date(2025, 10, 8), False),
        (date(2025, 10, 11), True),
    ],
)
def test_is_workday_follows_state_council_arrangement(day: date, working: bool) -> None:
    assert CAL.is_workday(day) is working


def test_package_years_cover_2004_to_2026() -> None:
    assert PACKAGE_YEARS == frozenset(range(2004, 2027))
    assert CAL.known_years() == PACKAGE_YEARS


def test_year_without_data_raises_naming_the_year() -> None:
    with pytest.raises(CalendarDataMissing, match="2027年节假日安排尚未录入") as info:
        CAL.is_workday(date(2027, 3, 1))
    assert info.value.year == 2027
    with pytest.raises(CalendarDataMissing, match="2003"):
        CAL.is_workday(date(2003, 12, 31))


def test_weekday_of_unknown_year_is_not_guessed() -> None:
    with pytest.raises(CalendarDataMissing):
        CAL.add_workdays(date(2026, 12, 30), 5)


def test_override_supplies_a_missing_year() -> None:
    cal = WorkCalendar([ARRANGEMENT_2027])
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 4))
    assert cal.is_workday(date(2027, 1, 9))  # the entered 调休 Saturday
    assert not cal.is_workday(date(2027, 1, 10))
    assert 2027 in cal.known_years()
    assert cal.source_of(2027) == ARRANGEMENT_2027.source
    assert cal.source_of(2024).startswith("chinese_calendar")


def test_override_replaces_package_year_with_local_arrangement() -> None:
    local = YearArrangement(
        year=2024,
        holidays=frozenset({date(2024, 3, 1)}),
        workdays=frozenset(),
        source="某市人民政府办公室通知（地方调休）",
    )
    cal = WorkCalendar([local])
    assert not cal.is_workday(date(2024, 3, 1))
    # The whole year is replaced: the package's 国庆 no longer applies.
    assert cal.is_workday(date(2024, 10, 8))
    assert not cal.is_workday(date(2024, 10, 12))
    assert CAL.is_workday(date(2024, 3, 1))


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ({date(2026, 12, 31)}, set(), "不在2027年内"),
        ({date(2027, 1, 9)}, {date(2027, 1, 9)}, "同时列为休息日和调休上班日"),
        (set(), {date(2027, 1, 4)}, "不是周末"),
    ],
)
def test_arrangement_refuses_inconsistent_data(
    holidays: set[date], workdays: set[date], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        YearArrangement(2027, frozenset(holidays), frozenset(workdays), "通知")


def test_arrangement_needs_a_source() -> None:
    with pytest.raises(InvalidInput, match="文号"):
        YearArrangement(2027, frozenset(), frozenset(), " ")


def test_two_arrangements_for_one_year_are_refused() -> None:
    with pytest.raises(InvalidInput, match="两次"):
        WorkCalendar([ARRANGEMENT_2027, ARRANGEMENT_2027])


def test_add_workdays_does_not_count_the_start_day() -> None:
    assert CAL.add_workdays(date(2024, 9, 27), 1) == date(2024, 9, 29)
    assert CAL.add_workdays(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert CAL.add_workdays(date(2024, 9, 27), 0) == date(2024, 9, 27)


def test_start_on_rest_day_makes_next_working_day_the_first() -> None:
    # Received Saturday 2024-10-05 (National Day): Tuesday 10-08 is day 1.
    assert CAL.add_workdays(date(2024, 10, 5), 1) == date(2024, 10, 8)
    assert CAL.add_workdays(date(2024, 10, 5), 2) == date(2024, 10, 9)


def test_excluded_ranges_are_inclusive_at_both_ends() -> None:
    start = date(2024, 11, 1)  # Friday
    assert CAL.add_workdays(start, 1) == date(2024, 11, 4)
    assert CAL.add_workdays(
        start, 1, excluded=[(date(2024, 11, 4), date(2024, 11, 4))]
    ) == (date(2024, 11, 5))
    assert CAL.add_workdays(
        start, 1, excluded=[(date(2024, 11, 2), date(2024, 11, 5))]
    ) == (date(2024, 11, 6))


def test_a_pause_is_jumped_over_whole_so_a_far_end_is_refused_not_overflowed() -> None:
    # Stepping day by day through 2024-10-01..9999-12-31 ran past date.max.
    with pytest.raises(CalendarDataMissing, match="9999年节假日安排尚未录入"):
        CAL.add_workdays(
            date(2024, 9, 27), 20, excluded=[(date(2024, 10, 1), date(9999, 12, 31))]
        )
    with pytest.raises(CalendarDataMissing, match="2030年"):
        CAL.add_workdays(
            date(2024, 9, 27), 20, excluded=[(date(2024, 10, 1), date(2030, 3, 1))]
        )


def test_a_pause_after_the_count_ends_is_not_looked_at() -> None:
    far = [(date(2024, 12, 1), date(9999, 12, 31))]
    assert CAL.add_workdays(date(2024, 9, 27), 20, excluded=far) == date(2024, 10, 30)


def test_overlapping_and_chained_pauses_are_jumped_to_their_common_end() -> None:
    start = date(2024, 11, 1)  # Friday
    pauses = [
        (date(2024, 11, 4), date(2024, 11, 6)),
        (date(2024, 11, 5), date(2024, 11, 7)),
        (date(2024, 11, 8), date(2024, 11, 8)),
    ]
    assert CAL.add_workdays(start, 1, excluded=pauses) == date(2024, 11, 11)


def test_add_workdays_refuses_reversed_range_and_negative_count() -> None:
    with pytest.raises(InvalidInput, match="结束日期早于开始日期"):
        CAL.add_workdays(
            date(2024, 1, 2), 3, excluded=[(date(2024, 1, 9), date(2024, 1, 8))]
        )
    with pytest.raises(InvalidInput, match="不能为负"):
        CAL.add_workdays(date(2024, 1, 2), -1)


def test_workdays_between_counts_half_open_span() -> None:
    assert CAL.workdays_between(date(2024, 9, 27), date(2024, 10, 30)) == 20
    assert CAL.workdays_between(date(2024, 10, 30), date(2024, 9, 27)) == -20
    assert CAL.workdays_between(date(2024, 10, 1), date(2024, 10, 7)) == 0
    assert CAL.workdays_between(date(2024, 10, 1), date(2024, 10, 1)) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-09-27", date(2024, 9, 27)),
        ("2024/9/7", date(2024, 9, 7)),
        ("2024.09.07", date(2024, 9, 7)),
        ("2024年9月7日", date(2024, 9, 7)),
        (" 2024 年 9 月 7 日 ", date(2024, 9, 7)),
        ("2024-2-29", date(2024, 2, 29)),
    ],
)
def test_parse_date_accepts_common_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-02-30", "日期不存在"),
        ("2023-02-29", "日期不存在"),
        ("2024-13-01", "日期不存在"),
        ("27/09/2024", "日期格式不对"),
        ("2024-09", "日期格式不对"),
        ("", "日期格式不对"),
    ],
)
def test_parse_date_refuses_malformed_and_impossible_dates(
    text: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_date(text)


days_2005_2026 = st.dates(date(2005, 1, 1), date(2026, 9, 30))


@given(days_2005_2026, st.integers(min_value=1, max_value=45))
def test_add_workdays_matches_package_find_workday_from_working_days(
    start: date, n: int
) -> None:
    # chinese_calendar.find_workday counts from the next working day when `start` is a
    # rest day; for a working-day start both conventions agree.
    while not chinese_calendar.is_workday(start):
        start += timedelta(days=1)
    assert CAL.add_workdays(start, n) == chinese_calendar.find_workday(n, start)


@given(days_2005_2026, st.integers(min_value=1, max_value=45))
def test_add_workdays_lands_on_a_working_day_n_working_days_later(
    start: date, n: int
) -> None:
    due = CAL.add_workdays(start, n)
    assert CAL.is_workday(due)
    assert CAL.workdays_between(start, due) == n
    assert CAL.workdays_between(start, due - timedelta(days=1)) == n - 1


@pytest.mark.parametrize(
    ("text", "year"), [("2008", 2008), (" 2024 ", 2024), ("2025", 2025)]
)
def test_parse_year_accepts_2008_to_next_year(text: str, year: int) -> None:
    assert parse_year(text, today=date(2024, 6, 3)) == year


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "年度 0 超出范围，应为 2008–2025 之间的年份"),
        ("2007", "年度 2007 超出范围"),
        ("2026", "year 2026 out of range; expected 2008–2025"),
        ("99999", "年度 99999 超出范围"),
        ("9" * 5000, "超出范围"),
        ("abc", "年度 'abc' 不是数字"),
        ("-2024", "不是数字"),
        ("２０２４", "不是数字"),
        ("", "不是数字"),
    ],
)
def test_parse_year_refuses_naming_the_value(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_year(text, today=date(2024, 6, 3))
