"""Import and export of the agency hierarchy (`gongkai agency import|export`).

A file (CSV in UTF-8, or XLSX: the first sheet) has the columns
`code,name,parent_code,level,division_code`; level is one of 省 市 县 乡 部门 (or empty),
division_code the 6-digit 行政区划代码 (or empty). An import is all-or-nothing and
idempotent: every bad row is named, and nothing is written unless every row is good;
an agency already there is updated, so importing the same file twice changes nothing.
A parent may be in the file (before or after its children) or already in the database.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from gongkai.errors import GongkaiError
from gongkai_web.agencies.models import Agency, Level

COLUMNS = ("code", "name", "parent_code", "level", "division_code")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DIVISION = re.compile(r"^\d{6}$")


class HierarchyFileError(GongkaiError):
    """A hierarchy file that cannot be imported: every bad row, one line each."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{source}: " + "\n".join(problems))


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    name: str
    parent_code: str
    level: str
    division_code: str


def read_rows(path: Path) -> list[Row]:
    """Read the rows of a CSV or XLSX hierarchy file.

    Raises:
        HierarchyFileError: unreadable, or the header is not the five columns.
    """
    try:
        if path.suffix.lower() == ".xlsx":
            table = _xlsx_rows(path)
        else:
            text = path.read_bytes().decode("utf-8-sig")
            table = [row for row in csv.reader(io.StringIO(text))]
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise HierarchyFileError(str(path), [f"cannot read the file ({exc})"]) from exc
    if not table:
        raise HierarchyFileError(str(path), ["the file is empty"])
    header = [cell.strip() for cell in table[0]]
    if tuple(header[: len(COLUMNS)]) != COLUMNS:
        raise HierarchyFileError(
            str(path),
            [
                f"line 1: the header must be {','.join(COLUMNS)} (got {','.join(header)})"
            ],
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = [c.strip() for c in cells] + [""] * len(COLUMNS)
        if not any(values):
            continue
        rows.append(Row(number, *values[: len(COLUMNS)]))
    return rows


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    return [
        ["" if v is None else str(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def check_rows(rows: list[Row]) -> list[str]:
    """Return every problem of the rows, each naming its line."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    known = set(Agency.objects.values_list("code", flat=True))
    parents = {r.code: r.parent_code for r in rows}
    levels = {choice.value for choice in Level}
    for row in rows:
        where = f"line {row.line} ({row.code or 'no code'})"
        if not _CODE.match(row.code):
            problems.append(f"{where}: code must be lowercase letters, digits, - or _")
        if row.code in seen:
            problems.append(f"{where}: code already on line {seen[row.code]}")
        seen.setdefault(row.code, row.line)
        if not row.name:
            problems.append(f"{where}: name is empty")
        if row.level and row.level not in levels:
            problems.append(f"{where}: level must be one of {' '.join(sorted(levels))}")
        if row.division_code and not _DIVISION.match(row.division_code):
            problems.append(f"{where}: division_code must be 6 digits")
        if row.parent_code == row.code and row.code:
            problems.append(f"{where}: an agency cannot be its own parent")
        elif row.parent_code and row.parent_code not in parents | dict.fromkeys(known):
            problems.append(
                f"{where}: parent_code {row.parent_code} is not in the file "
                "nor an agency"
            )
    for row in rows:
        code, steps = row.parent_code, 0
        while code and code in parents and steps <= len(rows):
            if code == row.code:
                problems.append(f"line {row.line} ({row.code}): parents form a cycle")
                break
            code, steps = parents[code], steps + 1
    return problems


def import_hierarchy(path: Path) -> tuple[int, int]:
    """Import a hierarchy file; return (created, updated).

    Raises:
        HierarchyFileError: every bad row; nothing was written.
    """
    rows = read_rows(path)
    problems = check_rows(rows)
    if problems:
        raise HierarchyFileError(str(path), problems)
    created = updated = 0
    with transaction.atomic():
        agencies: dict[str, Agency] = {}
        for row in rows:
            agency = Agency.objects.filter(code=row.code).first()
            if agency is None:
                agency, created = Agency(code=row.code), created + 1
            else:
                updated += 1
            agency.name = row.name
            agency.level = row.level
            agency.division_code = row.division_code
            agency.save()
            agencies[row.code] = agency
        for row in rows:
            agency = agencies[row.code]
            parent = agencies.get(row.parent_code) or (
                Agency.objects.get(code=row.parent_code) if row.parent_code else None
            )
            if agency.parent_id != (parent.pk if parent else None):
                agency.parent = parent
                agency.save(update_fields=["parent"])
    return created, updated


def export_rows() -> list[list[str]]:
    """The header and one row per agency, parents before their children."""
    out = [list(COLUMNS)]
    for agency in ordered(Agency.objects.select_related("parent")):
        out.append(
            [
                agency.code,
                agency.name,
                agency.parent.code if agency.parent else "",
                agency.level,
                agency.division_code,
            ]
        )
    return out


def ordered(agencies: object) -> list[Agency]:
    """Agencies in tree order: each parent before its children, siblings by code."""
    every = sorted(agencies, key=lambda a: a.code)  # type: ignore[call-overload]
    children: dict[int | None, list[Agency]] = {}
    ids = {a.pk for a in every}
    for agency in every:
        key = agency.parent_id if agency.parent_id in ids else None
        children.setdefault(key, []).append(agency)
    out: list[Agency] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        agency = stack.pop()
        out.append(agency)
        stack.extend(reversed(children.get(agency.pk, [])))
    return out


def export_hierarchy(path: Path) -> int:
    """Write the hierarchy to a CSV or XLSX file; return the number of agencies."""
    rows = export_rows()
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return len(rows) - 1


def below(agency: Agency) -> list[Agency]:
    """The agency and every agency below it."""
    out, frontier = [agency], [agency.pk]
    while frontier:
        found = list(Agency.objects.filter(parent_id__in=frontier).order_by("code"))
        out += found
        frontier = [a.pk for a in found]
    return out
