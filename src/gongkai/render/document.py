"""The parts of a report around its tables: title, facts, the six sections and their text.

`report_sections` gives every renderer the same sequence: the six headings of the format
(`formats.SECTION_HEADINGS`), the text of sections 一, 五 and 六 when the report has it, and
the grid of each table of sections 二, 三 and 四 (None when the report lacks the table,
which renderers print as 本报告未包含此表).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.render.layout import Grid, format_number, table_grid
from gongkai.report.formats import FORMATS, SECTION_HEADINGS, TABLES, FormatId
from gongkai.report.model import AnnualReport
from gongkai.text import printable

MISSING_TABLE = "本报告未包含此表"
TITLE_SUFFIX = "年政府信息公开工作年度报告"


def printable_report(report: AnnualReport) -> AnnualReport:
    """Return `report` with the control characters of its free text removed.

    Stored text may hold characters no DOCX or XLSX can carry (a `\x01` pasted into
    section 一); every renderer starts from this copy so none fails on them.
    """
    update: dict[str, object] = {"agency": printable(report.agency)}
    if report.title is not None:
        update["title"] = printable(report.title)
    if report.source_url is not None:
        update["source_url"] = printable(report.source_url)
    if report.sections is not None:
        update["sections"] = {k: printable(v) for k, v in report.sections.items()}
    return report.model_copy(update=update)


def report_title(report: AnnualReport) -> str:
    """Return the printed title, or `{agency}{year}年政府信息公开工作年度报告`."""
    return report.title or f"{report.agency}{report.year}{TITLE_SUFFIX}"


def format_name(format_id: FormatId | None) -> str:
    if format_id is None:
        return f"无（非{'、'.join(FORMATS)}年格式）"
    return f"{format_id.value}（{format_id.label}）"


def report_facts(report: AnnualReport) -> tuple[tuple[str, str, str], ...]:
    """Return (key, 中文 label, value) for the report's own data beside the tables."""
    scope = {"agency": "本机关", "aggregate": "汇总"}
    facts = [
        ("title", "标题", report_title(report)),
        ("agency", "机关名称", report.agency),
        ("year", "统计年度", str(report.year)),
        ("format", "报告格式", format_name(report.format)),
    ]
    if report.published_on is not None:
        facts.append(("published_on", "发布日期", report.published_on.isoformat()))
    if report.scope is not None:
        facts.append(("scope", "报告范围", scope[report.scope]))
    if report.source_url is not None:
        facts.append(("source_url", "原文地址", report.source_url))
    if report.information_fee_yuan is not None:
        fee = format_number(report.information_fee_yuan)
        facts.append(("information_fee_yuan", "信息处理费（元）", fee))
    return tuple(facts)


def fee_sentence(report: AnnualReport) -> str | None:
    """Return the section 六 sentence on the 信息处理费, when the report states it."""
    if report.information_fee_yuan is None:
        return None
    return f"本年度收取信息处理费{format_number(report.information_fee_yuan)}元。"


def section_paragraphs(report: AnnualReport, key: str) -> tuple[str, ...]:
    """Return the non-blank lines of the text of section "1", "5" or "6", if any."""
    sections = {str(k): v for k, v in (report.sections or {}).items()}
    text = sections.get(key, "")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class Section:
    key: str  # "1" … "6"
    heading: str
    table: str | None  # the table id of sections 二 三 四
    grid: Grid | None  # None for a text section, or a table the report does not contain
    paragraphs: tuple[str, ...]


def report_sections(report: AnnualReport) -> tuple[Section, ...]:
    """Return the six sections in order, each with its text or its table grid."""
    tables = {spec.heading: table_id for table_id, spec in TABLES.items()}
    sections = []
    for key, heading in SECTION_HEADINGS.items():
        table = tables.get(heading)
        grid = table_grid(report, table) if table else None
        paragraphs = section_paragraphs(report, key)
        if key == "6":
            fee = fee_sentence(report)
            paragraphs += (fee,) if fee else ()
        sections.append(Section(key, heading, table, grid, paragraphs))
    return tuple(sections)
