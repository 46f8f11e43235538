"""The ledger page: import a ledger (all-or-nothing, every bad row listed), export a year."""

from __future__ import annotations

import hashlib
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.errors import GongkaiError, InvalidInput
from gongkai.ledger import LedgerError, parse_ledger, write_ledger_xlsx
from gongkai_web.agencies.access import LEDGER_ROLES, get_agency_for_staff
from gongkai_web.applications import services
from gongkai_web.applications.forms import LedgerUploadForm
from gongkai_web.applications.models import LedgerImport
from gongkai_web.applications.views.params import year_param
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
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
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_LEDGER_BYTES + 1)
        try:
            if len(data) > MAX_LEDGER_BYTES:
                raise GongkaiError(_("文件超过 20 MB"))
            ledger = parse_ledger(data, upload.name)
            summary = services.import_ledger(
                agency, request.user, ledger, sha256=hashlib.sha256(data).hexdigest()
            )
        except LedgerError as exc:
            refused, problems, status = (
                str(exc).splitlines()[0],
                list(exc.problems),
                400,
            )
        except GongkaiError as exc:
            refused, status = str(exc), 400
        else:
            for line in summary.lines():
                messages.success(request, line)
            return redirect("applications:ledger", code=agency.code)
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
        },
        status=status,
    )


@login_required
def ledger_export(request: HttpRequest, code: str) -> HttpResponse:
    agency, _roles = get_agency_for_staff(request.user, code)
    try:
        year = year_param(request, timezone.localdate())
    except InvalidInput as exc:
        return refused(request, agency, str(exc), status=400)
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
