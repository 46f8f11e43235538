"""The region's aggregate page and the downloads of a region's year: the findings (XLSX, one row per finding), the
aggregate report in every format of the renderers, and the DOCX draft of the 通报.

Views over the core's exports (`gongkai.supervision.exports`, through
`supervision.services`); every file reads the reports with the supervisors'
corrections laid over them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongkai.errors import InvalidInput, RendererUnavailable
from gongkai.supervision.exports import COMPILATION_FORMATS, render_compilation
from gongkai_web.supervision import services
from gongkai_web.supervision.access import get_region_for_supervisor
from gongkai_web.supervision.tables import report_tables

TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _download(data: bytes, name: str, to: str) -> HttpResponse:
    response = HttpResponse(data, content_type=TYPES[to])
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    )
    return response


@login_required
def exports(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The list of what can be downloaded for the region's year."""
    region = get_region_for_supervisor(request.user, code)
    return render(
        request,
        "supervision/exports.html",
        {"region": region, "year": year, "formats": COMPILATION_FORMATS},
    )


@login_required
def findings_file(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The findings of the region's year as XLSX, one row per finding."""
    region = get_region_for_supervisor(request.user, code)
    data = services.findings_workbook(services.check(region.code, year))
    return _download(data, f"{region.code}-{year}-问题清单.xlsx", "xlsx")


@login_required
def aggregate_file(request: HttpRequest, code: str, year: int, to: str) -> HttpResponse:
    """The region's aggregate report of the year, in format `to`."""
    region = get_region_for_supervisor(request.user, code)
    if to not in COMPILATION_FORMATS:
        raise Http404("no such format")
    try:
        data = render_compilation(services.compile_year(region.code, year), to)
    except InvalidInput:
        return _refused(request, region.name, year, _("本年度没有可汇总的报告"), 409)
    except RendererUnavailable:
        return _refused(request, region.name, year, _("暂时无法生成该格式"), 503)
    return _download(data, f"{region.code}-{year}-汇总.{to}", to)


@login_required
def notice_file(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The DOCX draft of the 通报 on the region's reports of the year."""
    region = get_region_for_supervisor(request.user, code)
    data = services.notice(region.code, year)
    return _download(data, f"{region.code}-{year}-通报.docx", "docx")


def _refused(
    request: HttpRequest, name: str, year: int, message: str, status: int
) -> HttpResponse:
    return render(
        request,
        "supervision/refused.html",
        {"name": name, "year": year, "message": message},
        status=status,
    )


@login_required
def aggregate_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The region's aggregate of the year as its tables; a cell's number opens the
    agencies' cells it is the sum of (`?cell=applications.granted[0]`)."""
    region = get_region_for_supervisor(request.user, code)
    compilation = services.compile_year(region.code, year)
    english = (get_language() or "").startswith("en")
    cell = request.GET.get("cell", "")[:200]
    names = services.agency_names(compilation.included)
    breakdown = [
        (agency, names.get(agency, ""), value)
        for agency, value in compilation.breakdown.get(cell, [])
    ]
    tables = (
        report_tables(compilation.report, [], {}, link="?cell=")
        if compilation.report is not None
        else ""
    )
    return render(
        request,
        "supervision/aggregate.html",
        {
            "region": region,
            "year": year,
            "note": compilation.note("en" if english else "zh"),
            "tables": tables,
            "cell": cell if cell in compilation.breakdown else "",
            "breakdown": breakdown,
            "formats": COMPILATION_FORMATS,
        },
    )
