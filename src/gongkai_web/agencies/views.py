"""Home, the per-agency deadline dashboard, and the calendar-years page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.calendar import PACKAGE_SOURCE, PACKAGE_YEARS
from gongkai.errors import GongkaiError
from gongkai_web.agencies.access import (
    CALENDAR_ROLES,
    agencies_of,
    get_agency_for_staff,
)
from gongkai_web.agencies.calendars import save_year, work_calendar
from gongkai_web.agencies.forms import CalendarYearForm
from gongkai_web.agencies.models import CalendarYear
from gongkai_web.applications.models import Application
from gongkai_web.applications.urgency import NEAR_WORKDAYS, due_within, urgency_of
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

DASHBOARD_ROWS = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    agencies = agencies_of(request.user)
    if len(agencies) == 1:
        return redirect("dashboard", code=agencies[0].code)
    return render(request, "agencies/home.html", {"agencies": agencies})


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    today, calendar = timezone.localdate(), work_calendar()
    open_cases = Application.objects.filter(agency=agency, is_open=True)
    by_due = open_cases.order_by(F("due_date").asc(nulls_last=True), "id")
    error = ""
    try:
        limit = due_within(today, NEAR_WORKDAYS, calendar)
    except GongkaiError as exc:
        limit, error = today, str(exc)
    overdue = by_due.filter(due_date__lt=today)
    near = by_due.filter(due_date__gte=today, due_date__lte=limit)
    paused = open_cases.filter(due_date__isnull=True).order_by("received", "id")

    def rows(cases: object) -> list[object]:
        return [(c, urgency_of(c, today, calendar)) for c in cases[:DASHBOARD_ROWS]]  # type: ignore[index]

    return render(
        request,
        "agencies/dashboard.html",
        {
            "agency": agency,
            "roles": roles,
            "today": today,
            "near_workdays": NEAR_WORKDAYS,
            "error": error,
            "counts": {
                "open": open_cases.count(),
                "overdue": overdue.count(),
                "near": near.count(),
                "paused": paused.count(),
            },
            "overdue": rows(overdue),
            "near": rows(near),
            "paused": rows(paused),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    can_edit = bool(roles & CALENDAR_ROLES)
    form = CalendarYearForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_edit:
            status = 403
            form.add_error(None, _("只有机关管理员可以录入节假日安排"))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                entry = save_year(
                    data["year"],
                    holidays=data["holidays"],
                    workdays=data["workdays"],
                    source=data["source"],
                    user=request.user,
                )
            except GongkaiError as exc:
                form.add_error(None, str(exc))
            else:
                record(
                    request.user,
                    AuditAction.CALENDAR,
                    agency=agency,
                    target=entry,
                    summary=f"录入{entry.year}年节假日安排（{entry.source}）",
                    data={
                        "holidays": [d.isoformat() for d in sorted(data["holidays"])],
                        "workdays": [d.isoformat() for d in sorted(data["workdays"])],
                    },
                )
                messages.success(
                    request, _("已保存 %(year)s 年节假日安排") % {"year": entry.year}
                )
                return redirect("calendar", code=agency.code)
    return render(
        request,
        "agencies/calendar.html",
        {
            "agency": agency,
            "roles": roles,
            "form": form,
            "can_edit": can_edit,
            "entered": CalendarYear.objects.prefetch_related("days").select_related(
                "entered_by"
            ),
            "package_years": f"{min(PACKAGE_YEARS)}–{max(PACKAGE_YEARS)}",
            "package_source": PACKAGE_SOURCE,
        },
        status=status,
    )
