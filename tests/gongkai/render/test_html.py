from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import html as lxml_html

from gongkai.render.html import render_html
from gongkai.report.formats import FormatId
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
    html_matrices,
    read_html,
    span_of,
    table_matrix,
)
from tests.gongkai.render.spans import expected_spans


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_html_matches_golden(case: Path, update_golden: bool) -> None:
    got = render_html(load_case(case)).decode("utf-8")
    gold = case / "expected.html"
    if update_golden:
        gold.write_text(got, encoding="utf-8")
    assert got == gold.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_html_reads_back_to_the_model(case: Path) -> None:
    report = load_case(case)
    assert read_html(render_html(report)) == gold_data(report)


@pytest.mark.parametrize("case", SEED_CASES, ids=case_id)
def test_html_merges_cells_as_the_format_notice(case: Path) -> None:
    report = load_case(case)
    _, matrices = html_matrices(render_html(report))
    spans = expected_spans(
        FormatId(report.format), report.review_litigation is not None
    )
    for (table, text), span in spans.items():
        assert span_of(table_matrix(matrices, table), text) == span, text


def test_results_cell_is_printed_with_rowspan_20_or_22() -> None:
    assert (
        'rowspan="20">三、本年度办理结果</th>'
        in render_html(load_case(SEED_CASES[1])).decode()
    )
    assert (
        'rowspan="22">三、本年度办理结果</th>'
        in render_html(load_case(SEED_CASES[4])).decode()
    )


def test_page_is_a_complete_chinese_document() -> None:
    page = render_html(load_case(SEED_CASES[4])).decode("utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page and "</html>\n" in page
    assert "<h1>嘉兴市人民防空办公室2021年政府信息公开工作年度报告</h1>" in page


def test_every_header_cell_has_a_scope_and_every_table_a_caption() -> None:
    root = lxml_html.fromstring(render_html(load_case(SEED_CASES[1])))
    tables = root.findall(".//table")
    assert len(tables) == 3
    assert [t.findtext("caption") for t in tables] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    headers = root.findall(".//th")
    assert headers and all(
        th.get("scope") in {"col", "colgroup", "row"} for th in headers
    )


def test_missing_table_prints_a_clear_line_in_its_section() -> None:
    root = lxml_html.fromstring(render_html(load_case(SEED_CASES[0])))
    (section,) = root.xpath('//section[@id="section-4"]')
    assert section.findtext("h2") == "四、政府信息公开行政复议、行政诉讼情况"
    assert section.findtext('p[@class="missing"]') == "本报告未包含此表"
    assert section.find("table") is None


def test_text_is_escaped() -> None:
    page = render_html(load_case(GOLDEN_OPTIONAL)).decode("utf-8")
    assert "<b>" not in page and "&lt;b&gt;标签&lt;/b&gt;" in page
    assert "测试&lt;市&gt;&amp;“人民防空”办公室" in page
    assert "<市>" not in page


def test_sections_text_signature_and_fee_are_printed() -> None:
    root = lxml_html.fromstring(render_html(load_case(GOLDEN_OPTIONAL)))
    (one,) = root.xpath('//section[@id="section-1"]')
    assert [p.text for p in one.findall("p")] == [
        "本报告依据《中华人民共和国政府信息公开条例》编制。",
        "统计期限为2021年1月1日至12月31日。",
    ]
    (six,) = root.xpath('//section[@id="section-6"]')
    assert six.findall("p")[-1].text == "本年度收取信息处理费12.50元。"
    signature = root.find('.//p[@class="signature"]').text_content()
    assert signature == "测试<市>&“人民防空”办公室2022年1月20日"


def test_output_does_not_depend_on_anything_but_the_report() -> None:
    report = load_case(SEED_CASES[2])
    assert render_html(report) == render_html(report.model_copy())


def test_read_back_notices_a_changed_cell() -> None:
    report = load_case(SEED_CASES[4])
    page = render_html(report).decode("utf-8")
    changed = page.replace(">488.780058<", ">488.78006<")
    assert changed != page
    assert read_html(changed.encode()) != gold_data(report)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_reads_back_from_html(report: AnnualReport) -> None:
    assert read_html(render_html(report)) == gold_data(report)


GOLDEN_OPTIONAL = next(case for case in CASES if case.name == "optional_fields")
