"""The region-year overview as one query: agencies × (collected, on time, format,
findings by severity), sorted, filtered and paged in the database.

Each agency is joined with its kept check of the year (`AgencyYearCheck`, kept fresh by
`checking.refresh`), which holds the counts and the latest report's columns: no
correlated subquery, no read of the reports' JSON, and the number of queries does not
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
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.checking import Scope
from gongkai_web.supervision.models import AgencyYearCheck

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


MAX_DEPTH = 12  # 省 市 县 乡 and departments: far fewer levels in practice


def region_scope(region: Agency) -> QuerySet[Any]:
    """The ids of the region's agencies (itself and every agency below) as a query.

    A filter on the parent chain, so the overview's queries take it as a subquery
    instead of a list of thousands of ids.
    """
    condition = Q(pk=region.pk)
    lookup = "parent"
    for _depth in range(MAX_DEPTH):
        level = Q(**{lookup: region.pk})
        if not Agency.objects.filter(level).exists():
            break
        condition |= level
        lookup = f"parent__{lookup}"
    return Agency.objects.filter(condition).values("pk")


def annotated(agency_ids: Scope, year: int) -> QuerySet[Any]:
    """The agencies with their latest report of `year` and their checks' counts: one
    join with the kept checks of the year (`checking.refresh` keeps them fresh)."""
    deadline = date(year + 1, 1, 31)  # 条例第五十条：每年1月31日前公布上一年度报告
    zero = Value(0)
    rows: QuerySet[Any] = Agency.objects.filter(pk__in=agency_ids)
    annotated: QuerySet[Any] = rows.annotate(
        kept=FilteredRelation(
            "supervision_checks", condition=Q(supervision_checks__year=year)
        ),
    ).annotate(
        report_id=F("kept__report_id"),
        source=F("kept__source"),
        published_on=F("kept__published_on"),
        report_format=F("kept__format"),
        is_collected=ExpressionWrapper(
            Q(kept__report_id__isnull=False), output_field=BooleanField()
        ),
        # 2 on time, 1 date unknown, 0 late (sorting puts the late ones together)
        on_time=Case(
            When(kept__published_on__isnull=True, then=Value(1)),
            When(kept__published_on__lte=deadline, then=Value(2)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        errors=Coalesce(F("kept__errors"), zero),
        warnings=Coalesce(F("kept__warnings"), zero),
        infos=Coalesce(F("kept__infos"), zero),
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


def counts(rows: QuerySet[Any], agency_ids: Scope, year: int) -> dict[str, int]:
    """The counts at the top of the page, over every agency of the region."""
    checks = AgencyYearCheck.objects.filter(agency_id__in=agency_ids, year=year)
    sums = checks.aggregate(
        errors=Sum("errors"), warnings=Sum("warnings"), infos=Sum("infos")
    )
    found = {
        "agencies": rows.count(),
        "collected": checks.filter(report__isnull=False).count(),
        "late": checks.filter(
            report__isnull=False, published_on__gt=date(year + 1, 1, 31)
        ).count(),
        "with_errors": checks.filter(errors__gt=0).count(),
    } | sums
    return {key: value or 0 for key, value in found.items()}
