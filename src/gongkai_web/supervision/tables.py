"""A collected report drawn as its official tables, with the findings and the
corrections marked on their cells.

The tables come from the renderers' layout grids (`gongkai.render.layout`, through
`render.document.report_sections`), so the page shows the same merged cells as the HTML
renderer. A cell a finding falls on gets a class by severity, a `title` with the
messages and a numbered marker linking to the finding in the list (not colour only); a
corrected cell shows the printed value struck through and the corrected one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gongkai.render.document import report_sections
from gongkai.render.layout import Grid, GridCell, Role, RowKind
from gongkai.report.model import AnnualReport
from gongkai_web.supervision.cells import cell_key

SEVERITY_ORDER = ("error", "warning", "info")
_SCOPES = {
    Role.BLOCK_TITLE: "colgroup",
    Role.COLUMN_GROUP: "colgroup",
    Role.COLUMN: "col",
    Role.ROW_GROUP: "row",
    Role.ROW: "row",
}


@dataclass(frozen=True)
class Mark:
    """A finding as the page numbers it: `number` is its place in the list."""

    number: int
    severity: str
    rule: str
    path: str
    message: str


@dataclass(frozen=True)
class Overlay:
    """The current correction of a cell: printed value, corrected value, why."""

    printed: str
    corrected: str
    reason: str


def severity_label(severity: str) -> str:
    return {"error": _("错误"), "warning": _("提醒"), "info": _("提示")}[severity]


def _keys(marks: Sequence[Mark]) -> dict[str, list[Mark]]:
    by_key: dict[str, list[Mark]] = defaultdict(list)
    for mark in marks:
        key = cell_key(mark.path)
        if key is not None:
            by_key[key].append(mark)
    return by_key


def _row_of(field: str) -> str:
    table, _dot, rest = field.partition(".")
    return f"{table}.{rest.split('[')[0].split('.')[0]}"


def report_tables(
    report: AnnualReport,
    marks: Sequence[Mark],
    overlays: dict[str, Overlay],
    *,
    link: str = "",
) -> SafeString:
    """The report's sections 二 三 四 as HTML tables (the other sections as text).

    With `link`, each number is a link to `link` + the cell's path (the aggregate's
    drill-down to the agencies' cells).
    """
    by_key = _keys(marks)
    parts: list[str] = []
    for section in report_sections(report):
        parts.append(
            f'<section class="report-section" id="section-{section.key}">'
            f"<h3>{escape(section.heading)}</h3>"
        )
        parts += [f"<p>{escape(text)}</p>" for text in section.paragraphs]
        if section.table is not None:
            on_table = by_key.get(section.table, [])
            if on_table:
                parts.append(
                    '<p class="table-findings">'
                    + " ".join(_marker(m) + escape(m.message) for m in on_table)
                    + "</p>"
                )
            if section.grid is None:
                parts.append(f'<p class="missing">{escape(_("本报告未包含此表"))}</p>')
            else:
                parts.append(_table(section.grid, by_key, overlays, link))
        parts.append("</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def _table(
    grid: Grid,
    by_key: dict[str, list[Mark]],
    overlays: dict[str, Overlay],
    link: str = "",
) -> str:
    lines = [
        f'<table class="report-table {grid.table}" data-table="{grid.table}">',
        f"<caption>{escape(grid.heading)}</caption>",
    ]
    group = ""
    for row in grid.rows:
        name = (
            "thead"
            if row.kind is RowKind.HEAD and grid.table != "proactive"
            else "tbody"
        )
        if name != group or (grid.table == "proactive" and row.kind is RowKind.TITLE):
            if group:
                lines.append(f"</{group}>")
            lines.append(f"<{name}>")
            group = name
        cells = "".join(_cell(c, by_key, overlays, link) for c in row.cells)
        lines.append(f"<tr>{cells}</tr>")
    lines.append(f"</{group}></table>")
    return "".join(lines)


def _marker(mark: Mark) -> str:
    label = severity_label(mark.severity)
    return (
        f'<a class="marker marker-{mark.severity}" href="#finding-{mark.number}">'
        f'<span class="visually-hidden">{escape(label)} </span>'
        f"{mark.number}</a>"
    )


def _cell(
    cell: GridCell,
    by_key: dict[str, list[Mark]],
    overlays: dict[str, Overlay],
    link: str = "",
) -> str:
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    text = escape(cell.text)
    if cell.role is Role.CORNER:
        return f'<td class="corner"{spans}>{text}</td>'
    if cell.role is not Role.NUMBER:
        css = "row" if cell.role is Role.ROW else cell.role.value.replace("_", "-")
        return f'<th class="{css}" scope="{_SCOPES[cell.role]}"{spans}>{text}</th>'
    field = cell.field or ""
    found = by_key.get(field, []) + by_key.get(_row_of(field), [])
    classes = ["number"]
    titles = []
    body = text
    if link and field:
        body = f'<a href="{escape(link + quote(field))}#breakdown">{text}</a>'
    overlay = overlays.get(field)
    if overlay is not None:
        classes.append("corrected")
        titles.append(
            _("督查更正：原值 %(old)s，更正为 %(new)s（%(why)s）")
            % {"old": overlay.printed, "new": overlay.corrected, "why": overlay.reason}
        )
        body = (
            f'<del title="{escape(_("报告原值"))}">{escape(overlay.printed)}</del> '
            f'<ins title="{escape(_("更正值"))}">{escape(overlay.corrected)}</ins>'
        )
    if found:
        worst = min(found, key=lambda m: SEVERITY_ORDER.index(m.severity))
        classes += ["finding", f"finding-{worst.severity}"]
        titles += [
            f"{severity_label(m.severity)} {m.number}：{m.message}" for m in found
        ]
        body += "".join(_marker(m) for m in found)
    title = f' title="{escape(chr(10).join(titles))}"' if titles else ""
    return (
        f'<td class="{" ".join(classes)}" data-field="{escape(field)}"'
        f"{spans}{title}>{body}</td>"
    )


def cell_choices(report: AnnualReport) -> list[tuple[str, str]]:
    """Every number cell as (path, "row · column") for the correction form."""
    choices = []
    for section in report_sections(report):
        grid = section.grid
        if grid is None:
            continue
        for row in grid.rows:
            labels = grid.column_labels(row.block)
            for cell in row.cells:
                if cell.role is Role.NUMBER and cell.field:
                    column = labels[cell.col - grid.label_columns]
                    choices.append((cell.field, f"{row.label or ''} · {column}"))
    return choices
