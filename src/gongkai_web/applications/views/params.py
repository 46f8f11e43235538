"""Query parameters of the back-office pages (a bad one is refused by `pages.refused`).

Every page that takes a year reads it with `year_param` (the core's `parse_year`:
2008 to next year), so `?year=abc`, `?year=0` or `?year=99999` is one clear 400
answer, never a 500.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest

from gongkai.calendar import parse_year
from gongkai.report.formats import FormatId, parse_format_id

# A page far beyond any list (50 cases a page): keeps the SQL offset in range.
MAX_PAGE = 100_000


def year_param(request: HttpRequest, today: date) -> int:
    """Return `?year=`, or today's year when it is absent or empty.

    Raises:
        InvalidInput: naming the value and the years allowed.
    """
    text = request.GET.get("year", "").strip()
    return parse_year(text, today=today) if text else today.year


def format_param(request: HttpRequest) -> FormatId | None:
    """Return `?format=` (a registered format), or None when it is absent or empty.

    Raises:
        InvalidInput: for any other value.
    """
    text = request.GET.get("format", "").strip()
    return parse_format_id(text, "统计表格式") if text else None


def page_param(request: HttpRequest) -> int:
    """Return `?page=` as 1…MAX_PAGE (anything else is the nearest of them)."""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(1, page), MAX_PAGE)
