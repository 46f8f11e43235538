"""Tables offered for download as CSV or XLSX: the audit log, the filtered case list.

Every app may use this module; it imports none of them. CSV is UTF-8 with a BOM (what
Excel on Chinese Windows opens correctly); a cell that begins like a formula is
prefixed with an apostrophe in both formats, so a spreadsheet never runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook

FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: object) -> object:
    """Return `value` with a leading apostrophe when a spreadsheet would read it as a
    formula; numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_response(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    name: str,
    format_id: str,
) -> HttpResponse:
    """Return `rows` under `headers` as a download `name.csv` or `name.xlsx`.

    Raises:
        ValueError: for a format other than csv and xlsx (the caller checks first).
    """
    if format_id == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else safe_cell(v) for v in row])
        response = HttpResponse(
            ("\ufeff" + text.getvalue()).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
        )
    elif format_id == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(list(headers))
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        data = io.BytesIO()
        book.save(data)
        response = HttpResponse(data.getvalue(), content_type=XLSX_TYPE)
    else:
        raise ValueError(f"unknown table format {format_id!r}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{format_id}"'
    return response
