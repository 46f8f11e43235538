"""Exports: findings as XLSX, the aggregate in every format, the DOCX 通报 draft."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.errors import InvalidInput, RendererUnavailable
from gongkai.render import RENDERERS
from gongkai.supervision import (
    CollectedReport,
    Severity,
    SupervisionFinding,
    check_region,
    collect,
    compile_region,
)
from gongkai.supervision.exports import (
    FINDING_HEADERS,
    NoticeFacts,
    compilation_report,
    findings_xlsx,
    notice_docx,
    render_compilation,
)

SEEDS = sorted((Path(__file__).parents[2] / "fixtures" / "seeds").glob("*.txt"))
CODES = ["000", "001", "002", "003", "004"]
NAMES = {"001": "鹤岗市人民政府办公室", "003": "池州市人民防空办公室"}


@pytest.fixture(scope="module")
def region() -> list[CollectedReport]:
    return [collect(path.name[:3], path) for path in SEEDS]


def test_findings_xlsx_has_one_row_per_finding_under_chinese_headers(
    region: list[CollectedReport],
) -> None:
    findings = check_region(region, 2020, agencies=[*CODES, "999"])
    findings.append(
        SupervisionFinding("X", 2020, "r", Severity.WARNING, None, "=1+1 公式", "")
    )
    book = load_workbook(io.BytesIO(findings_xlsx(findings, NAMES)))
    rows = list(book["问题清单"].iter_rows(values_only=True))
    assert rows[0] == FINDING_HEADERS
    assert len(rows) == len(findings) + 1
    tampered = next(r for r in rows if r[5] == "text.tampered")
    assert tampered[1:5] == ("003", "池州市人民防空办公室", 2020, "错误")
    assert "足球比分" in tampered[7]
    assert rows[-1][7] == "=1+1 公式"  # text, not a formula
    assert book["问题清单"].cell(len(rows), 8).data_type == "s"


@pytest.mark.parametrize("to", ["json", *RENDERERS])
def test_the_aggregate_renders_in_every_format_with_its_note(
    region: list[CollectedReport], to: str
) -> None:
    compiled = compile_region(region, 2020, region="示例市", agencies=CODES)
    try:
        data = render_compilation(compiled, to)
    except RendererUnavailable as exc:
        pytest.skip(f"PDF renderer unavailable here: {exc}")
    assert data
    if to == "json":
        assert json.loads(data)["included"] == ["001", "003"]
    elif to in ("html", "md"):
        text = data.decode("utf-8")
        assert "汇总 2 个机关" in text and "000: 缺报" in text
        assert "示例市2020年政府信息公开工作年度报告（汇总）" in text
    elif to == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert "汇总 2 个机关" in text and "004: 缺报" in text
    elif to == "pdf":
        assert data.startswith(b"%PDF")


def test_the_aggregate_report_keeps_the_summed_cells(
    region: list[CollectedReport],
) -> None:
    compiled = compile_region(region, 2020, region="示例市", agencies=CODES)
    report = compilation_report(compiled)
    assert compiled.report is not None
    assert report.applications == compiled.report.applications
    assert report.sections is not None and "002" in report.sections["1"]


def test_rendering_refuses_an_unknown_format_or_an_empty_aggregate(
    region: list[CollectedReport],
) -> None:
    compiled = compile_region(region, 2020, region="示例市")
    with pytest.raises(InvalidInput, match="expected one of json, html"):
        render_compilation(compiled, "odt")
    empty = compile_region(region, 2018, region="示例市", agencies=["001"])
    with pytest.raises(InvalidInput, match="no report of the year"):
        render_compilation(empty, "html")


def test_notice_lists_counts_problems_per_agency_and_a_blank_deadline(
    region: list[CollectedReport],
) -> None:
    findings = check_region(region, 2020, agencies=[*CODES, "009"])
    facts = NoticeFacts(
        region="示例市",
        year=2020,
        expected=[*CODES, "009"],
        collected=["001", "003"],
        undated=["001", "003"],
    )
    names = {**NAMES, "009": "示例市统计局"}
    document = Document(io.BytesIO(notice_docx(facts, findings, names)))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "关于示例市2020年度政府信息公开工作年度报告检查情况的通报"
    for heading in ("一、基本情况", "二、发现的主要问题", "三、整改要求"):
        assert heading in text
    body = "\n".join(text)
    assert "本次共检查6个机关" in body and "收集到2份，未收集到4份" in body
    assert "错误1处" in body and "涉及1个机关" in body
    assert "未收集到年度报告的机关：000、002、004、示例市统计局" in body
    assert "（二）池州市人民防空办公室" in text
    assert any(line.startswith("1. 错误：页面疑似被篡改") for line in text)
    assert "____年__月__日前" in body
    assert text[-2:] == ["示例市人民政府办公室", "    年  月  日"]
    dated = NoticeFacts("示例市人民政府", 2020, [], [], issued_on=date(2021, 3, 5))
    last = Document(io.BytesIO(notice_docx(dated, []))).paragraphs
    assert [p.text for p in last[-2:]] == ["示例市人民政府办公室", "2021年3月5日"]
    assert "本次检查未发现问题。" in [p.text for p in last]
