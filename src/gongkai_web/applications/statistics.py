"""Section 三 counted by the database (ledger.md "Rules"), and the cases behind each cell.

`applications_table` runs one grouped query (per applicant type and outcome, with
conditional counts for the four kinds of row) and assembles the table from at most
6 × 22 groups, never from the cases themselves. It must equal the pure reference count
`gongkai.statistics.applications_table` on the same cases (tested). `cell_cases` is the
filter of one cell, so every number links to the cases it counts.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from gongkai.annual import format_for_year
from gongkai.errors import InvalidInput
from gongkai.report.formats import APPLICANT_TYPES, FORMATS, FormatId
from gongkai.report.model import APPLICATIONS_MODELS, TableModel
from gongkai.vocabulary import Outcome, outcome_for_format
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application

COLUMN_IDS = [column.id for column in APPLICANT_TYPES]
STOCK_ROWS = ("new_received", "carried_over", "total", "carried_forward")


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def counted_in(agency: Agency, year: int) -> QuerySet[Application]:
    """Return the cases the table of `year` can count: received by its end, not closed before."""
    start, end = _bounds(year)
    return Application.objects.filter(agency=agency, received__lte=end).filter(
        Q(reply_date__isnull=True) | Q(reply_date__gte=start)
    )


def applications_table(
    agency: Agency, year: int, format: FormatId | str | None = None
) -> TableModel:
    """Return the `applications` table of an agency's year, counted in one query.

    `format` defaults to the official format of the year (`format_for_year`).

    Raises:
        InvalidInput: for a year before 2019, which has no official table.
    """
    year_format = format_for_year(year)
    format_id = FormatId(format) if format else year_format
    spec = FORMATS[format_id]
    start, end = _bounds(year)
    groups = (
        counted_in(agency, year)
        .values("applicant_type", "outcome")
        .annotate(
            new_received=Count("pk", filter=Q(received__gte=start)),
            carried_over=Count("pk", filter=Q(received__lt=start)),
            closed=Count("pk", filter=Q(reply_date__lte=end)),
            carried_forward=Count(
                "pk", filter=Q(reply_date__isnull=True) | Q(reply_date__gt=end)
            ),
        )
        .order_by()
    )
    counts = {row.id: [0] * len(COLUMN_IDS) for row in spec.applications}
    for group in groups:
        column = COLUMN_IDS.index(group["applicant_type"])
        counts["new_received"][column] += group["new_received"]
        counts["carried_over"][column] += group["carried_over"]
        counts["carried_forward"][column] += group["carried_forward"]
        if group["outcome"] and group["closed"]:
            row_id = outcome_for_format(Outcome(group["outcome"]), format_id).value
            counts[row_id][column] += group["closed"]
            counts["total"][column] += group["closed"]
    data = {row_id: [*cells, sum(cells)] for row_id, cells in counts.items()}
    return APPLICATIONS_MODELS[format_id].model_validate(data)


def outcomes_in_row(row_id: str, format_id: FormatId) -> list[str]:
    """Return the stored outcomes a row of `format_id` counts (2019 `other` has four)."""
    return [
        o.value for o in Outcome if outcome_for_format(o, format_id).value == row_id
    ]


def cell_cases(
    agency: Agency, year: int, format_id: FormatId, row_id: str, column_id: str
) -> QuerySet[Application]:
    """Return the cases one cell of the table counts.

    Raises:
        InvalidInput: for a row or column the format does not have, or a year before
            2019.
    """
    format_for_year(year)
    spec = FORMATS[format_id]
    has_row = any(r.id == row_id for r in spec.applications)
    if not has_row or column_id not in (*COLUMN_IDS, "total"):
        raise InvalidInput(
            f"{format_id.value}版统计表没有单元格 {row_id!r}/{column_id!r} "
            f"(no cell {row_id!r}/{column_id!r} in the {format_id.value} table)"
        )
    start, end = _bounds(year)
    cases = counted_in(agency, year)
    if column_id != "total":
        cases = cases.filter(applicant_type=column_id)
    if row_id == "new_received":
        return cases.filter(received__gte=start)
    if row_id == "carried_over":
        return cases.filter(received__lt=start)
    if row_id == "carried_forward":
        return cases.filter(Q(reply_date__isnull=True) | Q(reply_date__gt=end))
    closed = cases.filter(reply_date__lte=end).exclude(outcome="")
    if row_id == "total":
        return closed
    return closed.filter(outcome__in=outcomes_in_row(row_id, format_id))
