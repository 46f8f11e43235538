"""Working days on the real Chinese calendar: `chinese_calendar` plus entered overrides.

A working day is a day that is not a weekend day and not a statutory holiday, plus the
weekend days the State Council declares working days (调休上班). Each year's arrangement
comes from a 国务院办公厅 notice, usually issued in Oct–Nov of the year before. The
`chinese_calendar` package carries the notices of the years it knows (2004–2026 in
1.11.0); an administrator enters a `YearArrangement` for a year it does not know yet, or
to replace a year with a local arrangement. A year known to neither is an error naming
the year, never a weekdays-only guess (process.md §5).

Periods follow process.md §4: the start day is not counted, counting starts on the next
day, so day 1 is the first working day after the start day, whether or not the start
day is itself a working day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

from gongkai.errors import CalendarDataMissing, InvalidInput

ONE_DAY = timedelta(days=1)

# Years the installed `chinese_calendar` has State Council data for.
PACKAGE_YEARS: frozenset[int] = frozenset(
    d.year for d in (*chinese_calendar.holidays, *chinese_calendar.workdays)
)
PACKAGE_SOURCE = f"chinese_calendar {getattr(chinese_calendar, '__version__', '?')}"


def is_weekend(day: date) -> bool:
    """Tell whether `day` is a Saturday or a Sunday."""
    return day.weekday() >= 5


@dataclass(frozen=True)
class YearArrangement:
    """One year's holiday arrangement, as entered from the State Council notice.

    `holidays` are the statutory rest days falling on weekdays (weekend days listed
    there are harmless); `workdays` are the weekend days declared working days (调休上班);
    `source` cites the notice, e.g. 国办发明电〔2026〕N号.

    Raises:
        InvalidInput: for a date outside `year`, a day both rest and work, a weekday
            listed as a 调休 working day, or an empty source.
    """

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str

    def __post_init__(self) -> None:
        where = f"{self.year}年节假日安排 (holiday arrangement {self.year})"
        if not self.source.strip():
            raise InvalidInput(
                f"{where}: 缺少依据的通知文号 (the State Council notice is not cited)"
            )
        for day in sorted(self.holidays | self.workdays):
            if day.year != self.year:
                raise InvalidInput(
                    f"{where}: {day.isoformat()} 不在{self.year}年内 "
                    f"({day.isoformat()} is not in {self.year})"
                )
        both = sorted(self.holidays & self.workdays)
        if both:
            raise InvalidInput(
                f"{where}: {both[0].isoformat()} 同时列为休息日和调休上班日 "
                f"({both[0].isoformat()} is listed both as a holiday and a working day)"
            )
        for day in sorted(self.workdays):
            if not is_weekend(day):
                raise InvalidInput(
                    f"{where}: 调休上班日 {day.isoformat()} 不是周末 "
                    f"(adjusted working day {day.isoformat()} is not a weekend day)"
                )

    def is_workday(self, day: date) -> bool:
        """Tell whether `day` (in this year) is a working day under this arrangement."""
        return day in self.workdays or (
            not is_weekend(day) and day not in self.holidays
        )


class WorkCalendar:
    """Answer "is this a working day" from `chinese_calendar` and entered overrides.

    An override replaces the package's data for its whole year.
    """

    def __init__(self, overrides: Iterable[YearArrangement] = ()) -> None:
        self._overrides: dict[int, YearArrangement] = {}
        for arrangement in overrides:
            if arrangement.year in self._overrides:
                raise InvalidInput(
                    f"{arrangement.year}年节假日安排录入了两次 "
                    f"(two arrangements for {arrangement.year})"
                )
            self._overrides[arrangement.year] = arrangement

    def known_years(self) -> frozenset[int]:
        """Return every year this calendar can answer for."""
        return PACKAGE_YEARS | frozenset(self._overrides)

    def source_of(self, year: int) -> str:
        """Return where the arrangement of `year` comes from.

        Raises:
            CalendarDataMissing: for a year known to neither the package nor overrides.
        """
        if year in self._overrides:
            return self._overrides[year].source
        if year in PACKAGE_YEARS:
            return PACKAGE_SOURCE
        raise CalendarDataMissing(year)

    def is_workday(self, day: date) -> bool:
        """Tell whether `day` is a working day.

        Raises:
            CalendarDataMissing: when nobody has entered the arrangement of its year.
        """
        override = self._overrides.get(day.year)
        if override is not None:
            return override.is_workday(day)
        if day.year not in PACKAGE_YEARS:
            raise CalendarDataMissing(day.year)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as exc:  # the package's own "no data" signal
            raise CalendarDataMissing(day.year) from exc

    def add_workdays(
        self,
        start: date,
        n: int,
        *,
        excluded: Sequence[tuple[date, date]] = (),
    ) -> date:
        """Return the n-th counted working day after `start` (`start` not counted).

        Working days inside any `excluded` range (both ends inclusive) are not counted.
        `n == 0` returns `start` itself.

        Raises:
            InvalidInput: for a negative `n` or a range whose end precedes its start.
            CalendarDataMissing: when the count runs into a year nobody has entered.
        """
        if n < 0:
            raise InvalidInput(
                f"工作日数不能为负：{n} (number of working days {n} < 0)"
            )
        check_ranges(excluded)
        day, counted = start, 0
        while counted < n:
            if day == date.max:  # nobody can enter the year after 9999
                raise CalendarDataMissing(day.year)
            day = self._after_pauses(day + ONE_DAY, excluded)
            if self.is_workday(day):
                counted += 1
        return day

    def _after_pauses(self, day: date, excluded: Sequence[tuple[date, date]]) -> date:
        """Return `day`, or the first day after every excluded range that holds it.

        A pause is jumped over whole, not stepped through day by day, so a pause that
        ends in a year nobody has entered is refused at once (even 9999-12-31).
        """
        while True:
            ends = [last for first, last in excluded if first <= day <= last]
            if not ends:
                return day
            last = max(ends)
            if last == date.max or last.year not in self.known_years():
                raise CalendarDataMissing(last.year)
            day = last + ONE_DAY

    def first_workday_from(self, day: date) -> date:
        """Return `day` if it is a working day, else the next working day.

        Raises:
            CalendarDataMissing: when the search runs into a year nobody has entered.
        """
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Return the number of working days in (start, end]; negative if end < start.

        Raises:
            CalendarDataMissing: when the span touches a year nobody has entered.
        """
        if end < start:
            return -self.workdays_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_workday(day)
        return count


def check_ranges(ranges: Sequence[tuple[date, date]], what: str = "期间") -> None:
    """Refuse a (from, to) range whose end precedes its start.

    Raises:
        InvalidInput: naming the range.
    """
    for first, last in ranges:
        if last < first:
            raise InvalidInput(
                f"{what} {first.isoformat()}:{last.isoformat()} 结束日期早于开始日期 "
                f"(range ends before it starts)"
            )


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
)


def parse_date(text: str) -> date:
    """Return the date written as YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日.

    Raises:
        InvalidInput: for any other text, or a date that does not exist (2021-02-30).
    """
    value = text.strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(value)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise InvalidInput(
                    f"日期不存在：{value!r} (no such date: {value!r})"
                ) from None
    raise InvalidInput(
        f"日期格式不对：{value!r}，应为 YYYY-MM-DD "
        f"(malformed date {value!r}, expected YYYY-MM-DD)"
    )


# 政府信息公开条例（国务院令第492号）2008年5月1日起施行: no disclosure year before it.
FIRST_YEAR = 2008


def parse_year(text: str, *, today: date) -> int:
    """Return the year written in `text`, between 2008 and the year after `today`.

    The 2008 条例 is the first year of disclosure work; the year after today is the
    latest a holiday arrangement, a ledger or a report may be prepared for.

    Raises:
        InvalidInput: for text that is not a whole number, or a year out of range,
            naming the value and the range.
    """
    value = text.strip()[:40]
    latest = today.year + 1
    expected = f"{FIRST_YEAR}–{latest}"
    if not value.isascii() or not value.isdigit():
        raise InvalidInput(
            f"年度 {value!r} 不是数字，应为 {expected} 之间的年份 "
            f"(year {value!r} is not a number; expected {expected})"
        )
    if len(value) > 4 or not FIRST_YEAR <= int(value) <= latest:
        raise InvalidInput(
            f"年度 {value} 超出范围，应为 {expected} 之间的年份 "
            f"(year {value} out of range; expected {expected})"
        )
    return int(value)
