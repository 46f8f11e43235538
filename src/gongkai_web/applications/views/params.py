"""Query parameters of the back-office pages (a bad one is refused by `pages.refused`).

Every page that takes a year reads it with `year_param` (the core's `parse_year`:
2008 to next year), so `?year=abc`, `?year=0` or `?year=99999` is one clear 400
answer, never a 500.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest

from gongkai.calendar import parse_year
from gongkai.errors import InvalidInput
from gongkai.report.formats import FormatId

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
    """Return `?format=` (2019 or 2021), or None when it is absent or empty.

    Raises:
        InvalidInput: for any other value.
    """
    text = request.GET.get("format", "").strip()
    if not text:
        return None
    try:
        return FormatId(text)
    except ValueError:
        expected = "、".join(f.value for f in FormatId)
        raise InvalidInput(
            f"统计表格式 {text[:40]!r} 不存在，应为 {expected} "
            f"(no format {text[:40]!r}; expected {expected})"
        ) from None


def page_param(request: HttpRequest) -> int:
    """Return `?page=` as 1…MAX_PAGE (anything else is the nearest of them)."""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(1, page), MAX_PAGE)
