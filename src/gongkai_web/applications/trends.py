"""The numbers behind the dashboard's and the statistics page's charts: monthly
intake, outcome mix, on-time rate and overdue cases by handler, of one agency."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from gongkai.vocabulary import Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application
from gongkai_web.charts import Chart
from gongkai_web.language import label, without_counting_note


def monthly_intake(agency: Agency, year: int) -> Chart:
    """Return the applications received in each month of `year`."""
    counts = dict(
        Application.objects.filter(agency=agency, received__year=year)
        .annotate(month=ExtractMonth("received"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    return Chart(
        _("%(year)s 年每月收到申请") % {"year": year},
        [(_("%(m)s月") % {"m": m}, counts.get(m, 0)) for m in range(1, 13)],
        unit=_("件"),
        column_label=_("月份"),
        value_label=_("件数"),
    )


def outcome_mix(agency: Agency, year: int) -> Chart:
    """Return the cases closed in `year` by outcome, largest first."""
    rows = (
        Application.objects.filter(agency=agency, reply_date__year=year)
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("id"))
        .order_by("-n", "outcome")
        .values_list("outcome", "n")
    )
    return Chart(
        _("%(year)s 年办结的办理结果") % {"year": year},
        [(short_outcome(value), n) for value, n in rows],
        unit=_("件"),
        column_label=_("办理结果"),
        value_label=_("件数"),
    )


def short_outcome(value: str) -> str:
    """Return an outcome's label without the report's counting note in brackets."""
    return label("outcome", value, without_counting_note(Outcome(value).label))


def on_time_rate(agency: Agency, year: int) -> Chart:
    """Return, per month of `year`, the share of cases answered by their due date."""
    closed = Application.objects.filter(
        agency=agency, reply_date__year=year, due_date__isnull=False
    ).annotate(month=ExtractMonth("reply_date"))
    per_month = {
        row["month"]: row
        for row in closed.values("month").annotate(
            total=Count("id"),
            on_time=Count("id", filter=Q(reply_date__lte=F("due_date"))),
        )
    }
    bars = []
    for month in range(1, 13):
        row = per_month.get(month)
        if row and row["total"]:
            bars.append(
                (_("%(m)s月") % {"m": month}, 100.0 * row["on_time"] / row["total"])
            )
    return Chart(
        _("%(year)s 年按期答复率") % {"year": year},
        bars,
        unit="%",
        column_label=_("月份"),
        value_label=_("按期答复率"),
    )


def overdue_by_handler(agency: Agency, today: date) -> Chart:
    """Return the open cases past their due date on `today`, by handler."""
    rows = (
        Application.objects.filter(agency=agency, is_open=True, due_date__lt=today)
        .values_list("handler__username")
        .annotate(n=Count("id"))
        .order_by("-n", "handler__username")
        .values_list("handler__username", "n")
    )
    return Chart(
        _("已超期案件（按承办人）"),
        [(name or _("未分派"), n) for name, n in rows],
        unit=_("件"),
        column_label=_("承办人"),
        value_label=_("件数"),
    )
