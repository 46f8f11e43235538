"""Stored catalog records as the core's values, and the Art. 26 warnings of a list.

The core (`gongkai.proactive`) checks every record: building its `CatalogItem` or
`CategoryCount` from a row refuses impossible dates, units and measures, so the
services build one before saving anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gongkai import proactive
from gongkai.calendar import WorkCalendar
from gongkai.errors import GongkaiError
from gongkai.proactive import Category, ItemStatus, Measure
from gongkai_web.agencies.models import Agency
from gongkai_web.catalog.models import CatalogItem, CategoryCount
from gongkai_web.language import is_english, message_of


def core_item(item: CatalogItem) -> proactive.CatalogItem:
    """Return the stored item as the core's record.

    Raises:
        InvalidInput: for dates the core refuses (e.g. published before it was made).
    """
    return proactive.CatalogItem(
        index_no=item.index_no,
        title=item.title,
        category=Category(item.category),
        issuing_body=item.issuing_body,
        made_on=item.made_on,
        formed_or_changed_on=item.formed_or_changed_on,
        document_no=item.document_no,
        published_on=item.published_on,
        repealed_on=item.repealed_on,
        is_valid=item.is_valid,
    )


def core_count(count: CategoryCount) -> proactive.CategoryCount:
    """Return the stored figure as the core's record (whole numbers as `int`)."""
    measure = Measure(count.measure)
    whole = count.value == count.value.to_integral_value()
    value: int | Decimal = int(count.value) if whole else count.value.normalize()
    return proactive.CategoryCount(
        year=count.year,
        category=Category(count.category),
        measure=measure,
        value=value,
        source=count.source,
        unit=count.unit,
    )


def counted_items(agency: Agency) -> list[proactive.CatalogItem]:
    """Return the agency's items as section 二 sees them: published or repealed ones.

    Items still in the review workflow count nowhere (docs/annual-report.md).
    """
    rows = CatalogItem.objects.filter(
        agency=agency, status__in=(ItemStatus.PUBLISHED, ItemStatus.REPEALED)
    ).order_by("made_on", "id")
    return [core_item(row) for row in rows]


def entered_counts(
    agency: Agency, year: int | None = None
) -> list[proactive.CategoryCount]:
    """Return the figures entered for the agency (of one year, when given)."""
    rows = CategoryCount.objects.filter(agency=agency)
    if year is not None:
        rows = rows.filter(year=year)
    return [core_count(row) for row in rows]


@dataclass(frozen=True)
class Lateness:
    """The Art. 26 state of one item for a list: a warning, or why none was computed."""

    warning: str = ""
    problem: str = ""


def lateness(
    items: Iterable[CatalogItem], calendar: WorkCalendar, today: date
) -> dict[int, Lateness]:
    """Return the Art. 26 warning of each late item by pk (none for items on time),
    in the language of the request.

    Unpublished items are judged as of `today`; a repealed item by its publication.
    A year the calendar does not know gives a `problem` instead of a guess.
    """
    found: dict[int, Lateness] = {}
    lang = "en" if is_english() else "zh"
    for item in items:
        try:
            late = proactive.check_publication(core_item(item), calendar, as_of=today)
        except GongkaiError as exc:
            found[item.pk] = Lateness(problem=message_of(exc))
            continue
        if late is not None:
            found[item.pk] = Lateness(warning=late.message(lang))
    return found
