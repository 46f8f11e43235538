"""Render a report as Markdown with GitHub pipe tables.

Pipe tables cannot merge cells, so each merged label is flattened into the full label of
the row or column it covers (`（三）不予公开 1.属于国家秘密`, `法人或其他组织 商业企业`),
taken from the same grids as the HTML, DOCX and XLSX renderers. Section 二 prints one
table per 第二十条 block under the block title. Labels stay verbatim and numbers plain so
the text can be read back into the model.
"""

from __future__ import annotations

import re

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
    GridRow,
    Role,
    RowKind,
)
from gongkai.report.model import AnnualReport

# ASCII punctuation with a meaning in Markdown or HTML (CommonMark allows `\` before any).
MARKUP = re.compile(r"[\\`*_\[\]<>&|#]")


def render_markdown(report: AnnualReport) -> bytes:
    """Return the report as Markdown text, UTF-8 encoded."""
    report = printable_report(report)
    facts = "; ".join(f"{key}={value}" for key, _, value in report_facts(report))
    lines = [
        f"<!-- gongkai: {_comment_safe(facts)} -->",
        "",
        f"# {_escape(report_title(report))}",
    ]
    for section in report_sections(report):
        lines += ["", *_section(section)]
    if report.published_on is not None:
        day = report.published_on
        lines += [
            "",
            _escape(report.agency),
            "",
            f"{day.year}年{day.month}月{day.day}日",
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _comment_safe(text: str) -> str:
    return text.replace("--", "- -")


def _section(section: Section) -> list[str]:
    lines = [f"## {section.heading}"]
    for text in section.paragraphs:
        lines += ["", _escape(text)]
    if section.table is not None:
        lines.append("")
        if section.grid is None:
            lines.append(f"**{MISSING_TABLE}**")
        elif section.table == "proactive":
            lines += _blocks(section.grid)
        else:
            lines += _flat_table(section.grid)
    return lines


def _blocks(grid: Grid) -> list[str]:
    """One pipe table per 第二十条 block: its title as a bold line, then the table."""
    lines: list[str] = []
    for row in grid.rows:
        texts = [cell.text for cell in row.cells]
        if row.kind is RowKind.TITLE:
            lines += ["", f"**{texts[0]}**", ""] if lines else [f"**{texts[0]}**", ""]
        elif row.kind is RowKind.HEAD:
            lines += [_line(texts), _rule(texts)]
        else:
            lines.append(_line(texts))
    return lines


def _flat_table(grid: Grid) -> list[str]:
    """The header rows flattened into one, each body row under its full label."""
    header = list(grid.column_labels())
    if grid.label_columns:
        corner = next(c for c in grid.cells if c.role is Role.CORNER)
        header.insert(0, corner.text)
    lines = [_line(header), _rule(header)]
    for row in grid.rows:
        if row.kind is RowKind.BODY:
            lines.append(_line(_body_texts(row, grid)))
    return lines


def _body_texts(row: GridRow, grid: Grid) -> list[str]:
    numbers = [cell.text for cell in row.cells if cell.role is Role.NUMBER]
    return [row.label or "", *numbers] if grid.label_columns else numbers


def _line(texts: list[str]) -> str:
    return "| " + " | ".join(_escape(text) for text in texts) + " |"


def _rule(texts: list[str]) -> str:
    return "|" + "|".join("---" for _ in texts) + "|"


def _escape(text: str) -> str:
    """Print text literally: Markdown and HTML syntax characters backslash-escaped.

    The official labels hold none of them (their punctuation is full-width), so labels
    stay verbatim; a report's own text (`<b>`, `|`) cannot become markup or break a table.
    """
    return MARKUP.sub(r"\\\g<0>", text).replace("\n", " ")
