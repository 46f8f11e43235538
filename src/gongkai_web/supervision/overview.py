"""The region-year overview as one query: agencies × (collected, on time, format,
findings by severity), sorted, filtered and paged in the database.

The checks' counts come from `AgencyYearCheck` (kept fresh by `checking.refresh`), the
latest collected report of each agency from a subquery: the number of queries does not
grow with the number of agencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.models import AgencyYearCheck, CollectedReport

# sort key (as in the URL) -> the annotation or field it orders by
SORTS = {
    "code": "code",
    "name": "name",
    "level": "level",
    "collected": "is_collected",
    "published": "published_on",
    "on_time": "on_time",
    "format": "report_format",
    "errors": "errors",
    "warnings": "warnings",
    "infos": "infos",
}
COLLECTED_CHOICES = ("", "yes", "no")


@dataclass(frozen=True)
class Filters:
    """What the overview shows: `sort` (a key of SORTS, `-` first for descending)."""

    sort: str = "code"
    collected: str = ""  # "", "yes", "no"
    has_errors: bool = False
    level: str = ""
    text: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        sort = query.get("sort", "code")
        if sort.lstrip("-") not in SORTS:
            sort = "code"
        collected = query.get("collected", "")
        return cls(
            sort=sort,
            collected=collected if collected in COLLECTED_CHOICES else "",
            has_errors=query.get("errors") == "1",
            level=query.get("level", "")[:8],
            text=query.get("q", "").strip()[:100],
        )


def annotated(agency_ids: list[int], year: int) -> QuerySet[Any]:
    """The agencies with their latest report of `year` and their checks' counts."""
    latest = CollectedReport.objects.filter(agency=OuterRef("pk"), year=year).order_by(
        "-collected_at", "-pk"
    )
    check = AgencyYearCheck.objects.filter(agency=OuterRef("pk"), year=year)
    deadline = date(year + 1, 1, 31)  # 条例第五十条：每年1月31日前公布上一年度报告
    zero = Value(0)
    rows: QuerySet[Any] = Agency.objects.filter(pk__in=agency_ids)
    annotated: QuerySet[Any] = rows.annotate(
        report_id=Subquery(latest.values("pk")[:1]),
        source=Subquery(latest.values("source")[:1]),
        published_on=Subquery(latest.values("published_on")[:1]),
        report_format=Subquery(latest.annotate(f=KT("report__format")).values("f")[:1]),
        is_collected=ExpressionWrapper(
            Q(report_id__isnull=False), output_field=BooleanField()
        ),
        # 2 on time, 1 date unknown, 0 late (sorting puts the late ones together)
        on_time=Case(
            When(published_on__isnull=True, then=Value(1)),
            When(published_on__lte=deadline, then=Value(2)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        errors=Coalesce(Subquery(check.values("errors")[:1]), zero),
        warnings=Coalesce(Subquery(check.values("warnings")[:1]), zero),
        infos=Coalesce(Subquery(check.values("infos")[:1]), zero),
    )
    return annotated


def filtered(rows: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    if filters.collected == "yes":
        rows = rows.filter(report_id__isnull=False)
    elif filters.collected == "no":
        rows = rows.filter(report_id__isnull=True)
    if filters.has_errors:
        rows = rows.filter(errors__gt=0)
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.text:
        rows = rows.filter(
            Q(name__icontains=filters.text) | Q(code__icontains=filters.text)
        )
    key = SORTS[filters.sort.lstrip("-")]
    if filters.sort.startswith("-"):
        return rows.order_by(f"-{key}", "code")
    return rows.order_by(key, "code")


def counts(rows: QuerySet[Any], agency_ids: list[int], year: int) -> dict[str, int]:
    """The counts at the top of the page, over every agency of the region."""
    sums = AgencyYearCheck.objects.filter(
        agency_id__in=agency_ids, year=year
    ).aggregate(errors=Sum("errors"), warnings=Sum("warnings"), infos=Sum("infos"))
    found = {
        "agencies": len(agency_ids),
        "collected": rows.filter(report_id__isnull=False).count(),
        "late": rows.filter(report_id__isnull=False, on_time=0).count(),
        "with_errors": rows.filter(errors__gt=0).count(),
    } | sums
    return {key: value or 0 for key, value in found.items()}
