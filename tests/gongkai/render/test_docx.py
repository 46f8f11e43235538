from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from lxml import etree

from gongkai.render.docx import render_docx
from gongkai.report.formats import RESULTS_GROUP, FormatId
from gongkai.report.model import AnnualReport
from tests.gongkai.render.cases import (
    CASES,
    SEED_CASES,
    case_id,
    gold_data,
    load_case,
    reports,
)
from tests.gongkai.render.readback import (
    docx_matrices,
    read_docx,
    span_of,
    table_matrix,
)
from tests.gongkai.render.spans import expected_spans


def _document(case: Path) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(load_case(case))))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_docx_reads_back_to_the_model(case: Path) -> None:
    report = load_case(case)
    assert read_docx(render_docx(report)) == gold_data(report)


@pytest.mark.parametrize("case", SEED_CASES, ids=case_id)
def test_docx_merges_cells_as_the_format_notice(case: Path) -> None:
    report = load_case(case)
    _, matrices = docx_matrices(render_docx(report))
    spans = expected_spans(
        FormatId(report.format), report.review_litigation is not None
    )
    for (table, text), span in spans.items():
        assert span_of(table_matrix(matrices, table), text) == span, text


@pytest.mark.parametrize(("case", "rows"), [(SEED_CASES[1], 20), (SEED_CASES[4], 22)])
def test_results_cell_is_one_vertical_merge_of_20_or_22_rows(
    case: Path, rows: int
) -> None:
    table = _document(case).tables[1]
    first_cells = [row._tr.tc_lst[0] for row in table.rows]
    marks = [
        tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
        for tc in first_cells
    ]
    restarts = [
        i
        for i, mark in enumerate(marks)
        if mark is not None and mark.get(qn("w:val")) == "restart"
    ]
    (start,) = [i for i in restarts if table.cell(i, 0).text == RESULTS_GROUP]
    run = 1
    while (
        start + run < len(marks)
        and marks[start + run] is not None
        and marks[start + run].get(qn("w:val")) is None
    ):
        run += 1
    assert run == rows


def test_page_is_a4_portrait_with_gb_t_9704_margins() -> None:
    section = _document(SEED_CASES[4]).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def _east_asia_font(style: docx.styles.style.BaseStyle) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_title_body_and_headings_use_government_document_fonts() -> None:
    document = _document(SEED_CASES[4])
    assert _east_asia_font(document.styles["Title"]) == "方正小标宋简体"
    assert _east_asia_font(document.styles["Normal"]) == "仿宋_GB2312"
    assert _east_asia_font(document.styles["Heading 1"]) == "黑体"
    assert document.paragraphs[0].style.name == "Title"
    assert (
        document.paragraphs[0].text
        == "嘉兴市人民防空办公室2021年政府信息公开工作年度报告"
    )
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、总体情况" and headings[-1] == "六、其他需要报告的事项"
    assert len(headings) == 6


def test_font_table_names_a_fallback_for_each_chinese_font() -> None:
    document = _document(SEED_CASES[4])
    part = next(
        r.target_part
        for r in document.part.rels.values()
        if r.reltype.endswith("/fontTable")
    )
    fonts = etree.fromstring(part.blob)
    alt = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in fonts.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert alt["方正小标宋简体"] == "宋体"
    assert alt["仿宋_GB2312"] == "仿宋"


def test_tables_have_borders_and_centred_numbers() -> None:
    document = _document(SEED_CASES[4])
    assert len(document.tables) == 3
    for table in document.tables:
        assert table.style.name == "Table Grid"
    number = document.tables[1].cell(3, 3)  # 一、本年新收 / 自然人
    assert number.text == "9"
    assert number.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    header_rows = [
        r
        for r in document.tables[1].rows
        if r._tr.trPr.find(qn("w:tblHeader")) is not None
    ]
    assert len(header_rows) == 3  # the 3-row header repeats on a new page


def test_missing_table_prints_a_clear_line() -> None:
    document = _document(SEED_CASES[0])
    texts = [p.text for p in document.paragraphs]
    at = texts.index("四、政府信息公开行政复议、行政诉讼情况")
    assert texts[at + 1] == "本报告未包含此表"
    assert len(document.tables) == 2


def test_sections_text_and_signature_are_paragraphs() -> None:
    document = _document(next(c for c in CASES if c.name == "optional_fields"))
    texts = [p.text for p in document.paragraphs]
    assert "统计期限为2021年1月1日至12月31日。" in texts
    assert "本年度收取信息处理费12.50元。" in texts
    assert texts[-2:] == ["测试<市>&“人民防空”办公室", "2022年1月20日"]
    assert document.core_properties.author == "测试<市>&“人民防空”办公室"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_reads_back_from_docx(report: AnnualReport) -> None:
    assert read_docx(render_docx(report)) == gold_data(report)


def test_core_properties_longer_than_255_characters_are_cut() -> None:
    agency = "示范市" + "某" * 300 + "人民政府办公室"
    report = load_case(SEED_CASES[0]).model_copy(update={"agency": agency})
    document = docx.Document(io.BytesIO(render_docx(report)))
    properties = document.core_properties
    assert len(properties.author) == len(properties.title) == 255
    assert properties.author.startswith("示范市某") and properties.author.endswith("…")
    assert len(properties.keywords) <= 255
    assert any(agency in p.text for p in document.paragraphs)  # the text is whole
