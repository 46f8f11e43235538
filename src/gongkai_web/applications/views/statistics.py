"""The section 三 table of an agency's year; every cell links to the cases it counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from gongkai.annual import FIRST_FORMAT_YEAR, format_for_year
from gongkai.errors import InvalidInput
from gongkai.report.formats import APPLICANT_COLUMNS, FORMATS, FormatId
from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.applications import trends
from gongkai_web.applications.statistics import applications_table
from gongkai_web.applications.views.params import format_param, year_param
from gongkai_web.charts import figure
from gongkai_web.language import message_of
from gongkai_web.pages import refused


@login_required
def statistics_page(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    today = timezone.localdate()
    try:
        year = year_param(request, today)
        format_id = format_param(request) or format_for_year(year)
        table = applications_table(agency, year, format_id)
    except InvalidInput as exc:
        return refused(request, agency, message_of(exc), status=400)
    cases_url = reverse("applications:list", kwargs={"code": agency.code})
    rows = []
    for row in FORMATS[format_id].applications:
        cells = [
            (
                value,
                f"{cases_url}?"
                + urlencode(
                    {
                        "cell": f"{row.id}:{column.id}",
                        "year": str(year),
                        "format": format_id.value,
                    }
                ),
            )
            for column, value in zip(APPLICANT_COLUMNS, table.row(row.id), strict=True)
        ]
        rows.append((row, cells))
    return render(
        request,
        "applications/statistics.html",
        {
            "agency": agency,
            "roles": roles,
            "year": year,
            "years": range(today.year, FIRST_FORMAT_YEAR - 1, -1),
            "format": format_id.value,
            "formats": [f.value for f in FormatId],
            "columns": APPLICANT_COLUMNS,
            "rows": rows,
            "charts": [
                figure(trends.monthly_intake(agency, year)),
                figure(trends.outcome_mix(agency, year)),
                figure(trends.on_time_rate(agency, year)),
                figure(trends.overdue_by_handler(agency, today)),
            ],
        },
    )
