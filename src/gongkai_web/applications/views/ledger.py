"""The ledger page: import a ledger (all-or-nothing, every bad row listed), export a year.

The import runs as a job (`tasks.ledger`): in this request without a broker, else on a
worker, the page then showing rows done / total until it ends (`?job=`)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.errors import InvalidInput
from gongkai.ledger import LedgerProblem, write_ledger_template, write_ledger_xlsx
from gongkai_web.agencies.access import LEDGER_ROLES, get_agency_for_staff
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.forms import LedgerUploadForm
from gongkai_web.applications.models import LedgerImport
from gongkai_web.applications.tasks.ledger import KIND as LEDGER_KIND
from gongkai_web.applications.tasks.ledger import enqueue_import
from gongkai_web.applications.views.params import year_param
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.jobs.models import Job, JobState
from gongkai_web.language import in_language, message_of
from gongkai_web.pages import refused

MAX_LEDGER_BYTES = 20 * 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def ledger_page(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    problems: list[object] = []
    refused = ""
    status = 200
    job = _shown_job(request, agency)
    if job is not None and job.is_failed:
        problems = [LedgerProblem(**p) for p in job.result.get("problems", [])]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_LEDGER_BYTES + 1)
        if len(data) > MAX_LEDGER_BYTES:
            refused, status = _("文件超过 20 MB"), 400
        elif not roles & LEDGER_ROLES:
            refused, status = (
                _("您的岗位不能导入台账"),
                400,
            )
        else:
            job = enqueue_import(
                agency,
                request.user,
                upload.name,
                data,
                update=bool(form.cleaned_data.get("update")),
            )
            if job.state == JobState.DONE:
                for line in job.result.get("lines", []):
                    if line.startswith("差异: "):
                        messages.warning(request, line)
                    else:
                        messages.success(request, line)
                return redirect("applications:ledger", code=agency.code)
            if job.state != JobState.FAILED:  # on a worker: show its progress
                url = reverse("applications:ledger", kwargs={"code": agency.code})
                return redirect(f"{url}?job={job.pk}")
            refused, status = in_language(job.error), 400
            problems = [LedgerProblem(**p) for p in job.result.get("problems", [])]
            job = None
    return render(
        request,
        "applications/ledger.html",
        {
            "agency": agency,
            "roles": roles,
            "form": form,
            "can_import": bool(roles & LEDGER_ROLES),
            "refused": refused,
            "problems": problems,
            "imports": LedgerImport.objects.filter(agency=agency).select_related(
                "imported_by"
            )[:20],
            "year": timezone.localdate().year,
            "job": job,
        },
        status=status,
    )


def _shown_job(request: HttpRequest, agency: Agency) -> Job | None:
    """The import job named by `?job=` (progress, outcome), if it is the agency's."""
    pk = request.GET.get("job", "")
    if not pk.isdigit():
        return None
    return (
        Job.objects.defer("data")
        .filter(pk=int(pk), agency=agency, kind=LEDGER_KIND)
        .first()
    )


@login_required
def ledger_export(request: HttpRequest, code: str) -> HttpResponse:
    agency, _roles = get_agency_for_staff(request.user, code)
    try:
        year = year_param(request, timezone.localdate())
    except InvalidInput as exc:
        return refused(request, agency, message_of(exc), status=400)
    buffer = io.BytesIO()
    rows = services.export_rows(agency, year)
    write_ledger_xlsx(rows, buffer)
    record(
        request.user,
        AuditAction.LEDGER_EXPORT,
        agency=agency,
        summary=f"{agency.code} {year} 导出台账 {len(rows)} 行",
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ledger-{agency.code}-{year}.xlsx"'
    )
    return response


@login_required
def ledger_template(request: HttpRequest, code: str) -> HttpResponse:
    """The empty ledger workbook to fill in: the header row and what each column takes."""
    get_agency_for_staff(request.user, code)
    buffer = io.BytesIO()
    write_ledger_template(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="ledger-template.xlsx"'
    return response
