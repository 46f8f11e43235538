from __future__ import annotations

import pytest

from gongkai.reader.detect import find_agency, find_year, looks_like_report
from gongkai.reader.sources.document import text_document


@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        (
            "黑龙江省人民防空办公室2021年度政府信息公开工作报告\n",
            "黑龙江省人民防空办公室",
            "2021",
        ),
        (
            "某某县人民政府办公室政府信息公开工作2022年度报告\n",
            "某某县人民政府办公室",
            "2022",
        ),
        (
            "政府信息公开工作年度报告\n\n黄石市人民防空办公室 （2019 年度）\n",
            "黄石市人民防空办公室",
            "2019",
        ),
        (
            "嘉兴市人民防空办公室\n2021年度政府信息公开工作年度报告\n",
            "嘉兴市人民防空办公室",
            "2021",
        ),
        (
            "某某市生态环境局 2023 年政府信息公开\n工作年度报告\n",
            "某某市生态环境局",
            "2023",
        ),
        (
            "网站地图 | 联系我们 | 隐私声明\n某某区教育局2020年政府信息公开工作年度报告\n",
            "某某区教育局",
            "2020",
        ),
        (
            "本报告……报告采用数据的统计期限为2020年1月1日至2020年12月31日。报告的电子版可在"
            "池州市人民防空办公室网站下载。\n",
            "池州市人民防空办公室",
            "2020",
        ),
    ],
)
def test_agency_and_year_come_from_title_or_preamble(
    text: str, agency: str, year: str
) -> None:
    document = text_document(text)
    found_agency, found_year = find_agency(document), find_year(document)
    assert found_agency is not None and found_agency.value == agency
    assert found_year is not None and found_year.value == year
    entry = document.line_entry(found_agency.line, found_agency.start, found_agency.end)
    assert text[entry["start"] : entry["end"]] == agency


def test_a_traditional_title_gives_the_simplified_agency() -> None:
    document = text_document("黑龍江省人民防空辦公室2021年度政府信息公開工作報告\n")
    agency = find_agency(document)
    assert agency is not None and agency.value == "黑龙江省人民防空办公室"


def test_nothing_found_is_none() -> None:
    document = text_document("一段与年报无关的文字。\n")
    assert find_agency(document) is None and find_year(document) is None


@pytest.mark.parametrize(
    ("text", "titled"),
    [
        ("宿州市统计局2017年政府信息公开工作年度报告\n一、概述\n", True),
        ("XX县人民政府2020年政府信息公开工作年度报告》\n", True),
        ("关于报送2023年政府信息公开工作年度报告的函\n区政务公开办：\n", False),
        ("附件：2023年政府信息公开工作年度报告\n", False),
        ("现将我局2023年政府信息公开工作年度报告报送你办，请审核。\n", False),
    ],
)
def test_only_a_report_title_makes_a_report(text: str, titled: bool) -> None:
    assert looks_like_report(text_document(text)) is titled
