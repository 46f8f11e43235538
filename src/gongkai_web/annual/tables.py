"""The computed tables of a report as rows for the drafting page, numbers linked.

Every number of sections 三 and 四 links to the list of the cases it counts: section
三 to the applications list filtered by cell (the applications app's `cell_cases`),
section 四 to the register filtered by cell (`litigation.views.cell_url`). Section 二
counts catalog items and entered figures; it links to the catalog and the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from gongkai.litigation import ReviewKind
from gongkai.report.formats import APPLICANT_COLUMNS, FORMATS, REVIEW_COLUMNS, Column
from gongkai.report.model import AnnualReport
from gongkai_web.agencies.models import Agency
from gongkai_web.litigation.views import cell_url


@dataclass(frozen=True)
class LinkedCell:
    label: str
    value: object
    url: str


@dataclass(frozen=True)
class LinkedRow:
    id: str
    label: str
    cells: tuple[LinkedCell, ...]


def proactive_rows(agency: Agency, report: AnnualReport) -> list[LinkedRow]:
    """Section 二: each row with its labelled cells, linked to the catalog or figures."""
    if report.format is None or report.proactive is None:
        return []
    catalog = reverse("catalog:list", kwargs={"code": agency.code})
    counts = (
        reverse("catalog:counts", kwargs={"code": agency.code}) + f"?year={report.year}"
    )
    rows = []
    for row in FORMATS[report.format].proactive_rows:
        cells = report.proactive.row(row.id)
        rows.append(
            LinkedRow(
                row.id,
                row.label,
                tuple(
                    LinkedCell(
                        column.label,
                        cells.cell(column.id),
                        _proactive_link(column, catalog, counts),
                    )
                    for column in row.columns
                ),
            )
        )
    return rows


def _proactive_link(column: Column, catalog: str, counts: str) -> str:
    item_columns = {
        "issued",
        "repealed",
        "in_force",
        "made",
        "published",
        "total_published",
        "previous_items",
        "change",
    }
    return catalog if column.id in item_columns else counts


def applications_rows(agency: Agency, report: AnnualReport) -> list[LinkedRow]:
    """Section 三: every cell linked to the cases it counts."""
    if report.format is None or report.applications is None:
        return []
    cases = reverse("applications:list", kwargs={"code": agency.code})
    rows = []
    for row in FORMATS[report.format].applications:
        values = report.applications.row(row.id)
        rows.append(
            LinkedRow(
                row.id,
                row.full_label,
                tuple(
                    LinkedCell(
                        column.label,
                        value,
                        f"{cases}?"
                        + urlencode(
                            {
                                "cell": f"{row.id}:{column.id}",
                                "year": str(report.year),
                                "format": report.format.value,
                            }
                        ),
                    )
                    for column, value in zip(APPLICANT_COLUMNS, values, strict=True)
                ),
            )
        )
    return rows


def review_rows(agency: Agency, report: AnnualReport) -> list[LinkedRow]:
    """Section 四: every cell linked to the register's cases it counts."""
    if report.review_litigation is None:
        return []
    rows = []
    for kind in ReviewKind:
        values = report.review_litigation.group(kind.value)
        rows.append(
            LinkedRow(
                kind.value,
                kind.label,
                tuple(
                    LinkedCell(
                        column.label,
                        value,
                        cell_url(agency, report.year, kind.value, column.id),
                    )
                    for column, value in zip(REVIEW_COLUMNS, values, strict=True)
                ),
            )
        )
    return rows
