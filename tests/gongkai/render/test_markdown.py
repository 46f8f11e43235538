from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.render.markdown import render_markdown
from gongkai.report.model import AnnualReport
from tests.gongkai.render.cases import (
    CASES,
    SEED_CASES,
    case_id,
    gold_data,
    load_case,
    reports,
)
from tests.gongkai.render.readback import markdown_matrices, read_markdown


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_markdown_matches_golden(case: Path, update_golden: bool) -> None:
    got = render_markdown(load_case(case)).decode("utf-8")
    gold = case / "expected.md"
    if update_golden:
        gold.write_text(got, encoding="utf-8")
    assert got == gold.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_markdown_reads_back_to_the_model(case: Path) -> None:
    report = load_case(case)
    assert read_markdown(render_markdown(report)) == gold_data(report)


def test_merged_labels_are_flattened_into_full_labels() -> None:
    text = render_markdown(load_case(SEED_CASES[4])).decode("utf-8")
    assert "| （三）不予公开 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in text
    assert "| （六）其他处理 3.其他 |" in text
    assert "| 法人或其他组织 商业企业 |" in text
    assert "| 行政诉讼 未经复议直接起诉 结果维持 |" in text


def test_every_table_row_has_as_many_cells_as_its_header() -> None:
    tables: list[list[str]] = [[]]
    for line in render_markdown(load_case(SEED_CASES[2])).decode("utf-8").splitlines():
        if line.startswith("|"):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    tables = [t for t in tables if t]
    assert len(tables) == 7  # five 第二十条 blocks, 三, 四
    for table in tables:
        assert len({len(re.findall(r"(?<!\\)\|", line)) for line in table}) == 1


def test_report_text_cannot_become_markup_or_break_a_table() -> None:
    text = render_markdown(load_case(GOLDEN_OPTIONAL)).decode("utf-8")
    assert "存在的问题：\\<b\\>标签\\</b\\> \\| 竖线 -- 连字符。" in text
    assert "# 测试\\<市\\>\\&“人民防空”办公室2021年政府信息公开工作年度报告" in text
    _, matrices = markdown_matrices(text.encode())
    assert len(matrices) == 3


def test_section_two_prints_one_table_per_block_under_its_title() -> None:
    text = render_markdown(load_case(SEED_CASES[2])).decode("utf-8")
    assert text.count("| 信息内容 |") == 5
    assert "**第二十条第（九）项**\n\n| 信息内容 | 采购项目数量 | 采购总金额 |" in text
    assert "| 政府集中采购 | 46 | 427557.68元 |" in text


def test_missing_table_is_said_in_its_section() -> None:
    text = render_markdown(load_case(SEED_CASES[0])).decode("utf-8")
    assert "## 四、政府信息公开行政复议、行政诉讼情况\n\n**本报告未包含此表**\n" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_reads_back_from_markdown(report: AnnualReport) -> None:
    assert read_markdown(render_markdown(report)) == gold_data(report)


GOLDEN_OPTIONAL = next(case for case in CASES if case.name == "optional_fields")
