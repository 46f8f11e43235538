"""The checks' results kept per agency and year, so the overview reads them in a few
queries however many agencies the region has.

An agency-year is checked again when a report of the agency for that year or a year
beside it (the cross-year checks' other side) was collected, or a report of those
years corrected, after its last check. The overview calls `refresh` first: only what
changed is checked again. A collection calls `refresh_around` when it ends (and
`supervise collect MANIFEST.csv` after storing), so the overview seldom has to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gongkai.supervision import SupervisionFinding, check_region
from gongkai.supervision.checks import NOT_COLLECTED
from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.models import (
    AgencyYearCheck,
    CollectedReport,
    Correction,
    StoredFinding,
)

CORRECTED = "report.corrected"
# the agencies concerned: ids, or a query of them (a subquery: no list of thousands)
Scope = Sequence[int] | QuerySet[Any]


def stale(agency_ids: Scope, year: int) -> list[int]:
    """The agencies (ids) whose checks of `year` are missing or older than a change:
    a report of the year or a year beside it collected, or corrected, since.

    Most of the time nothing changed: three aggregates say so (every agency with a
    report has a check, and no change is newer than the oldest check). Otherwise two
    queries return only the stale agencies.
    """
    if _nothing_changed(agency_ids, year):
        return []
    years = (year - 1, year, year + 1)
    checked = AgencyYearCheck.objects.filter(year=year)
    reports = (
        CollectedReport.objects.filter(agency_id__in=agency_ids, year__in=years)
        .annotate(
            checked=Subquery(
                checked.filter(agency=OuterRef("agency")).values("checked_at")[:1]
            )
        )
        .filter(Q(checked__isnull=True) | Q(collected_at__gt=F("checked")))
        .values_list("agency_id", flat=True)
        .order_by()
        .distinct()
    )
    corrections = (
        Correction.objects.filter(
            report__agency_id__in=agency_ids, report__year__in=years
        )
        .annotate(
            checked=Subquery(
                checked.filter(agency=OuterRef("report__agency")).values("checked_at")[
                    :1
                ]
            )
        )
        .filter(Q(checked__isnull=True) | Q(corrected_at__gt=F("checked")))
        .values_list("report__agency_id", flat=True)
        .order_by()
        .distinct()
    )
    return sorted(set(reports) | set(corrections))


def _nothing_changed(agency_ids: Scope, year: int) -> bool:
    years = (year - 1, year, year + 1)
    checks = AgencyYearCheck.objects.filter(agency_id__in=agency_ids, year=year)
    kept = checks.aggregate(n=Count("pk"), oldest=Min("checked_at"))
    reports = CollectedReport.objects.filter(agency_id__in=agency_ids, year__in=years)
    collected = reports.aggregate(
        n=Count("agency_id", distinct=True), newest=Max("collected_at")
    )
    if collected["n"] == 0:
        return True
    if kept["n"] != collected["n"] or kept["oldest"] is None:
        return False
    corrected = Correction.objects.filter(
        report__agency_id__in=agency_ids, report__year__in=years
    ).aggregate(newest=Max("corrected_at"))["newest"]
    newest = max(at for at in (collected["newest"], corrected) if at is not None)
    return bool(newest <= kept["oldest"])


def latest_rows(
    agency_ids: Sequence[int], years: Sequence[int]
) -> list[CollectedReport]:
    """The latest collected report of each agency and year, corrections prefetched."""
    latest: dict[tuple[int, int], CollectedReport] = {}
    rows = (
        CollectedReport.objects.filter(agency_id__in=agency_ids, year__in=years)
        .select_related("agency")
        .prefetch_related("corrections")
        .order_by("collected_at", "pk")
    )
    for row in rows:
        latest[(row.agency_id, row.year)] = row
    return list(latest.values())


def corrected_findings(
    rows: Sequence[CollectedReport], year: int
) -> list[SupervisionFinding]:
    """An info finding per corrected cell of the reports of `year`: the checks say
    they read the corrected value."""
    from gongkai.supervision import Severity

    found = []
    for row in rows:
        if row.year != year:
            continue
        current: dict[str, Correction] = {}
        for correction in sorted(
            row.corrections.all(), key=lambda c: (c.corrected_at, c.pk)
        ):
            current[correction.path] = correction
        for path, c in current.items():
            found.append(
                SupervisionFinding(
                    row.agency.code,
                    year,
                    CORRECTED,
                    Severity.INFO,
                    path,
                    f"按督查更正值 {c.new_value} 检查（报告原值 {_first_old(row, path)}）："
                    f"{c.reason}",
                    f"checked with the supervisor's corrected value {c.new_value} "
                    f"(printed {_first_old(row, path)}): {c.reason}",
                )
            )
    return found


def _first_old(row: CollectedReport, path: str) -> str:
    firsts = [c for c in row.corrections.all() if c.path == path]
    return str(min(firsts, key=lambda c: (c.corrected_at, c.pk)).old_value)


def refresh(agency_ids: Scope, year: int) -> int:
    """Check again the agencies whose checks of `year` are stale; return how many."""
    ids = stale(agency_ids, year)
    if not ids:
        return 0
    now = timezone.now()
    rows = latest_rows(ids, (year - 1, year, year + 1))
    codes = dict(Agency.objects.filter(pk__in=ids).values_list("code", "pk"))
    # "not collected" is the overview's own column, not a finding counted there
    findings = [
        f
        for f in check_region([r.to_core() for r in rows], year)
        if f.rule != NOT_COLLECTED
    ]
    findings += corrected_findings(rows, year)
    by_agency: dict[int, list[SupervisionFinding]] = defaultdict(list)
    for finding in findings:
        by_agency[codes[finding.agency]].append(finding)
    with transaction.atomic():
        AgencyYearCheck.objects.filter(agency_id__in=ids, year=year).delete()
        current = {r.agency_id: r for r in rows if r.year == year}
        checks = AgencyYearCheck.objects.bulk_create(
            [
                _check(
                    agency_id, year, by_agency[agency_id], now, current.get(agency_id)
                )
                for agency_id in ids
            ]
        )
        StoredFinding.objects.bulk_create(
            StoredFinding(
                check_run=check,
                rule=f.rule,
                severity=f.severity.value,
                path=f.path or "",
                message_zh=f.message_zh,
                message_en=f.message_en,
            )
            for check in checks
            for f in by_agency[check.agency_id]
        )
    return len(ids)


def refresh_around(agency_ids: Scope, year: int) -> int:
    """`refresh` after reports of `year` came in: the checks of `year`, and of the
    years beside it (their cross-year checks read `year`'s reports) where the agencies
    have checks or reports of that year. Returns how many agency-years were checked."""
    count = refresh(agency_ids, year)
    for beside in (year - 1, year + 1):
        if (
            AgencyYearCheck.objects.filter(
                agency_id__in=agency_ids, year=beside
            ).exists()
            or CollectedReport.objects.filter(
                agency_id__in=agency_ids, year=beside
            ).exists()
        ):
            count += refresh(agency_ids, beside)
    return count


def _check(
    agency_id: int,
    year: int,
    findings: list[SupervisionFinding],
    now: datetime,
    report: CollectedReport | None,
) -> AgencyYearCheck:
    count: defaultdict[str, int] = defaultdict(int)
    for f in findings:
        count[f.severity.value] += 1
    return AgencyYearCheck(
        agency_id=agency_id,
        year=year,
        errors=count["error"],
        warnings=count["warning"],
        infos=count["info"],
        checked_at=now,
        report=report,
        source=report.source if report else "",
        published_on=report.published_on if report else None,
        format=str(report.report.get("format") or "") if report else "",
    )
