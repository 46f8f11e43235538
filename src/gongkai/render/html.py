"""Render a report as one self-contained HTML page in the official table layouts.

The page is UTF-8, `lang="zh-CN"`, with its CSS embedded, so it can be published or
archived as a single file. Tables are real `<table>`s with the rowspan/colspan of the
format notices, drawn from `render.layout`. The output depends on the report only
(golden tests compare it byte for byte).
"""

from __future__ import annotations

from html import escape

from gongkai.render.document import (
    MISSING_TABLE,
    Section,
    printable_report,
    report_facts,
    report_sections,
    report_title,
)
from gongkai.render.layout import (
    Grid,
    GridCell,
    GridRow,
    Role,
    RowKind,
)
from gongkai.report.model import AnnualReport

CSS = """\
body { margin: 0; background: #f4f4f4; color: #000;
  font-family: "FangSong", "仿宋_GB2312", "仿宋", "STFangsong", "Noto Serif CJK SC",
    serif; }
main { box-sizing: border-box; max-width: 210mm; margin: 0 auto; background: #fff;
  padding: 25mm 26mm 25mm 28mm; font-size: 16pt; line-height: 1.75; }
h1 { margin: 0 0 1.5em; text-align: center; font-weight: normal; font-size: 22pt;
  line-height: 1.5; font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun",
    "宋体", "Noto Serif CJK SC", serif; }
h2 { margin: 1em 0 0.5em; font-weight: normal; font-size: 16pt;
  font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; }
p { margin: 0; text-indent: 2em; }
p.missing { text-indent: 0; text-align: center; border: 1px dashed #000;
  padding: 0.5em; }
p.signature { margin-top: 2em; text-indent: 0; text-align: right; }
table { width: 100%; border-collapse: collapse; table-layout: fixed;
  font-size: 10.5pt; line-height: 1.4; margin: 0.5em 0 1em; }
th, td { border: 1px solid #000; padding: 0.3em 0.2em; text-align: center;
  vertical-align: middle; font-weight: normal; word-break: break-all; }
th.row { text-align: left; padding-left: 0.4em; }
td.corner { text-align: left; padding: 0.4em; }
td.number { font-variant-numeric: tabular-nums; }
caption { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media print { body { background: #fff; } main { padding: 0; max-width: none; } }
"""

_SCOPES = {
    Role.BLOCK_TITLE: "colgroup",
    Role.COLUMN_GROUP: "colgroup",
    Role.COLUMN: "col",
    Role.ROW_GROUP: "row",
    Role.ROW: "row",
}


def render_html(report: AnnualReport) -> bytes:
    """Return the report as a complete HTML document, UTF-8 encoded."""
    report = printable_report(report)
    title = escape(report_title(report))
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        *(
            f'<meta name="gongkai:{key}" content="{escape(value)}">'
            for key, _, value in report_facts(report)
        ),
        f"<style>\n{CSS}</style>",
        "</head>",
        "<body>",
        '<main class="report">',
        f"<h1>{title}</h1>",
    ]
    for section in report_sections(report):
        lines += _section(section)
    lines += _signature(report)
    lines += ["</main>", "</body>", "</html>", ""]
    return "\n".join(lines).encode("utf-8")


def _section(section: Section) -> list[str]:
    lines = [
        f'<section id="section-{section.key}">',
        f"<h2>{escape(section.heading)}</h2>",
    ]
    lines += [f"<p>{escape(text)}</p>" for text in section.paragraphs]
    if section.table is not None:
        if section.grid is None:
            lines.append(f'<p class="missing">{MISSING_TABLE}</p>')
        else:
            lines += _table(section.grid)
    lines.append("</section>")
    return lines


def _signature(report: AnnualReport) -> list[str]:
    if report.published_on is None:
        return []
    day = report.published_on
    date = f"{day.year}年{day.month}月{day.day}日"
    return [f'<p class="signature">{escape(report.agency)}<br>{date}</p>']


def _table(grid: Grid) -> list[str]:
    fmt = _table_format(grid)
    lines = [
        f'<table class="{grid.table}" data-table="{grid.table}"{fmt}>',
        f"<caption>{escape(grid.heading)}</caption>",
        "<colgroup>",
    ]
    total = sum(grid.column_weights)
    lines += [
        f'<col style="width: {weight * 100 / total:.2f}%">'
        for weight in grid.column_weights
    ]
    lines.append("</colgroup>")
    for group, rows in _row_groups(grid):
        lines.append(f"<{group}>")
        lines += [
            "<tr>" + "".join(_cell(c) for c in row.cells) + "</tr>" for row in rows
        ]
        lines.append(f"</{group}>")
    lines.append("</table>")
    return lines


def _table_format(grid: Grid) -> str:
    """The format id of the table, kept on the element for readers of this page."""
    return f' data-format="{grid.format.value}"' if grid.format else ""


def _row_groups(grid: Grid) -> list[tuple[str, list[GridRow]]]:
    """thead + tbody for 三 and 四; one tbody per 第二十条 block for 二."""
    groups: list[tuple[str, list[GridRow]]] = []
    for row in grid.rows:
        if grid.table == "proactive":
            name = "tbody"
            is_new = not groups or row.kind is RowKind.TITLE
        else:
            name = "thead" if row.kind is RowKind.HEAD else "tbody"
            is_new = not groups or groups[-1][0] != name
        if is_new:
            groups.append((name, []))
        groups[-1][1].append(row)
    return groups


def _cell(cell: GridCell) -> str:
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    text = escape(cell.text)
    if cell.role is Role.NUMBER:
        return f'<td class="number"{spans}>{text}</td>'
    if cell.role is Role.CORNER:
        return f'<td class="corner"{spans}>{text}</td>'
    css = "row" if cell.role is Role.ROW else cell.role.value.replace("_", "-")
    return f'<th class="{css}" scope="{_SCOPES[cell.role]}"{spans}>{text}</th>'
