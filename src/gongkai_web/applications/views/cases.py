"""Case list (sorted and coloured by urgency), case detail, register, letter, attachments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.annual import format_for_year
from gongkai.errors import GongkaiError, InvalidInput
from gongkai.vocabulary import ApplicantType, Channel
from gongkai.workflow import Action
from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.access import (
    can_open_attachments,
    get_application_for_staff,
    identity_for,
)
from gongkai_web.applications.forms import RegisterForm
from gongkai_web.applications.letters import letter_kind_of, letters_by_event
from gongkai_web.applications.models import Application, Attachment
from gongkai_web.applications.services.actions import can_record
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
)


@dataclass(frozen=True)
class Listing:
    """The cases a list shows, which tab it is, and what to tell about it."""

    cases: QuerySet[Application]
    state: str
    caption: str = ""
    note: str = ""


def by_urgency(cases: QuerySet[Application]) -> QuerySet[Application]:
    """Order open cases by due date, those without one (paused, no calendar) last."""
    return cases.order_by(F("due_date").asc(nulls_last=True), "id")


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


def state_listing(request: HttpRequest, agency: Agency, today: date) -> Listing:
    """Return the cases of one tab of the list (`?state=`), searched by `?q=`."""
    cases = Application.objects.filter(agency=agency)
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    note = ""
    if state in ("open", "overdue", "near", "calendar_missing"):
        cases = cases.filter(is_open=True)
    if state == "overdue":
        cases = cases.filter(due_date__lt=today)
    elif state == "near":
        window = due_within(today, NEAR_WORKDAYS, work_calendar())
        cases = cases.filter(due_date__gte=today, due_date__lte=window.limit)
        note = window.note
    elif state == "calendar_missing":
        cases = cases.filter(calendar_missing_year__isnull=False)
    elif state == "closed":
        cases = cases.filter(is_open=False)
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(
            Q(tracking_number__icontains=query) | Q(applicant_name__icontains=query)
        )
    if state in ("all", "closed"):
        return Listing(cases.order_by("-received", "-id"), state, note=note)
    return Listing(by_urgency(cases), state, note=note)


@login_required
def case_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    today, calendar = timezone.localdate(), work_calendar()
    try:
        listing = (
            cell_listing(request, agency, today)
            if request.GET.get("cell")
            else state_listing(request, agency, today)
        )
    except InvalidInput as exc:
        return refused(request, agency, str(exc), status=400)
    page = page_param(request)
    offset = (page - 1) * PAGE_SIZE
    rows = list(listing.cases.only(*LIST_FIELDS)[offset : offset + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
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
            "q": request.GET.get("q", ""),
            "can_register": can_record(roles, Action.REGISTER),
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
            "actions": services.allowed_actions_for(application, roles),
            "attachments": application.attachments.all(),
            "can_attach": can_open_attachments(roles),
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
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已上传附件"))
    return redirect("applications:detail", pk=application.pk)
