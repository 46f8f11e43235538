"""Case list (sorted and coloured by urgency), case detail, register, letter, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.errors import GongkaiError
from gongkai.report.formats import FormatId
from gongkai.vocabulary import ApplicantType, Channel
from gongkai_web.agencies.access import REGISTERING_ROLES, get_agency_for_staff
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.applications import services
from gongkai_web.applications.access import get_application_for_staff, identity_for
from gongkai_web.applications.forms import RegisterForm
from gongkai_web.applications.letters import letter_docx
from gongkai_web.applications.models import Application, Attachment
from gongkai_web.applications.statistics import cell_cases
from gongkai_web.applications.urgency import NEAR_WORKDAYS, due_within, urgency_of
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

PAGE_SIZE = 50
STATES = ("open", "overdue", "near", "all", "closed")


def by_urgency(cases: QuerySet[Application]) -> QuerySet[Application]:
    """Order open cases by due date, paused ones (no due date) last."""
    return cases.order_by(F("due_date").asc(nulls_last=True), "id")


def filtered_cases(
    request: HttpRequest, agency: object
) -> tuple[QuerySet[Application], str, str]:
    """Return the cases the list's query string asks for, its state, and a caption."""
    cases = Application.objects.filter(agency=agency)
    cell = request.GET.get("cell", "")
    if cell:
        row_id, _sep, column_id = cell.partition(":")
        year = int(request.GET.get("year", "0") or 0)
        format_id = FormatId(request.GET.get("format", "2021"))
        try:
            cases = cell_cases(agency, year, format_id, row_id, column_id)  # type: ignore[arg-type]
        except KeyError:
            cases = cases.none()
        return (
            cases.order_by("received", "id"),
            "cell",
            f"{year} {row_id} / {column_id}",
        )
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    today = timezone.localdate()
    if state in ("open", "overdue", "near"):
        cases = cases.filter(is_open=True)
    if state == "overdue":
        cases = cases.filter(due_date__lt=today)
    elif state == "near":
        limit = due_within(today, NEAR_WORKDAYS, work_calendar())
        cases = cases.filter(due_date__gte=today, due_date__lte=limit)
    elif state == "closed":
        cases = cases.filter(is_open=False)
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(
            Q(tracking_number__icontains=query) | Q(applicant_name__icontains=query)
        )
    if state in ("all", "closed"):
        return cases.order_by("-received", "-id"), state, ""
    return by_urgency(cases), state, ""


@login_required
def case_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    cases, state, caption = filtered_cases(request, agency)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    rows = list(
        cases.only(
            "id",
            "tracking_number",
            "received",
            "applicant_name",
            "applicant_type",
            "channel",
            "status",
            "is_open",
            "outcome",
            "due_date",
            "reply_date",
        )[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    today, calendar = timezone.localdate(), work_calendar()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/case_list.html",
        {
            "agency": agency,
            "roles": roles,
            "rows": [(case, urgency_of(case, today, calendar)) for case in rows],
            "state": state,
            "states": STATES,
            "caption": caption,
            "page": page,
            "has_next": has_next,
            "query": query.urlencode(),
            "q": request.GET.get("q", ""),
            "can_register": bool(roles & REGISTERING_ROLES),
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application, roles = get_application_for_staff(request, pk)
    today, calendar = timezone.localdate(), work_calendar()
    events = application.events.select_related("actor").order_by("seq")
    return render(
        request,
        "applications/case_detail.html",
        {
            "agency": application.agency,
            "roles": roles,
            "case": application,
            "identity": identity_for(request, application, roles),
            "urgency": urgency_of(application, today, calendar),
            "events": events,
            "actions": services.allowed_actions_for(application, roles),
            "attachments": application.attachments.all(),
            "can_attach": bool(roles & services.registration.ATTACHING_ROLES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_case(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = services.NewApplication(
            channel=Channel(data["channel"]),
            received=data["received"],
            applicant_type=ApplicantType(data["applicant_type"]),
            applicant_name=data["applicant_name"],
            content=data["content"],
            id_document=data["id_document"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            requested_form=data["requested_form"],
            delivery=data["delivery"],
            note=data["note"],
        )
        try:
            application = services.register(
                agency, request.user, new, files=data["attachments"]
            )
        except GongkaiError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("已登记，编号 %(number)s") % {"number": application.tracking_number},
            )
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/register.html",
        {
            "agency": agency,
            "roles": roles,
            "form": form,
            "allowed": bool(roles & REGISTERING_ROLES),
            "receipt_rules": [(c.label, c.receipt_rule) for c in Channel],
        },
    )


@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    application, _roles = get_application_for_staff(request, pk)
    if application.is_open:
        return render(
            request,
            "applications/refused.html",
            {
                "agency": application.agency,
                "message": _("尚未答复，不能生成答复书"),
            },
            status=409,
        )
    data = letter_docx(application)
    record(
        request.user,
        AuditAction.LETTER,
        agency=application.agency,
        target=application,
        summary=f"{application.tracking_number} 下载答复书",
    )
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="reply-{application.tracking_number}.docx"'
    )
    return response


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    application, _roles = get_application_for_staff(request, pk)
    found = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    record(
        request.user,
        AuditAction.DOWNLOAD_ATTACHMENT,
        agency=application.agency,
        target=application,
        summary=f"{application.tracking_number} 下载附件 {found.name}",
    )
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
@require_POST
def add_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    application, _roles = get_application_for_staff(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择文件"))
    else:
        try:
            services.add_attachment(application, request.user, upload)
        except GongkaiError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已上传附件"))
    return redirect("applications:detail", pk=application.pk)
