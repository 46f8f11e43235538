"""Published-report layouts generated from a model: the reader's breadth tests.

Given a report, `render_text(report, style)` prints it as a web page copied to text
would: one cell per line (with or without blank lines, indented by a tab), tab- or
pipe-separated rows, Markdown tables, or cells run together with no separator at all
(tags stripped). Options add what real pages add: blank cells printed as nothing, NBSP,
`-`, `—`, `/` or `无`; traditional characters; full-width digits; labels broken over
two lines; spaces inside labels; page chrome and spam lines. All labels come from
`gongkai.report.formats`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

import opencc

from gongkai.report.codec import report_to_data
from gongkai.report.formats import (
    APPLICANT_COLUMNS,
    APPLICANT_GROUP,
    APPLICATIONS_CORNER,
    FORMATS,
    LITIGATION,
    ORGANISATION_GROUP,
    RESULTS_GROUP,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    SECTION_HEADINGS,
)
from gongkai.report.model import AnnualReport

STYLES = ("lines", "blank_lines", "tab_lines", "tabs", "pipes", "markdown", "glued")
BLANKS = ("", "\u00a0", "-", "—", "/", "无")
CHROME = (
    "首页 > 政务公开 > 政府信息公开年报",
    "扫一扫在手机打开当前页",
    "【字体：大 中 小】 打印本页 关闭窗口",
    "欧洲杯决赛竞猜最新赔率",
    "网站地图 | 联系我们 | 隐私声明",
    "主办单位：某某市人民政府办公室 技术支持：某某网络公司",
)
_S2T = opencc.OpenCC("s2t")
_FULL = str.maketrans("0123456789+-.", "０１２３４５６７８９＋－．")


@dataclass
class Options:
    style: str = "lines"
    blank: str | None = None  # print zero cells as this (None: print 0)
    traditional: bool = False
    fullwidth: bool = False
    wrap: bool = False  # break long labels over two lines
    spaced: bool = False  # spaces inside short labels (规 章)
    chrome: bool = False
    seed: int = 0
    rng: random.Random = field(default_factory=random.Random)


def _number(value: object, options: Options, *, signed: bool = False) -> str:
    if value == 0 and options.blank is not None:
        return options.blank
    if isinstance(value, float | Decimal):
        text = format(Decimal(str(value)), "f")
    else:
        text = str(value)
    if signed and isinstance(value, int) and value > 0 and options.rng.random() < 0.5:
        text = "+" + text
    return text.translate(_FULL) if options.fullwidth else text


def _label(text: str, options: Options) -> str:
    if options.spaced and len(text) <= 6 and options.rng.random() < 0.5:
        text = " ".join(text)
    return text


def _rows(report: AnnualReport, options: Options) -> list[list[str]]:
    """The report's tables as rows of printed cells (label cells first)."""
    data = report_to_data(report)
    spec = FORMATS[report.format] if report.format else None
    rows: list[list[str]] = []
    if data["proactive"] is not None and spec is not None:
        rows.append([SECTION_HEADINGS["2"]])
        for block in spec.proactive:
            rows.append([block.title])
            rows.append(list(block.header))
            for row in block.rows:
                cells = data["proactive"][row.id]
                printed = [_label(row.label, options)]
                for column in row.columns:
                    text = _number(
                        cells[column.id], options, signed=column.id == "change"
                    )
                    if column.id == "amount" and cells.get("amount_unit"):
                        # a unit is printed with its number, never after a blank
                        plain = Options(fullwidth=options.fullwidth)
                        text = _number(cells[column.id], plain) + cells["amount_unit"]
                    printed.append(text)
                rows.append(printed)
    if data["applications"] is not None and spec is not None:
        rows.append([SECTION_HEADINGS["3"]])
        rows.append([APPLICATIONS_CORNER, APPLICANT_GROUP])
        rows.append(
            [
                APPLICANT_COLUMNS[0].label,
                ORGANISATION_GROUP,
                APPLICANT_COLUMNS[-1].label,
            ]
        )
        rows.append([c.label for c in APPLICANT_COLUMNS[1:6]])
        group = None
        for row in spec.applications:
            label = [_label(row.label, options)]
            if row.group and row.group != group:
                label = [row.group, *label]
            if row.is_outcome and row.id == "granted":
                label = [RESULTS_GROUP, *label]
            group = row.group
            values = data["applications"][row.id]
            rows.append(label + [_number(v, options) for v in values])
    if data["review_litigation"] is not None:
        rows.append([SECTION_HEADINGS["4"]])
        rows.append([REVIEW_GROUPS[0].label, LITIGATION])
        rows.append(
            [c.label for c in REVIEW_COLUMNS] + [g.label for g in REVIEW_GROUPS[1:]]
        )
        rows.append([c.label for c in REVIEW_COLUMNS] * 2)
        values = [v for g in REVIEW_GROUPS for v in data["review_litigation"][g.id]]
        rows.append([_number(v, options) for v in values])
    return rows


def _is_label(cell: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in cell)


def render_text(report: AnnualReport, options: Options) -> str:
    """Return the report printed as text in `options.style`."""
    options.rng.seed(options.seed)
    lines = [f"{report.agency}{report.year}年度政府信息公开工作年度报告", ""]
    if options.chrome:
        lines[:0] = [options.rng.choice(CHROME), options.rng.choice(CHROME)]
    lines += [
        SECTION_HEADINGS["1"],
        "本年度，我单位认真贯彻落实《条例》，依法做好政府信息公开工作。",
    ]
    for row in _rows(report, options):
        if len(row) == 1 and row[0] in SECTION_HEADINGS.values():
            lines.append(row[0])
            if options.chrome and options.rng.random() < 0.3:
                lines.append(options.rng.choice(CHROME))
            continue
        lines += _layout(row, options)
    lines += [
        SECTION_HEADINGS["5"],
        "信息公开工作仍存在一些不足。",
        SECTION_HEADINGS["6"],
        "无。",
    ]
    if options.chrome:
        lines += ["", options.rng.choice(CHROME), options.rng.choice(CHROME)]
    text = "\n".join(lines) + "\n"
    if options.traditional:
        text = _S2T.convert(text)
    return text


def _wrapped(cell: str, options: Options) -> list[str]:
    if (
        options.wrap
        and _is_label(cell)
        and len(cell) > 10
        and options.rng.random() < 0.5
    ):
        cut = options.rng.randint(4, len(cell) - 3)
        return [cell[:cut], cell[cut:]]
    return [cell]


def _layout(row: list[str], options: Options) -> list[str]:
    style = options.style
    if style in ("lines", "blank_lines", "tab_lines"):
        out: list[str] = []
        for cell in row:
            for part in _wrapped(cell, options) if _is_label(cell) else [cell]:
                line = ("\t" + part) if style == "tab_lines" else part
                out.append(line)
                if style == "blank_lines":
                    out.append("")
        if style == "tab_lines":
            out.append("")
        return out
    if style == "tabs":
        return ["\t".join(row)]
    if style == "pipes":
        return [" | ".join(row) + " |"]
    if style == "markdown":
        return ["| " + " | ".join(row) + " |", "|" + "---|" * len(row)]
    return ["".join(row)]


AGENCIES = (
    "云梦县人民政府办公室",
    "江北区教育局",
    "安平市生态环境局",
    "石门乡人民政府",
    "西湖街道办事处",
    "临川市人力资源和社会保障局",
)


def report_data(draw_int, format_id: str, *, consistent: bool = True) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Data of a report with numbers from `draw_int(low, high)`; rows add up when
    `consistent` (the outcome rows, totals and balance are then those of the format)."""
    spec = FORMATS[format_id]  # type: ignore[index]
    proactive: dict[str, dict[str, object]] = {}
    for row in spec.proactive_rows:
        cells: dict[str, object] = {}
        for column in row.columns:
            if column.id == "change":
                cells[column.id] = draw_int(-30, 30)
            elif column.kind.value == "decimal":
                cells[column.id] = Decimal(draw_int(0, 999999)) / 100
            else:
                cells[column.id] = draw_int(0, 500)
        if row.id == "procurement":
            cells["amount_unit"] = ("元", "万元", None)[draw_int(0, 2)]
        proactive[row.id] = cells
    applications: dict[str, list[int]] = {}
    outcome = [r.id for r in spec.outcome_rows]
    for row in spec.applications:
        values = [draw_int(0, 3) * draw_int(0, 9) for _ in range(6)]
        applications[row.id] = [*values, sum(values) if consistent else draw_int(0, 60)]
    if consistent:
        total = [sum(applications[r][i] for r in outcome) for i in range(7)]
        applications["total"] = total
        forward = applications["carried_forward"]
        over = applications["carried_over"]
        applications["new_received"] = [
            max(0, total[i] + forward[i] - over[i]) for i in range(7)
        ]
        new = applications["new_received"]
        applications["carried_over"] = [
            total[i] + forward[i] - new[i] for i in range(7)
        ]
    review = {}
    for group in REVIEW_GROUPS:
        values = [draw_int(0, 4) for _ in range(4)]
        review[group.id] = [*values, sum(values) if consistent else draw_int(0, 20)]
    return {
        "agency": AGENCIES[draw_int(0, len(AGENCIES) - 1)],
        "year": draw_int(2019, 2025),
        "format": format_id,
        "proactive": proactive,
        "applications": applications,
        "review_litigation": review,
    }


HTML_STYLES = ("html_table", "html_paragraphs", "html_spans")


def render_html(report: AnnualReport, options: Options) -> str:
    """Return the report as a web page: real tables, one <p> per cell, or cells as
    inline <span>s separated only by the page's whitespace."""
    options.rng.seed(options.seed)
    body = [
        f"<h1>{report.agency}{report.year}年度政府信息公开工作年度报告</h1>",
        f"<p>{SECTION_HEADINGS['1']}</p><p>本年度依法做好政府信息公开工作。</p>",
    ]
    if options.chrome:
        body.insert(
            0, "<div class='nav'>" + "".join(f"<a>{c}</a>" for c in CHROME) + "</div>"
        )
    table: list[str] = []
    for row in _rows(report, options):
        if len(row) == 1 and row[0] in SECTION_HEADINGS.values():
            if table:
                body.append("<table border=1>" + "".join(table) + "</table>")
                table = []
            body.append(f"<h2>{row[0]}</h2>")
            continue
        cells = ["&nbsp;" if c == "\u00a0" else c for c in row]
        if options.style == "html_table":
            table.append(
                "<tr>"
                + "".join(f"<td><p><span>{c}</span></p></td>" for c in cells)
                + "</tr>"
            )
        elif options.style == "html_paragraphs":
            body.append("".join(f"<p>{c}</p>" for c in cells))
        else:
            body.append(
                "<div>" + "\n".join(f"<span>{c}</span>" for c in cells) + "</div>"
            )
    if table:
        body.append("<table border=1>" + "".join(table) + "</table>")
    body.append(f"<h2>{SECTION_HEADINGS['5']}</h2><p>无。</p>")
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )
    return _S2T.convert(page) if options.traditional else page
