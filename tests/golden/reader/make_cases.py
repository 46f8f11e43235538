"""Write the reader's golden cases: realistic published reports and their gold models.

Each case is a hand-specified model (the numbers below) printed the way published
reports print it, by writers here that do not use the reader or the renderers:
a government page with site chrome and layout tables, a Word file with merged cells
(and the PDF LibreOffice makes of it), an Excel workbook, text in GB18030, in
traditional characters, with the cells run together… `expected.json` is the model in
the layout of the gold files. Run once to (re)write the cases, and review the diff:

    .venv/bin/python tests/golden/reader/make_cases.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import opencc

from gongkai.report.codec import dump_report, report_from_data
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
    ApplicationRow,
)

HERE = Path(__file__).resolve().parent
Z = [0] * 7


def _applications(
    format_id: str,
    outcomes: dict[str, list[int]],
    carried_over: list[int],
    carried_forward: list[int],
) -> dict[str, list[int]]:
    """Rows that keep the rules: total = outcomes, new = total + forward - over."""
    spec = FORMATS[format_id]  # type: ignore[index]
    rows = {r.id: list(outcomes.get(r.id, Z)) for r in spec.outcome_rows}
    for values in rows.values():
        values[6] = sum(values[:6])
    total = [sum(rows[r][i] for r in rows) for i in range(7)]
    new = [total[i] + carried_forward[i] - carried_over[i] for i in range(7)]
    data = {
        "new_received": new,
        "carried_over": carried_over,
        **rows,
        "total": total,
        "carried_forward": carried_forward,
    }
    return {r.id: data[r.id] for r in spec.applications}


def _review(*groups: list[int]) -> dict[str, list[int]]:
    return {g.id: [*v, sum(v)] for g, v in zip(REVIEW_GROUPS, groups, strict=True)}


CASES: dict[str, dict[str, Any]] = {
    "html_site_chrome": {
        "agency": "南州市自然资源和规划局",
        "year": 2022,
        "format": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 1, "in_force": 3},
            "normative_documents": {"issued": 5, "repealed": 2, "in_force": 41},
            "licensing": {"decisions": 1386},
            "penalty": {"decisions": 57},
            "enforcement": {"decisions": 3},
            "fees": {"amount_wan_yuan": Decimal("1563.2875")},
        },
        "applications": _applications(
            "2021",
            {
                "granted": [30, 5, 0, 1, 1, 1, 0],
                "partially_granted": [12, 2, 0, 0, 0, 0, 0],
                "denied_state_secret": [1, 0, 0, 0, 0, 0, 0],
                "denied_third_party": [2, 1, 0, 0, 0, 0, 0],
                "denied_process_info": [3, 0, 0, 0, 1, 0, 0],
                "unable_not_held": [20, 3, 0, 0, 1, 1, 0],
                "unable_needs_creation": [4, 0, 0, 0, 0, 0, 0],
                "not_processed_petition": [5, 0, 0, 0, 0, 0, 0],
                "other_no_correction": [3, 1, 0, 0, 0, 0, 0],
                "other_misc": [1, 0, 0, 0, 0, 0, 0],
            },
            [4, 1, 0, 0, 0, 0, 5],
            [6, 0, 0, 0, 1, 0, 7],
        ),
        "review_litigation": _review([2, 1, 0, 1], [1, 0, 0, 1], [0, 0, 1, 0]),
    },
    "docx_merged_cells": {
        "agency": "东川县卫生健康局",
        "year": 2020,
        "format": "2019",
        "proactive": {
            "regulations": {"made": 0, "published": 0, "total_published": 2},
            "normative_documents": {"made": 3, "published": 3, "total_published": 17},
            "licensing": {"previous_items": 45, "change": 2, "decisions": 1207},
            "other_services": {"previous_items": 12, "change": -1, "decisions": 356},
            "penalty": {"previous_items": 30, "change": 0, "decisions": 88},
            "enforcement": {"previous_items": 6, "change": 0, "decisions": 4},
            "fees": {"previous_items": 5, "change": -2},
            "procurement": {
                "items": 9,
                "amount": Decimal("86.4"),
                "amount_unit": "万元",
            },
        },
        "applications": _applications(
            "2019",
            {
                "granted": [18, 2, 0, 0, 1, 0, 0],
                "partially_granted": [3, 0, 0, 0, 0, 0, 0],
                "denied_third_party": [1, 0, 0, 0, 0, 0, 0],
                "unable_not_held": [7, 1, 0, 0, 0, 0, 0],
                "not_processed_duplicate": [2, 0, 0, 0, 0, 0, 0],
                "other": [1, 0, 0, 0, 0, 0, 0],
            },
            [2, 0, 0, 0, 0, 0, 2],
            [1, 0, 0, 0, 0, 0, 1],
        ),
        "review_litigation": _review([1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
    },
    "xlsx_merged_cells": {
        "agency": "北塘区市场监督管理局",
        "year": 2023,
        "format": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 2, "repealed": 0, "in_force": 9},
            "licensing": {"decisions": 4521},
            "penalty": {"decisions": 312},
            "enforcement": {"decisions": 27},
            "fees": {"amount_wan_yuan": Decimal("12.5")},
        },
        "applications": _applications(
            "2021",
            {
                "granted": [11, 3, 0, 0, 0, 0, 0],
                "unable_not_held": [6, 0, 0, 0, 0, 1, 0],
                "not_processed_confirmation": [1, 0, 0, 0, 0, 0, 0],
                "other_unpaid_fee": [1, 0, 0, 0, 0, 0, 0],
            },
            Z,
            [2, 0, 0, 0, 0, 0, 2],
        ),
        "review_litigation": _review([0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]),
    },
    "text_gb18030_tabs": {
        "agency": "西陵区人民政府办公室",
        "year": 2019,
        "format": "2019",
        "proactive": {
            "regulations": {"made": 0, "published": 0, "total_published": 0},
            "normative_documents": {"made": 4, "published": 4, "total_published": 23},
            "licensing": {"previous_items": 0, "change": 0, "decisions": 0},
            "other_services": {"previous_items": 0, "change": 0, "decisions": 0},
            "penalty": {"previous_items": 0, "change": 0, "decisions": 0},
            "enforcement": {"previous_items": 0, "change": 0, "decisions": 0},
            "fees": {"previous_items": 0, "change": 0},
            "procurement": {
                "items": 14,
                "amount": Decimal("2386500"),
                "amount_unit": "元",
            },
        },
        "applications": _applications(
            "2019",
            {
                "granted": [7, 0, 0, 0, 0, 0, 0],
                "partially_granted": [1, 0, 0, 0, 0, 0, 0],
                "unable_not_held": [2, 0, 0, 0, 0, 0, 0],
            },
            Z,
            Z,
        ),
        "review_litigation": _review([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
    },
    "text_traditional_pipes": {
        "agency": "临海市交通运输局",
        "year": 2021,
        "format": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 1, "repealed": 1, "in_force": 6},
            "licensing": {"decisions": 15231},
            "penalty": {"decisions": 206},
            "enforcement": {"decisions": 0},
            "fees": {"amount_wan_yuan": 0},
        },
        "applications": _applications(
            "2021",
            {
                "granted": [9, 4, 0, 0, 0, 0, 0],
                "denied_process_info": [1, 0, 0, 0, 0, 0, 0],
                "unable_unclear_after_correction": [1, 0, 0, 0, 0, 0, 0],
            },
            [1, 0, 0, 0, 0, 0, 1],
            Z,
        ),
        "review_litigation": _review([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
    },
    "text_glued_rows": {
        "agency": "清河镇人民政府",
        "year": 2021,
        "format": "2021",
        "proactive": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 12, "repealed": 3, "in_force": 57},
            "licensing": {"decisions": 0},
            "penalty": {"decisions": 0},
            "enforcement": {"decisions": 0},
            "fees": {"amount_wan_yuan": 0},
        },
        "applications": _applications(
            "2021",
            {
                "granted": [20, 2, 0, 1, 0, 0, 0],
                "partially_granted": [5, 0, 0, 0, 0, 0, 0],
                "unable_not_held": [10, 0, 0, 0, 0, 0, 0],
            },
            Z,
            [0, 0, 0, 0, 0, 0, 0],
        ),
        "review_litigation": _review([1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
    },
    "text_broken_rules": {
        "agency": "上江市人民政府办公厅",
        "year": 2019,
        "format": "2019",
        "proactive": {
            "regulations": {"made": 0, "published": 0, "total_published": 0},
            "normative_documents": {"made": 0, "published": 0, "total_published": 0},
            "licensing": {"previous_items": 0, "change": 0, "decisions": 0},
            "other_services": {"previous_items": 0, "change": 0, "decisions": 0},
            "penalty": {"previous_items": 0, "change": 0, "decisions": 0},
            "enforcement": {"previous_items": 0, "change": 0, "decisions": 0},
            "fees": {"previous_items": 0, "change": 0},
            "procurement": {"items": 0, "amount": 0, "amount_unit": None},
        },
        "applications": None,  # filled below: printed with 总计 blank where it is not 0
        "review_litigation": _review([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]),
    },
}
# 上海 2019 style (formats.md §10 #5): 总计 printed blank in 予以公开 although 258 there.
_BROKEN = _applications(
    "2019",
    {"granted": [258, 0, 0, 0, 0, 0, 0], "partially_granted": [3, 0, 0, 0, 0, 0, 0]},
    Z,
    Z,
)
_BROKEN["granted"] = [258, 0, 0, 0, 0, 0, 0]
CASES["text_broken_rules"]["applications"] = _BROKEN
EXPECTED_FINDINGS = {
    "text_broken_rules": ["applications.row_total", "applications.outcome_sum"]
}


# --- printing ------------------------------------------------------------------------


def _cell(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _proactive_rows(data: dict[str, Any]) -> list[list[str]]:
    spec = FORMATS[data["format"]]
    rows: list[list[str]] = []
    for block in spec.proactive:
        rows.append([block.title])
        rows.append(list(block.header))
        for row in block.rows:
            cells = data["proactive"][row.id]
            printed = [row.label]
            for column in row.columns:
                value = cells[column.id]
                text = _cell(value)
                if column.id == "change" and value > 0:
                    text = "+" + text
                if column.id == "amount" and cells.get("amount_unit"):
                    text += cells["amount_unit"]
                printed.append(text)
            rows.append(printed)
    return rows


def _application_rows(
    data: dict[str, Any], blank: str | None = None
) -> list[list[str]]:
    spec = FORMATS[data["format"]]
    rows = [
        [APPLICATIONS_CORNER, APPLICANT_GROUP],
        [APPLICANT_COLUMNS[0].label, ORGANISATION_GROUP, APPLICANT_COLUMNS[6].label],
        [c.label for c in APPLICANT_COLUMNS[1:6]],
    ]
    group = None
    for row in spec.applications:
        label = [row.label]
        if row.group and row.group != group:
            label = [row.group, *label]
        if row.id == "granted":
            label = [RESULTS_GROUP, *label]
        group = row.group
        values = data["applications"][row.id]
        rows.append(
            label
            + [blank if (blank is not None and v == 0) else _cell(v) for v in values]
        )
    return rows


def _review_rows(data: dict[str, Any]) -> list[list[str]]:
    values = [v for g in REVIEW_GROUPS for v in data["review_litigation"][g.id]]
    return [
        [REVIEW_GROUPS[0].label, LITIGATION],
        [c.label for c in REVIEW_COLUMNS] + [g.label for g in REVIEW_GROUPS[1:]],
        [c.label for c in REVIEW_COLUMNS] * 2,
        [_cell(v) for v in values],
    ]


def _title(data: dict[str, Any]) -> str:
    return f"{data['agency']}{data['year']}年度政府信息公开工作年度报告"


def text_gb18030_tabs(data: dict[str, Any]) -> bytes:
    lines = [
        _title(data),
        "",
        SECTION_HEADINGS["1"],
        f"{data['year']}年，我办认真贯彻落实《条例》，全年主动公开政府信息1532条。",
        SECTION_HEADINGS["2"],
    ]
    lines += ["\t".join(r) for r in _proactive_rows(data)]
    lines.append(SECTION_HEADINGS["3"])
    for row in _application_rows(data):
        text = "\t".join(row)
        # a PDF copy breaks long labels inside their cell
        lines.append(
            text.replace(
                "（二）部分公开（区分处理的，只计这一情形，",
                "（二）部分公开（区分处理的， 只计这一情形，",
            )
        )
    lines += [SECTION_HEADINGS["4"], *("\t".join(r) for r in _review_rows(data))]
    lines += [
        SECTION_HEADINGS["5"],
        "一是公开意识有待加强。",
        SECTION_HEADINGS["6"],
        "无。",
        "",
        "西陵区人民政府办公室",
        "2020年1月20日",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")


def text_traditional_pipes(data: dict[str, Any]) -> bytes:
    lines = [
        "首頁 > 政務公開 > 年度報告",
        _title(data),
        "發布時間：2022-01-25 來源：本站 瀏覽次數：1024",
        SECTION_HEADINGS["1"],
        "本年度，我局依法做好政府信息公開工作。",
        SECTION_HEADINGS["2"],
    ]
    lines += [" | ".join(r) + " |" for r in _proactive_rows(data)]
    lines.append(SECTION_HEADINGS["3"])
    lines += [" | ".join(r) + " | ||" for r in _application_rows(data, blank="-")]
    lines += [
        SECTION_HEADINGS["4"],
        *(" | ".join(r) + " |" for r in _review_rows(data)),
    ]
    lines += [
        SECTION_HEADINGS["5"],
        "存在的不足。",
        SECTION_HEADINGS["6"],
        "無。",
        "版權所有：臨海市交通運輸局 備案號：浙ICP備12345678號",
    ]
    return opencc.OpenCC("s2twp").convert("\n".join(lines) + "\n").encode("utf-8")


def text_glued_rows(data: dict[str, Any]) -> bytes:
    """Tags stripped from a web page: each table row's cells run together."""
    lines = [
        _title(data),
        SECTION_HEADINGS["1"],
        "2021年，我镇制发行政规范性文件12件，废止3件，现行有效行政规范性文件57件。",
        SECTION_HEADINGS["2"],
    ]
    lines += ["".join(r) for r in _proactive_rows(data)]
    lines.append(SECTION_HEADINGS["3"])
    lines += ["".join(r) for r in _application_rows(data)]
    lines += [SECTION_HEADINGS["4"], *("".join(r) for r in _review_rows(data))]
    lines += [SECTION_HEADINGS["5"], "无。", SECTION_HEADINGS["6"], "无。"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def text_broken_rules(data: dict[str, Any]) -> bytes:
    """上海 2019: zero cells blank, and 总计 blank in a row with 258 in it."""
    lines = [
        _title(data),
        SECTION_HEADINGS["1"],
        "全年共受理政府信息公开申请261件，予以公开及部分公开258件。",
        SECTION_HEADINGS["2"],
    ]
    lines += ["\t".join(r) for r in _proactive_rows(data)]
    lines.append(SECTION_HEADINGS["3"])
    lines += ["\t".join(r) for r in _application_rows(data, blank="")]
    lines += [SECTION_HEADINGS["4"], *("\t".join(r) for r in _review_rows(data))]
    lines += [SECTION_HEADINGS["5"], "无。", SECTION_HEADINGS["6"], "无。"]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- HTML ------------------------------------------------------------------------------


def _html_table(rows: list[list[str]], spans: dict[tuple[int, int], str]) -> str:
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0">']
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            attrs = spans.get((r, c), "")
            shown = (
                "&nbsp;"
                if text == ""
                else text.replace("数量", "<br/>数量", 1)
                if text.startswith("本年新")
                else text
            )
            cells.append(
                f"<td{attrs}><p class=MsoNormal><span lang=EN-US>{shown}</span></p></td>"
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_site_chrome(data: dict[str, Any]) -> bytes:
    proactive = _html_table(_proactive_rows(data), {})
    app_rows = _application_rows(data, blank="")
    spans = {
        (0, 0): ' colspan="3" rowspan="3"',
        (0, 1): ' colspan="7"',
        (1, 0): ' rowspan="2"',
        (1, 1): ' colspan="5"',
        (1, 2): ' rowspan="2"',
        (3, 0): ' colspan="3"',
        (4, 0): ' colspan="3"',
        (5, 0): ' rowspan="22"',
    }
    applications = _html_table(app_rows, spans)
    review = _html_table(
        _review_rows(data), {(0, 0): ' colspan="5"', (0, 1): ' colspan="10"'}
    )
    body = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{_title(data)}_南州市自然资源和规划局</title>
<script>var _hmt = _hmt || []; document.write("访问量 12345");</script>
<style>.nav li {{ float: left; }}</style></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li>政务公开</li>
<li>互动交流</li><li>办事服务</li></ul>
<form><input name="q" value="搜索"></form></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<table width="100%"><tr><td class="sidebar"><ul><li>机构职能</li><li>规划计划</li></ul></td>
<td class="content">
<div class="meta">发布时间：2023-01-30 09:12 来源：办公室 浏览次数：<span id="cnt">2871</span></div>
<h1>{_title(data)}</h1>
<div class="TRS_Editor">
<p>根据《中华人民共和国政府信息公开条例》，现公布本局{data["year"]}年度政府信息公开工作年度报告。</p>
<p><b>{SECTION_HEADINGS["1"]}</b></p>
<p>{data["year"]}年，我局主动公开政府信息1,203条，办理依申请公开104件。</p>
<p><b>{SECTION_HEADINGS["2"]}</b></p>
{proactive}
<p><b>{SECTION_HEADINGS["3"]}</b></p>
{applications}
<p><b>{SECTION_HEADINGS["4"]}</b></p>
{review}
<p><b>{SECTION_HEADINGS["5"]}</b></p><p>一是主动公开的及时性有待提高。</p>
<p><b>{SECTION_HEADINGS["6"]}</b></p><p>本年度未收取信息处理费。</p>
</div></td></tr></table>
<div class="related">相关链接：<a>南州市自然资源和规划局2021年度政府信息公开工作年度报告</a></div>
<div class="footer">主办：南州市自然资源和规划局 地址：南州市人民路88号 邮编：433000
电话：0728-3216082 备案号：鄂ICP备05003410号-1</div>
</body></html>
"""
    return body.encode("utf-8")


# --- Word, PDF, Excel ------------------------------------------------------------------


def docx_merged_cells(data: dict[str, Any]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(_title(data), level=1)
    document.add_paragraph(SECTION_HEADINGS["1"])
    document.add_paragraph("本年度，我局认真落实政府信息公开各项要求。")
    document.add_paragraph(SECTION_HEADINGS["2"])
    rows = _proactive_rows(data)
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        if len(row) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, 3))
            merged.text = row[0]
            continue
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph(SECTION_HEADINGS["3"])
    app = _application_rows(data, blank="/")
    spec = FORMATS[data["format"]]
    grid = document.add_table(rows=3 + len(spec.applications), cols=10)
    grid.style = "Table Grid"
    corner = grid.cell(0, 0).merge(grid.cell(2, 2))
    corner.text = APPLICATIONS_CORNER
    grid.cell(0, 3).merge(grid.cell(0, 9)).text = APPLICANT_GROUP
    grid.cell(1, 3).merge(grid.cell(2, 3)).text = APPLICANT_COLUMNS[0].label
    grid.cell(1, 4).merge(grid.cell(1, 8)).text = ORGANISATION_GROUP
    grid.cell(1, 9).merge(grid.cell(2, 9)).text = APPLICANT_COLUMNS[6].label
    for c, column in enumerate(APPLICANT_COLUMNS[1:6]):
        grid.cell(2, 4 + c).text = column.label
    _fill_applications(grid, spec.applications, app[3:])
    document.add_paragraph(SECTION_HEADINGS["4"])
    review = _review_rows(data)
    table = document.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(0, 4)).text = REVIEW_GROUPS[0].label
    table.cell(0, 5).merge(table.cell(0, 14)).text = LITIGATION
    for c, column in enumerate(REVIEW_COLUMNS):
        table.cell(1, c).merge(table.cell(2, c)).text = column.label
    table.cell(1, 5).merge(table.cell(1, 9)).text = REVIEW_GROUPS[1].label
    table.cell(1, 10).merge(table.cell(1, 14)).text = REVIEW_GROUPS[2].label
    for c, text in enumerate(review[2]):
        table.cell(2, 5 + c).text = text
    for c, text in enumerate(review[3]):
        table.cell(3, c).text = text
    document.add_paragraph(SECTION_HEADINGS["5"])
    document.add_paragraph("一是信息公开平台建设有待加强。")
    document.add_paragraph(SECTION_HEADINGS["6"])
    document.add_paragraph("无。")
    out = _bytes(document.save)
    return out


def _fill_applications(
    grid: Any, rows: tuple[ApplicationRow, ...], printed: list[list[str]]
) -> None:
    """Label cells merged as in the official table: 一/二/四 over three columns,
    三、本年度办理结果 down the outcome rows, the groups down their items."""
    first = 3
    results_start = first + 2
    outcome_count = sum(1 for r in rows if r.is_outcome) + 1  # and （七）总计
    grid.cell(results_start, 0).merge(grid.cell(results_start + outcome_count - 1, 0))
    grid.cell(results_start, 0).text = RESULTS_GROUP
    group_rows: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        r = first + index
        values = printed[index][-7:]
        if row.group is not None:
            group_rows.setdefault(row.group, []).append(r)
            grid.cell(r, 2).text = row.label
        elif row.is_outcome or row.id == "total":
            grid.cell(r, 1).merge(grid.cell(r, 2)).text = row.label
        else:
            grid.cell(r, 0).merge(grid.cell(r, 2)).text = row.label
        for c, text in enumerate(values):
            grid.cell(r, 3 + c).text = text
    for group, members in group_rows.items():
        cell = grid.cell(members[0], 1)
        if len(members) > 1:
            cell = cell.merge(grid.cell(members[-1], 1))
        cell.text = group


def _bytes(save: Any) -> bytes:
    import io

    buffer = io.BytesIO()
    save(buffer)
    return buffer.getvalue()


def xlsx_merged_cells(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "年报"
    sheet.append([_title(data)])
    sheet.merge_cells("A1:J1")
    sheet.append([SECTION_HEADINGS["2"]])
    for row in _proactive_rows(data):
        sheet.append([_number_or_text(t) for t in row])
    sheet.append([SECTION_HEADINGS["3"]])
    start = sheet.max_row + 1
    for row in _application_rows(data):
        label = row[:-7] if len(row) > 7 else row
        values = row[-7:] if len(row) > 7 else []
        padded = label + [None] * (3 - len(label)) if values else label
        sheet.append(padded + [_number_or_text(v) for v in values])
    sheet.merge_cells(start_row=start, start_column=1, end_row=start + 2, end_column=3)
    sheet.append([SECTION_HEADINGS["4"]])
    for row in _review_rows(data):
        sheet.append([_number_or_text(t) for t in row])
    return _bytes(book.save)


def _number_or_text(text: str) -> Any:
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text
    return int(value) if value == value.to_integral_value() else float(value)


def pdf_from_word(docx: bytes) -> bytes | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx)
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / "report.pdf").read_bytes()


def main() -> int:
    writers = {
        "html_site_chrome": ("html", html_site_chrome),
        "docx_merged_cells": ("docx", docx_merged_cells),
        "xlsx_merged_cells": ("xlsx", xlsx_merged_cells),
        "text_gb18030_tabs": ("txt", text_gb18030_tabs),
        "text_traditional_pipes": ("txt", text_traditional_pipes),
        "text_glued_rows": ("txt", text_glued_rows),
        "text_broken_rules": ("txt", text_broken_rules),
    }
    for name, (ext, writer) in writers.items():
        data = CASES[name]
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        (folder / f"source.{ext}").write_bytes(writer(data))
        (folder / "expected.json").write_text(
            dump_report(report_from_data(data)), encoding="utf-8"
        )
        if name == "docx_merged_cells":
            pdf = pdf_from_word((folder / "source.docx").read_bytes())
            if pdf is not None:
                twin = HERE / "pdf_from_word"
                twin.mkdir(exist_ok=True)
                (twin / "source.pdf").write_bytes(pdf)
                (twin / "expected.json").write_text(
                    dump_report(report_from_data(data)), encoding="utf-8"
                )
    old = HERE / "text_pre2019_no_tables"
    old.mkdir(exist_ok=True)
    (old / "source.txt").write_text(
        "石门县人民政府2017年政府信息公开工作年度报告\n\n一、概述\n"
        "2017年，我县主动公开政府信息2315条，受理依申请公开43件。\n"
        "二、主动公开政府信息情况\n全年通过门户网站公开信息1980条。\n"
        "三、依申请公开政府信息情况\n全部按期答复。\n",
        encoding="utf-8",
    )
    (old / "expected.json").write_text(
        dump_report(
            report_from_data(
                {
                    "agency": "石门县人民政府",
                    "year": 2017,
                    "format": None,
                    "proactive": None,
                    "applications": None,
                    "review_litigation": None,
                }
            )
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
