"""The supervisor's pages: the region-year overview and a collected report."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai_web.agencies.hierarchy import below
from gongkai_web.supervision import services
from gongkai_web.supervision.access import get_region_for_supervisor, supervises
from gongkai_web.supervision.models import CollectedReport


@login_required
def overview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Agencies × (collected, on time, format, findings by severity), counts on top."""
    region = get_region_for_supervisor(request.user, code)
    findings = services.check(region.code, year)
    latest: dict[int, CollectedReport] = {}
    for row in CollectedReport.objects.filter(
        agency__in=below(region), year=year
    ).order_by("collected_at", "pk"):
        latest[row.agency_id] = row
    rows = []
    for agency in below(region):
        counts = Counter(f.severity.value for f in findings if f.agency == agency.code)
        report = latest.get(agency.pk)
        rows.append(
            {
                "agency": agency,
                "report": report,
                "format": report.report.get("format") if report else None,
                "errors": counts["error"],
                "warnings": counts["warning"],
                "infos": counts["info"],
            }
        )
    totals = Counter(f.severity.value for f in findings)
    return render(
        request,
        "supervision/overview.html",
        {
            "region": region,
            "year": year,
            "rows": rows,
            "collected": sum(1 for r in rows if r["report"]),
            "totals": totals,
            "findings": findings,
        },
    )


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A collected report: its source, hash, the reader's notes and its findings."""
    row = CollectedReport.objects.select_related("agency").filter(pk=pk).first()
    if row is None or not supervises(request.user, row.agency):
        raise Http404("no such report")
    findings = [
        f
        for f in services.check(row.agency.code, row.year)
        if f.agency == row.agency.code
    ]
    return render(
        request, "supervision/report.html", {"row": row, "findings": findings}
    )
