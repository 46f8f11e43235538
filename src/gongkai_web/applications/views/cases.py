"""Case list (sorted and coloured by urgency), case detail, register, letter, attachments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.annual import format_for_year
from gongkai.errors import GongkaiError, InvalidInput
from gongkai.vocabulary import ApplicantType, Channel, Outcome
from gongkai.workflow import Action, Status, allowed_actions
from gongkai_web.agencies.access import actor_of, get_agency_for_staff, roles_in
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import Agency, Department, Role
from gongkai_web.applications import services
from gongkai_web.applications.access import (
    can_open_attachments,
    get_application_for_staff,
    identity_for,
)
from gongkai_web.applications.case_filters import (
    CaseFilterForm,
    apply_filters,
    sort_cases,
)
from gongkai_web.applications.forms import (
    AssignForm,
    RegisterForm,
    ReturnForm,
    SignOffForm,
    TransferForm,
)
from gongkai_web.applications.letters import letter_kind_of, letters_by_event
from gongkai_web.applications.models import Application, Attachment
from gongkai_web.applications.services import work
from gongkai_web.applications.services.actions import can_record
from gongkai_web.applications.services.ledger import ledger_updates_of
from gongkai_web.applications.services.letters import can_handle_letters
from gongkai_web.applications.statistics import cell_cases
from gongkai_web.applications.urgency import NEAR_WORKDAYS, due_within, urgency_of
from gongkai_web.applications.views.params import (
    format_param,
    page_param,
    year_param,
)
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.downloads import table_response
from gongkai_web.language import message_of
from gongkai_web.pages import refused

PAGE_SIZE = 50
STATES = ("open", "overdue", "near", "calendar_missing", "all", "closed")
LIST_FIELDS = (
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
    "calendar_missing_year",
    "reply_date",
    "handler",
)


@dataclass(frozen=True)
class Listing:
    """The cases a list shows, which tab it is, and what to tell about it."""

    cases: QuerySet[Application]
    state: str
    caption: str = ""
    note: str = ""


def cell_listing(request: HttpRequest, agency: Agency, today: date) -> Listing:
    """Return the cases one cell of the section 三 table counts (`?cell=row:column`).

    Raises:
        InvalidInput: for a bad year, format or cell.
    """
    row_id, _sep, column_id = request.GET.get("cell", "").partition(":")
    year = year_param(request, today)
    format_id = format_param(request) or format_for_year(year)
    cases = cell_cases(agency, year, format_id, row_id, column_id)
    caption = f"{year} {row_id} / {column_id}"
    return Listing(cases.order_by("received", "id"), "cell", caption)


def state_listing(
    request: HttpRequest, agency: Agency, today: date, form: CaseFilterForm
) -> Listing:
    """Return the cases of one tab of the list (`?state=`) with the filters of `form`
    and the order of `?sort=`."""
    calendar = work_calendar()
    cases = Application.objects.filter(agency=agency)
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    note = ""
    if state in ("open", "overdue", "near", "calendar_missing"):
        cases = cases.filter(is_open=True)
    if state == "overdue":
        cases = cases.filter(due_date__lt=today)
    elif state == "near":
        window = due_within(today, NEAR_WORKDAYS, calendar)
        cases = cases.filter(due_date__gte=today, due_date__lte=window.limit)
        note = window.note
    elif state == "calendar_missing":
        cases = cases.filter(calendar_missing_year__isnull=False)
    elif state == "closed":
        cases = cases.filter(is_open=False)
    if form.is_valid():
        cases, filter_note = apply_filters(
            cases,
            form.cleaned_data,
            user=request.user,  # type: ignore[arg-type]
            today=today,
            calendar=calendar,
        )
        note = note or filter_note
    mine_first = (
        actor_of(request.user)
        if Role.HANDLER in roles_in(request.user, agency)
        else None
    )
    ordered = sort_cases(
        cases,
        request.GET.get("sort", ""),
        user=mine_first,
        urgent=state not in ("all", "closed"),
    )
    return Listing(ordered, state, note=note)


EXPORT_HEADERS = (
    "编号",
    "收到申请日期",
    "渠道",
    "申请人类型",
    "申请人",
    "状态",
    "办理结果",
    "承办人",
    "承办科室",
    "答复期限",
    "答复日期",
)


def export_listing(listing: Listing, agency: Agency) -> HttpResponse:
    """Return the filtered list as an XLSX download (every row, not one page)."""
    rows = (
        (
            case.tracking_number,
            case.received,
            Channel(case.channel).label,
            ApplicantType(case.applicant_type).label,
            case.applicant_name,
            Status(case.status).label,
            Outcome(case.outcome).label if case.outcome else "",
            case.handler.username if case.handler else "",
            case.department.name if case.department else "",
            case.due_date,
            case.reply_date,
        )
        for case in listing.cases.select_related("handler", "department")
    )
    return table_response(
        EXPORT_HEADERS, rows, name=f"cases-{agency.code}", format_id="xlsx"
    )


@login_required
def case_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    today, calendar = timezone.localdate(), work_calendar()
    handlers = work.handlers_of(agency.pk)
    form = CaseFilterForm(request.GET or None, handlers=handlers)
    try:
        listing = (
            cell_listing(request, agency, today)
            if request.GET.get("cell")
            else state_listing(request, agency, today, form)
        )
    except InvalidInput as exc:
        return refused(request, agency, message_of(exc), status=400)
    if request.GET.get("export") == "xlsx":
        return export_listing(listing, agency)
    page = page_param(request)
    offset = (page - 1) * PAGE_SIZE
    rows = list(
        listing.cases.select_related("handler").only(*LIST_FIELDS, "handler__username")[
            offset : offset + PAGE_SIZE + 1
        ]
    )
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    can_assign = bool(roles & work.ASSIGN_ROLES)
    return render(
        request,
        "applications/case_list.html",
        {
            "agency": agency,
            "roles": roles,
            "rows": [
                (case, urgency_of(case, today, calendar)) for case in rows[:PAGE_SIZE]
            ],
            "state": listing.state,
            "states": STATES,
            "caption": listing.caption,
            "note": listing.note,
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "query": query.urlencode(),
            "unsorted": unsorted.urlencode(),
            "sort": request.GET.get("sort", ""),
            "form": form,
            "can_register": can_record(roles, Action.REGISTER),
            "assign_form": AssignForm(handlers=handlers) if can_assign else None,
            "select": can_assign,
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application, roles = get_application_for_staff(request, pk)
    today, calendar = timezone.localdate(), work_calendar()
    events = application.events.select_related("actor").order_by("seq")
    issued = letters_by_event(application)
    # Each event with the letter it produces (None) and the letter issued (None).
    history = [
        (
            event,
            letter_kind_of(event) if event.seq >= application.history_start else None,
            issued.get(event.pk),
        )
        for event in events
    ]
    actions = services.allowed_actions_for(application, roles)
    can_reply_alone = not application.agency.sign_off_required or (
        Role.APPROVER in roles
    )
    draft = work.pending_draft(application)
    can_draft = (
        application.agency.sign_off_required
        and Role.HANDLER in roles
        and Action.REPLY in allowed_actions(Status(application.status))
        and draft is None
    )
    can_assign = bool(roles & work.ASSIGN_ROLES) and application.is_open
    departments = list(Department.objects.filter(agency=application.agency))
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
            "history": history,
            "can_letter": can_handle_letters(roles),
            "actions": [a for a in actions if a is not Action.REPLY or can_reply_alone],
            "attachments": application.attachments.all(),
            "can_attach": can_open_attachments(roles),
            "draft": draft,
            "can_draft": can_draft,
            "can_sign_off": draft is not None and Role.APPROVER in roles,
            "sign_off_form": SignOffForm(),
            "return_form": ReturnForm(),
            "assign_form": AssignForm(
                initial={"handler": application.handler_id},
                handlers=work.handlers_of(application.agency_id),
            )
            if can_assign
            else None,
            "transfer_form": TransferForm(departments=departments)
            if departments
            and application.is_open
            and (can_assign or application.handler_id == request.user.pk)
            else None,
            "work_events": application.work_events.select_related(
                "actor", "handler", "department"
            ),
            "ledger_updates": ledger_updates_of(application),
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
            form.add_error(None, message_of(exc))
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
            "allowed": can_record(roles, Action.REGISTER),
            "receipt_rules": [(c.label, c.receipt_rule) for c in Channel],
        },
    )


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    application, roles = get_application_for_staff(request, pk)
    found = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    if not can_open_attachments(roles):
        # An attachment is often a copy of the identity document: not for the
        # auditor or the agency administrator, who see identities masked.
        return refused(
            request,
            application.agency,
            _("您的岗位不能下载附件（附件可能含申请人身份证件）"),
            status=403,
        )
    record(
        request.user,
        AuditAction.DOWNLOAD_ATTACHMENT,
        agency=application.agency,
        target=application,
        summary=f"{application.tracking_number} 下载附件 {found.name}",
        data={"attachment": found.pk, "name": found.name},
    )
    # Through the default storage (disk or bucket); never a public media URL.
    response = FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.name
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


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
            messages.error(request, message_of(exc))
        else:
            messages.success(request, _("已上传附件"))
    return redirect("applications:detail", pk=application.pk)
