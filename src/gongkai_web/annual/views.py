"""Back-office pages of the annual report: the years, the drafting page (computed
tables with linked numbers, sections 一/五/六 on the scaffold, validation panel, versions),
the preview in the official layout, publication by the approver, version files."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.annual import check_draft_year
from gongkai.calendar import parse_year
from gongkai.errors import GongkaiError, InvalidInput
from gongkai.render import render as render_report
from gongkai.report.formats import APPLICANT_COLUMNS, REVIEW_COLUMNS, SECTION_HEADINGS
from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.annual import services, tables
from gongkai_web.annual.compute import SECTION_KEYS, CurrentReport, current_report
from gongkai_web.annual.files import version_response, with_file_flags
from gongkai_web.annual.forms import PublishForm, SectionsForm
from gongkai_web.annual.models import ReportDraft, ReportVersion
from gongkai_web.annual.tasks import enqueue_pdf, pdf_job_key
from gongkai_web.jobs.models import Job, JobState
from gongkai_web.language import is_english, message_of


@login_required
def year_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    years = set(
        ReportDraft.objects.filter(agency=agency).values_list("year", flat=True)
    )
    years |= set(
        ReportVersion.objects.filter(agency=agency).values_list("year", flat=True)
    )
    last_year = timezone.localdate().year - 1
    years.add(last_year)
    if "year" in request.GET:
        try:
            year = parse_year(request.GET["year"], today=timezone.localdate())
        except InvalidInput as exc:
            messages.error(request, message_of(exc))
        else:
            return redirect("annual:draft", code=agency.code, year=year)
    rows = [
        (
            year,
            ReportVersion.objects.filter(agency=agency, year=year)
            .order_by("-number")
            .first(),
        )
        for year in sorted(years, reverse=True)
    ]
    return render(
        request,
        "annual/year_list.html",
        {
            "agency": agency,
            "roles": roles,
            "rows": rows,
            "last_year": last_year,
        },
    )


def _current(agency: Agency, year: int) -> CurrentReport:
    """The current report of a year that has begun and has an official format; else 404."""
    try:
        check_draft_year(year, timezone.localdate())
        return current_report(agency, year)
    except GongkaiError as exc:
        raise Http404(message_of(exc)) from None


@login_required
@require_http_methods(["GET", "POST"])
def draft_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    current = _current(agency, year)
    can_write = bool(roles & services.WRITING_ROLES)
    form = SectionsForm(
        request.POST or None,
        initial={
            # A computed report always holds its sections (compute.current_report).
            f"section_{k}": current.report.sections[k]  # type: ignore[index]
            for k in SECTION_KEYS
        }
        | {"format": current.format_id.value},
    )
    if request.method == "POST":
        if not can_write:
            form.add_error(None, _("您的岗位不能编写年度报告"))
        elif form.is_valid():
            services.save_sections(
                agency, year, request.user, form.sections(), format=form.format_id()
            )
            messages.success(request, _("已保存"))
            return redirect("annual:draft", code=agency.code, year=year)
    return render(
        request,
        "annual/draft.html",
        {
            "agency": agency,
            "roles": roles,
            "year": year,
            "current": current,
            "form": form,
            "can_write": can_write,
            **_publication(agency, roles, year),
            **_panels(agency, current),
        },
        status=400 if form.errors else 200,
    )


def _publication(
    agency: Agency, roles: frozenset[Role], year: int
) -> dict[str, object]:
    """What the publication section shows: the button or why not, and the versions."""
    versions = with_file_flags(
        ReportVersion.objects.filter(agency=agency, year=year)
        .select_related("published_by")
        .defer("html", "docx", "pdf")
        .order_by("-number")
    )
    pdf_jobs = Job.objects.filter(
        key__in=[pdf_job_key(v) for v in versions], agency=agency
    ).exclude(state=JobState.DONE)
    return {
        "pdf_jobs": pdf_jobs.defer("data"),
        "can_publish": bool(roles & services.PUBLISHING_ROLES),
        "year_ended": year < timezone.localdate().year,
        "first_day_to_publish": date(year + 1, 1, 1),
        "publish_form": PublishForm(),
        "versions": versions,
        "is_correction": versions.exists(),
    }


def _panels(agency: Agency, current: CurrentReport) -> dict[str, object]:
    """The validation panel and the computed tables with their linked numbers."""
    lang = "en" if is_english() else "zh"
    return {
        "findings": [(f.severity.label, f.message(lang)) for f in current.findings],
        "warnings": [w.message() for w in current.warnings],
        "unfilled": [SECTION_HEADINGS[k] for k in current.unfilled],
        "proactive_rows": tables.proactive_rows(agency, current.report),
        "applications_rows": tables.applications_rows(agency, current.report),
        "review_rows": tables.review_rows(agency, current.report),
        "applicant_columns": APPLICANT_COLUMNS,
        "review_columns": REVIEW_COLUMNS,
        "headings": SECTION_HEADINGS,
    }


@login_required
@require_POST
def publish_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    form = PublishForm(request.POST)
    confirmed = form.is_valid()
    if not confirmed and roles & services.PUBLISHING_ROLES:
        messages.error(request, _("请先勾选确认，再发布"))
        return redirect("annual:draft", code=agency.code, year=year)
    note = form.cleaned_data.get("correction_note", "") if confirmed else ""
    try:
        version = services.publish(
            agency, year, request.user, correction_note=note, with_pdf=False
        )
    except GongkaiError as exc:
        messages.error(request, message_of(exc))
        return redirect("annual:draft", code=agency.code, year=year)
    enqueue_pdf(version, request.user)
    messages.success(
        request,
        _("已发布%(year)s年度报告第%(n)s版") % {"year": year, "n": version.number},
    )
    return redirect("annual:draft", code=agency.code, year=year)


@login_required
@xframe_options_sameorigin
def preview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The current draft in the official layout (the HTML renderer), not stored."""
    agency, _roles = get_agency_for_staff(request.user, code)
    current = _current(agency, year)
    return HttpResponse(
        render_report(current.report, "html"), content_type="text/html; charset=utf-8"
    )


@login_required
def version_file(
    request: HttpRequest, code: str, year: int, number: int, kind: str
) -> HttpResponse:
    agency, _roles = get_agency_for_staff(request.user, code)
    version = ReportVersion.objects.filter(
        agency=agency, year=year, number=number
    ).first()
    if version is None:
        raise Http404("no such version")
    return version_response(version, kind)
