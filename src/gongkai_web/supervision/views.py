"""The supervisor's pages: the region-year overview, a collected report (its tables
with the findings and corrections marked, its original file) and correcting a cell."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.report.codec import report_from_data
from gongkai_web.agencies.models import Level
from gongkai_web.charts import Chart, figure, stacked_figure
from gongkai_web.supervision import checking, services
from gongkai_web.supervision import overview as board
from gongkai_web.supervision import series as agency_series
from gongkai_web.supervision.access import get_region_for_supervisor, supervises
from gongkai_web.supervision.corrections import CorrectionRefused, correct_cell
from gongkai_web.supervision.models import CollectedReport, StoredFinding
from gongkai_web.supervision.tables import (
    Mark,
    Overlay,
    cell_choices,
    report_tables,
    severity_label,
)

PAGE_SIZE = 50


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def _columns(filters: board.Filters, query: dict[str, str]) -> list[dict[str, Any]]:
    labels = {
        "code": _("代码"),
        "name": _("机关"),
        "level": _("级别"),
        "collected": _("已收集"),
        "published": _("公布日期"),
        "on_time": _("按时公布"),
        "format": _("格式"),
        "errors": _("错误"),
        "warnings": _("提醒"),
        "infos": _("提示"),
    }
    columns = []
    for key, label in labels.items():
        current = filters.sort.lstrip("-") == key
        descending = filters.sort.startswith("-")
        sort = f"-{key}" if current and not descending else key
        columns.append(
            {
                "key": key,
                "label": label,
                "url": "?" + urlencode(query | {"sort": sort}),
                "aria_sort": (
                    ("descending" if descending else "ascending") if current else ""
                ),
            }
        )
    return columns


@login_required
def overview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Agencies × (collected, on time, format, findings by severity), counts on top;
    sorted, filtered and paged in the database."""
    region = get_region_for_supervisor(request.user, code)
    ids = board.region_scope(region)
    checking.refresh(ids, year)
    filters = board.Filters.from_query(request.GET)
    rows = board.annotated(ids, year)
    page = Paginator(board.filtered(rows, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    findings = (
        StoredFinding.objects.filter(
            check_run__agency_id__in=[a.pk for a in shown], check_run__year=year
        )
        .select_related("check_run__agency")
        .order_by("check_run__agency__code", "pk")
    )
    query: dict[str, str] = {
        key: str(value)
        for key, value in request.GET.items()
        if key in ("collected", "errors", "level", "q") and value
    }
    return render(
        request,
        "supervision/overview.html",
        {
            "region": region,
            "year": year,
            "page": page,
            "rows": shown,
            "counts": board.counts(rows, ids, year),
            "filters": filters,
            "levels": Level.choices,
            "columns": _columns(filters, query),
            "query": urlencode(query | {"sort": filters.sort}),
            "findings": findings,
            "english": is_english(),
        },
    )


def _report_for(request: HttpRequest, pk: int) -> CollectedReport:
    row = CollectedReport.objects.select_related("agency").filter(pk=pk).first()
    if row is None or not supervises(request.user, row.agency):
        raise Http404("no such report")
    return row


def _via(via: str) -> str:
    """How a report came, in words."""
    return {
        "upload": _("上传文件"),
        "zip": _("压缩包"),
        "manifest": _("清单文件"),
        "url": _("网址下载"),
        "published": _("本平台发布的版本"),
        "cli": _("命令行"),
    }.get(via, via or _("命令行"))


def _overlays(row: CollectedReport) -> dict[str, Overlay]:
    overlays: dict[str, Overlay] = {}
    for c in row.corrections.order_by("corrected_at", "pk"):
        first = overlays.get(c.path)
        printed = first.printed if first else c.old_value
        overlays[c.path] = Overlay(printed, c.new_value, c.reason)
    return overlays


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A collected report: its tables with the findings and corrections marked, the
    reader's notes, provenance and the original file."""
    return _render_report(request, _report_for(request, pk))


def _render_report(
    request: HttpRequest,
    row: CollectedReport,
    form: dict[str, str] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    english = is_english()
    findings = [
        f
        for f in services.check(row.agency.code, row.year)
        if f.agency == row.agency.code
    ]
    marks = [
        Mark(
            n,
            f.severity.value,
            f.rule,
            f.path or "",
            f.message("en" if english else "zh"),
        )
        for n, f in enumerate(findings, start=1)
    ]
    report = report_from_data(row.corrected_data(), row.source)
    return render(
        request,
        "supervision/report.html",
        {
            "row": row,
            "marks": [(m, severity_label(m.severity)) for m in marks],
            "tables": report_tables(report, marks, _overlays(row)),
            "corrections": row.corrections.select_related("corrected_by").order_by(
                "corrected_at", "pk"
            ),
            "cells": cell_choices(report),
            "english": english,
            "via": _via(row.provenance.get("via", "")),
            "form": form or {},
            "error": error,
        },
        status=status,
    )


@login_required
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original file as collected, for download."""
    row = _report_for(request, pk)
    name = row.file.name.rsplit("/", 1)[-1] or "report"
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Lay a correction over one cell of the report (reason required)."""
    row = _report_for(request, pk)
    path = request.POST.get("path", "")
    value = request.POST.get("value", "")
    reason = request.POST.get("reason", "")
    try:
        correction = correct_cell(request.user, row, path, value, reason)
    except CorrectionRefused as exc:
        form = {"path": path[:200], "value": value[:40], "reason": reason[:2000]}
        return _render_report(request, row, form, str(exc), status=400)
    messages.success(
        request,
        _("已更正 %(path)s：%(old)s → %(new)s")
        % {"path": path, "old": correction.old_value, "new": correction.new_value},
    )
    return redirect("supervision:report", pk=row.pk)


@login_required
def series(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's reports over the years: four charts, each with its numbers."""
    agency = get_region_for_supervisor(request.user, code)
    years = agency_series.yearly(agency)
    figures = [
        figure(c) if isinstance(c, Chart) else stacked_figure(c)
        for c in agency_series.charts(years)
    ]
    return render(
        request,
        "supervision/series.html",
        {"agency": agency, "years": years, "figures": figures},
    )
