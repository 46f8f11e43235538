"""What a supervisor hands on: the findings as XLSX, the aggregate in every format, and
a DOCX draft of the 通报 (the notice on the check of a region's annual reports).

- `findings_xlsx`: one row per finding, Chinese headers (序号 机关代码 机关名称 年度 严重程度
  规则 位置 问题说明); text cells are text, never formulas;
- `compilation_report` / `render_compilation`: the aggregate as a report whose section 一
  carries the note on the agencies summed, missing or excluded (so every renderer of
  `gongkai.render` prints it), rendered by name (`html` `md` `docx` `xlsx` `pdf`) or as
  the JSON record (`json`);
- `notice_docx`: 关于{region}{year}年度政府信息公开工作年度报告检查情况的通报 — 基本情况
  with the counts, 发现的主要问题 per agency in plain Chinese, 整改要求 with a deadline
  left blank for the supervisor, 落款 and date (blank when not given: the core never
  asks for today).
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.errors import InvalidInput
from gongkai.render import RENDERERS
from gongkai.render.docx import _set_up_page, _set_up_styles, add_font_fallbacks
from gongkai.report.model import AnnualReport
from gongkai.supervision.compile import Compilation
from gongkai.supervision.findings import Severity, SupervisionFinding
from gongkai.text import printable

FINDING_HEADERS = (
    "序号",
    "机关代码",
    "机关名称",
    "年度",
    "严重程度",
    "规则",
    "位置",
    "问题说明",
)
FINDING_WIDTHS = (6, 14, 30, 8, 10, 34, 34, 90)
COMPILATION_FORMATS = ("json", *RENDERERS)
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_NOT_COLLECTED = "report.not_collected"


def findings_xlsx(
    findings: Sequence[SupervisionFinding], names: Mapping[str, str] | None = None
) -> bytes:
    """Return the findings as a workbook: one row per finding under Chinese headers.

    `names` maps agency codes to names (an agency not in it gets an empty name).
    """
    names = names or {}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "问题清单"
    sheet.append(FINDING_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, f in enumerate(findings, start=1):
        values: tuple[Any, ...] = (
            number,
            f.agency,
            names.get(f.agency, ""),
            f.year,
            f.severity.label,
            f.rule,
            f.path or "",
            f.message_zh,
        )
        sheet.append(
            [printable(v) if isinstance(v, str) else v for v in values]  # no \x01
        )
        for cell in sheet[number + 1]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a message starting with = stays text
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column == 8)
    for index, width in enumerate(FINDING_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def compilation_report(compilation: Compilation) -> AnnualReport:
    """Return the aggregate with its note (who was summed, missing, excluded) as the
    text of section 一 and a title saying it is the region's aggregate.

    Raises:
        InvalidInput: no agency's report of the year could be summed.
    """
    report = compilation.report
    if report is None:
        raise InvalidInput(
            "no report of the year could be summed: "
            + compilation.note("en").replace("\n", "; ")
        )
    note = compilation.note()
    return report.model_copy(
        update={
            "title": f"{report.agency}{report.year}年政府信息公开工作年度报告（汇总）",
            "sections": {**(report.sections or {}), "1": note},
        }
    )


def render_compilation(compilation: Compilation, to: str) -> bytes:
    """Return the aggregate in format `to`: `json` (the record of `supervise compile`)
    or a renderer's name (html, md, docx, xlsx, pdf).

    Raises:
        InvalidInput: `to` names no format, or no report could be summed.
        RendererUnavailable: PDF without LibreOffice.
    """
    if to == "json":
        text = json.dumps(compilation.to_data(), ensure_ascii=False, indent=1)
        return (text + "\n").encode("utf-8")
    if to not in RENDERERS:
        raise InvalidInput(
            f"unknown output format {to!r}; expected one of "
            f"{', '.join(COMPILATION_FORMATS)}"
        )
    return RENDERERS[to](compilation_report(compilation))


@dataclass(frozen=True)
class NoticeFacts:
    """What the notice counts: the agencies expected and what was collected of them."""

    region: str  # the region's name, as in the title
    year: int
    expected: Sequence[str]  # agency codes
    collected: Sequence[str]  # codes of the agencies with a report of the year
    late: Sequence[str] = ()  # codes published after 31 January
    undated: Sequence[str] = ()  # codes whose publication date is unknown
    issuer: str = ""  # 落款; default: {region}办公室 / {region}人民政府办公室
    issued_on: date | None = None  # blank date line when None

    @property
    def signed_by(self) -> str:
        if self.issuer:
            return self.issuer
        if self.region.endswith("人民政府"):
            return f"{self.region}办公室"
        return f"{self.region}人民政府办公室"


def notice_title(region: str, year: int) -> str:
    return f"关于{region}{year}年度政府信息公开工作年度报告检查情况的通报"


_NUMERALS = "一二三四五六七八九十"


def _ordinal(number: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (the （一） numbering of a notice)."""
    if number <= 10:
        return _NUMERALS[number - 1]
    tens, units = divmod(number, 10)
    head = "十" if tens == 1 else f"{_NUMERALS[tens - 1]}十"
    return head + (_NUMERALS[units - 1] if units else "")


def notice_docx(
    facts: NoticeFacts,
    findings: Sequence[SupervisionFinding],
    names: Mapping[str, str] | None = None,
) -> bytes:
    """Return the DOCX draft of the 通报 on the check of the region's reports."""
    names = names or {}
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)
    add_font_fallbacks(document)
    title = notice_title(facts.region, facts.year)
    document.core_properties.title = title[:255]
    document.core_properties.language = "zh-CN"
    document.add_paragraph(title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    lead = document.add_paragraph("各有关单位：")
    lead.paragraph_format.first_line_indent = 0
    document.add_paragraph(
        f"根据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定，"
        f"现将{facts.region}{facts.year}年度政府信息公开工作年度报告检查情况通报如下。"
    )
    document.add_paragraph("一、基本情况", style="Heading 1")
    document.add_paragraph(_summary(facts, findings))
    document.add_paragraph("二、发现的主要问题", style="Heading 1")
    for paragraph in _problems(facts, findings, names):
        document.add_paragraph(paragraph)
    document.add_paragraph("三、整改要求", style="Heading 1")
    for paragraph in _requirements(facts):
        document.add_paragraph(paragraph)
    day = facts.issued_on
    dated = f"{day.year}年{day.month}月{day.day}日" if day else "    年  月  日"
    for line in ("", facts.signed_by, dated):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _summary(facts: NoticeFacts, findings: Sequence[SupervisionFinding]) -> str:
    collected = set(facts.collected)
    missing = [c for c in facts.expected if c not in collected]
    late, undated = len(facts.late), len(facts.undated)
    on_time = len(collected) - late - undated
    counts = {s: 0 for s in Severity}
    agencies = set()
    for f in findings:
        if f.rule == _NOT_COLLECTED:
            continue
        counts[f.severity] += 1
        if f.severity is not Severity.INFO:
            agencies.add(f.agency)
    return (
        f"本次共检查{len(facts.expected)}个机关的{facts.year}年度政府信息公开工作年度报告，"
        f"收集到{len(collected)}份，未收集到{len(missing)}份；"
        f"按时（次年1月31日前）公布{on_time}份，逾期公布{late}份，"
        f"公布日期不详{undated}份。"
        f"检查发现错误{counts[Severity.ERROR]}处、需提醒的问题{counts[Severity.WARNING]}处、"
        f"需核实的情况{counts[Severity.INFO]}处，错误和提醒涉及{len(agencies)}个机关。"
    )


def _problems(
    facts: NoticeFacts,
    findings: Sequence[SupervisionFinding],
    names: Mapping[str, str],
) -> list[str]:
    by_agency: dict[str, list[SupervisionFinding]] = defaultdict(list)
    missing: list[str] = []
    for f in findings:
        if f.rule == _NOT_COLLECTED:
            missing.append(f.agency)
        else:
            by_agency[f.agency].append(f)
    paragraphs: list[str] = []
    number = 0
    if missing:
        number += 1
        shown = "、".join(names.get(c, c) for c in dict.fromkeys(missing))
        paragraphs.append(
            f"（{_ordinal(number)}）未收集到年度报告的机关：{shown}。"
            "请于整改期限内在本机关门户网站公布年度报告并报送。"
        )
    for code in sorted(by_agency, key=lambda c: _worst(by_agency[c]) + (c,)):
        items = sorted(by_agency[code], key=lambda f: _SEVERITY_ORDER[f.severity])
        number += 1
        paragraphs.append(f"（{_ordinal(number)}）{names.get(code, code)}")
        for index, f in enumerate(items, start=1):
            paragraphs.append(f"{index}. {f.severity.label}：{printable(f.message_zh)}")
    if not paragraphs:
        paragraphs.append("本次检查未发现问题。")
    return paragraphs


def _worst(items: list[SupervisionFinding]) -> tuple[int]:
    return (min(_SEVERITY_ORDER[f.severity] for f in items),)


def _requirements(facts: NoticeFacts) -> list[str]:
    return [
        "请上述机关对照本通报指出的问题逐项核实整改：数据错误或表格缺失的，"
        "应当发布更正后的年度报告并说明更正情况；页面被篡改的，应当立即删除有关内容、"
        "排查网站安全隐患；逾期或未公布年度报告的，应当尽快公布。",
        f"请于____年__月__日前将整改情况书面报送{facts.signed_by}。",
    ]
