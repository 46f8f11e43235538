"""The calendar-year form: a year's holidays and 调休 working days, with the notice cited."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.calendar import parse_date, parse_year
from gongkai.errors import InvalidInput
from gongkai_web.hygiene import CleanTextForm
from gongkai_web.language import message_of

RANGE = re.compile(r"(.+?)(?:\.\.|~|～)(.+)")


def parse_days(text: str) -> list[date]:
    """Return the dates listed in `text` (one per line, or separated by commas/spaces).

    A line `YYYY-MM-DD..YYYY-MM-DD` (or `~`) stands for every day of the range.

    Raises:
        InvalidInput: naming the first malformed entry.
    """
    days: list[date] = []
    for item in re.split(r"[\s,，、;；]+", text.strip()):
        if not item:
            continue
        span = RANGE.fullmatch(item)
        if span is None:
            days.append(parse_date(item))
            continue
        start, end = parse_date(span[1]), parse_date(span[2])
        if end < start:
            raise InvalidInput(
                f"{item}: 结束日期早于开始日期 (range ends before it starts)"
            )
        days += [
            date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)
        ]
    return days


class CalendarYearForm(CleanTextForm):
    year = forms.CharField(label=_("年度"), max_length=8)
    source = forms.CharField(label=_("依据（国务院办公厅通知文号）"), max_length=200)
    holidays = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一个日期，或 2027-01-01..2027-01-03 表示连续几天"),
    )
    workdays = forms.CharField(
        label=_("调休上班日期（周末）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    replace_package_year = forms.BooleanField(
        label=_("替换内置日历中已有的年度（本地调休安排）"), required=False
    )

    def clean_year(self) -> int:
        try:
            return parse_year(self.cleaned_data["year"], today=timezone.localdate())
        except InvalidInput as exc:
            raise forms.ValidationError(message_of(exc)) from None

    def _days(self, name: str) -> list[date]:
        try:
            return parse_days(self.cleaned_data.get(name, ""))
        except InvalidInput as exc:
            raise forms.ValidationError(message_of(exc)) from None

    def clean_holidays(self) -> list[date]:
        return self._days("holidays")

    def clean_workdays(self) -> list[date]:
        return self._days("workdays")
