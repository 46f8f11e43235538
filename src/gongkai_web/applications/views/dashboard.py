"""Home, the per-agency deadline dashboard, and the calendar-years page.

They live with the applications because the dashboard lists cases by urgency and
entering a calendar year replays the cases it concerns; their URL names (`home`,
`dashboard`, `calendar`, `calendar_installation`) carry no namespace.
"""

from __future__ import annotations

from datetime import date

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
    agencies_of,
    can_enter_calendar,
    get_agency_for_staff,
)
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.forms import CalendarYearForm
from gongkai_web.agencies.models import CalendarYear
from gongkai_web.applications import trends
from gongkai_web.applications.models import Application
from gongkai_web.applications.services.calendar import save_year
from gongkai_web.applications.urgency import NEAR_WORKDAYS, due_within, urgency_of
from gongkai_web.charts import figure
from gongkai_web.language import message_of

DASHBOARD_ROWS = 20
# From 1 October the State Council's arrangement for next year is due (it is usually
# published in October or November); until someone enters it, every dashboard says so.
CALENDAR_BANNER_MONTH = 10


def missing_next_year(today: date, known: frozenset[int]) -> int | None:
    """Return next year when its holiday arrangement is due and not entered, else None."""
    upcoming = today.year + 1
    if today.month >= CALENDAR_BANNER_MONTH and upcoming not in known:
        return upcoming
    return None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    agencies = agencies_of(request.user)
    if len(agencies) == 1:
        return redirect("dashboard", code=agencies[0].code)
    return render(
        request,
        "applications/home.html",
        {"agencies": agencies, "can_enter_calendar": can_enter_calendar(request.user)},
    )


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    today, calendar = timezone.localdate(), work_calendar()
    open_cases = Application.objects.filter(agency=agency, is_open=True)
    by_due = open_cases.order_by(F("due_date").asc(nulls_last=True), "id")
    window = due_within(today, NEAR_WORKDAYS, calendar)
    groups = {
        "overdue": by_due.filter(due_date__lt=today),
        "near": by_due.filter(due_date__gte=today, due_date__lte=window.limit),
        "calendar_missing": open_cases.filter(
            calendar_missing_year__isnull=False
        ).order_by("received", "id"),
        "paused": open_cases.filter(
            due_date__isnull=True, calendar_missing_year__isnull=True
        ).order_by("received", "id"),
    }
    return render(
        request,
        "applications/dashboard.html",
        {
            "agency": agency,
            "roles": roles,
            "today": today,
            "near_workdays": NEAR_WORKDAYS,
            "error": window.note,
            "missing_year": missing_next_year(today, calendar.known_years()),
            "charts": [
                figure(trends.monthly_intake(agency, today.year)),
                figure(trends.overdue_by_handler(agency, today)),
                figure(trends.on_time_rate(agency, today.year)),
                figure(trends.outcome_mix(agency, today.year)),
            ],
            "can_enter_calendar": can_enter_calendar(request.user),
            "counts": {
                "open": open_cases.count(),
                **{name: cases.count() for name, cases in groups.items()},
            },
            **{
                name: [
                    (case, urgency_of(case, today, calendar))
                    for case in cases[:DASHBOARD_ROWS]
                ]
                for name, cases in groups.items()
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """The holiday arrangements of the installation; staff enter them.

    Reached from an agency's menu (`/a/<code>/calendar/`) or, for staff who work in no
    agency, at `/calendar/`.
    """
    agency, roles = (
        get_agency_for_staff(request.user, code) if code else (None, frozenset())
    )
    can_edit = can_enter_calendar(request.user)
    form = CalendarYearForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_edit:
            status = 403
            form.add_error(
                None, _("只有系统管理员可以录入节假日安排（适用于所有机关）")
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                done = save_year(
                    data["year"],
                    holidays=data["holidays"],
                    workdays=data["workdays"],
                    source=data["source"],
                    user=request.user,
                    replace_package_year=data["replace_package_year"],
                )
            except GongkaiError as exc:
                form.add_error(None, message_of(exc))
            else:
                messages.success(
                    request,
                    _("已保存 %(year)s 年节假日安排，重算 %(n)s 件答复期限")
                    % {"year": done.entry.year, "n": done.recomputed},
                )
                return redirect(request.path)
    return render(
        request,
        "applications/calendar.html",
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
