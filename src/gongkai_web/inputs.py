"""Inputs shared by the catalog and the review/litigation register pages: a date field
that refuses days after today, and the report year of a query string (the core's
`parse_year`, like the other back-office pages; a bad one is answered 400 with
`pages.refused`). Every app may use this module; it imports none of them.

Dates of records (成文日期, 立案日期, 审结日期 …) name days that have happened; a day after
today is a typing error (9999-01-01), refused next to its field. The core checks the
same against the today its caller passes (`CatalogItem.check_not_after`,
`ReviewCase.check_not_after`), so loaders and the command line are held to it too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.calendar import parse_year

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PastDateField(forms.DateField):
    """A date that is not after today (Asia/Shanghai)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DATE_INPUT)
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        today = timezone.localdate()
        if isinstance(value, date) and value > today:
            raise forms.ValidationError(
                _("日期 %(day)s 晚于今天（%(today)s），请核对")
                % {"day": value.isoformat(), "today": today.isoformat()},
                code="future",
            )


def report_year(request: HttpRequest) -> int:
    """Return `?year=` read by the core's `parse_year` (2008 to next year), as every
    back-office page reads it; last year (the report year) when absent or empty.

    Raises:
        InvalidInput: naming the value and the years allowed (the page answers 400).
    """
    text = request.GET.get("year", "").strip()
    today = timezone.localdate()
    return parse_year(text, today=today) if text else today.year - 1
