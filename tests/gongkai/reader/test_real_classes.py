"""Issue 15's failure classes on small pages made here (not copies of the real corpus):
web pages whose tags were stripped, so every cell of a table runs into the next."""

from __future__ import annotations

from typing import Any

from gongkai.reader import read_report
from gongkai.report.codec import report_to_data
from gongkai.report.formats import F2019, F2021, FORMATS, FormatId

HEADER = "标题: 某某县林业局{year}年度政府信息公开工作年度报告\n发布时间: 2024-01-09\n==== 正文 ====\n"
CORNER = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况"
    "自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
)
REVIEW = (
    "四、政府信息公开行政复议、行政诉讼情况"
    "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
)
PROACTIVE_2021 = (
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
    "规章000行政规范性文件{docs}第二十条第（五）项信息内容本年处理决定数量行政许可7"
    "第二十条第（六）项信息内容本年处理决定数量行政处罚4行政强制0"
    "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0"
)
PROACTIVE_2019 = (
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量"
    "规章000规范性文件121第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量"
    "行政许可{licensing}其他对外管理服务事项000第二十条第（六）项信息内容上一年项目数量"
    "本年增/减处理决定数量行政处罚000行政强制000第二十条第（八）项信息内容上一年项目数量"
    "本年增/减行政事业性收费00第二十条第（九）项信息内容采购项目数量采购总金额"
    "政府集中采购{procurement}"
)


def _applications(format_id: FormatId, values: dict[str, str], repeat: str = "") -> str:
    """Section 三 with every row's cells glued; `repeat` is printed again before （四）."""
    parts = ["三、收到和处理政府信息公开申请情况", CORNER]
    group = None
    for row in FORMATS[format_id].applications:
        if row.id == "unable_not_held" and repeat:
            parts.append(repeat)
        if row.group is not None and row.group != group:
            parts.append(row.group)
        group = row.group
        label = row.label if row.id != "granted" else "三、本年度办理结果" + row.label
        parts.append(label + values.get(row.id, "0000000"))
    return "".join(parts)


def _read(text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    result = read_report(text.encode("utf-8"), "page.txt")
    return report_to_data(result.report), [n.to_dict() for n in result.notes]


def _codes(notes: list[dict[str, Any]], path: str) -> set[str]:
    return {n["code"] for n in notes if n["path"] == path}


# --- class 1: a whole table must not vanish -------------------------------------------


def test_glued_2019_page_with_a_repeated_group_label_reads_section_3() -> None:
    rows = {
        "new_received": "2000002",
        "granted": "1000001",
        "unable_not_held": "1000001",
        "total": "2000002",
    }
    body = (
        PROACTIVE_2019.format(licensing="305", procurement="2 38.5万元")
        + _applications(F2019, rows, repeat="三、本年度办理结果")
        + REVIEW
        + "0" * 15
        + "五、存在的主要问题及改进情况无。"
    )
    data, notes = _read(HEADER.format(year=2019) + body)
    assert data["format"] == "2019"
    assert data["applications"]["new_received"] == [2, 0, 0, 0, 0, 0, 2]
    assert data["applications"]["unable_not_held"] == [1, 0, 0, 0, 0, 0, 1]
    assert data["applications"]["total"] == [2, 0, 0, 0, 0, 0, 2]
    assert not any(n["code"] == "table_lost" for n in notes)
    # the unit glued to the heading after it stays with the amount
    assert data["proactive"]["procurement"]["amount_unit"] == "万元"


def _review_page(heading: str, numbers: str) -> str:
    return (
        HEADER.format(year=2024)
        + PROACTIVE_2021.format(docs="1012")
        + _applications(F2021, {})
        + heading
        + REVIEW.removeprefix("四、政府信息公开行政复议、行政诉讼情况")
        + numbers
        + "五、存在的主要问题及改进情况无。"
    )


def test_section_4_with_a_varied_or_mistyped_heading_is_read() -> None:
    for heading in (
        "四、政府信息公开行政复议与行政诉讼情况",
        "四、政府信息公开行政法复议、行政诉讼情况",
        "四、政府信息公开行政复议和行政诉讼的情况",
    ):
        data, _ = _read(_review_page(heading, "100010000000000"))
        assert data["review_litigation"] == {
            "reconsideration": [1, 0, 0, 0, 1],
            "litigation_direct": [0, 0, 0, 0, 0],
            "litigation_after_reconsideration": [0, 0, 0, 0, 0],
        }, heading


def test_a_heading_broken_over_two_lines_starts_its_table() -> None:
    text = (
        "某某县林业局2022年度政府信息公开工作年度报告\n"
        "三、收到和处理政府信息\n公开申请情况\n"
        + "\n".join(
            f"{row.label}\t1\t0\t0\t0\t0\t0\t1"
            if row.id in ("new_received", "granted", "total")
            else f"{row.label}\t0\t0\t0\t0\t0\t0\t0"
            for row in FORMATS[F2021].applications
        )
    )
    from gongkai.reader.sources.text import tokenize_text
    from gongkai.reader.tables.regions import find_regions

    tokens = tokenize_text(text)
    region = find_regions(tokens)["applications"]
    assert tokens[region.start].text == "三、收到和处理政府信息"
    data, _ = _read(text)
    assert data["applications"]["granted"] == [1, 0, 0, 0, 0, 0, 1]


def test_a_table_present_but_unreadable_is_reported_not_silently_null() -> None:
    text = (
        "某某县林业局2022年度政府信息公开工作年度报告\n"
        "三、收到和处理政府信息公开申请情况\n（详见附表图片）\n"
        "四、政府信息公开行政复议、行政诉讼情况\n（详见附表图片）\n"
        "五、存在的主要问题及改进情况\n无。\n"
    )
    data, notes = _read(text)
    assert data["applications"] is None and data["review_litigation"] is None
    assert _codes(notes, "applications") == {"table_lost"}
    assert _codes(notes, "review_litigation") == {"table_lost"}
    lost = next(n for n in notes if n["path"] == "applications")
    assert "标题" in lost["message"] and "heading" in lost["message_en"]


def test_row_labels_without_a_heading_are_reported_when_the_table_is_lost() -> None:
    text = (
        "某某县林业局2022年度政府信息公开工作年度报告\n"
        "二、主动公开政府信息情况\n第二十条第（一）项\n规章\t0\t0\t0\n"
        "（一）予以公开\t见附表\n（二）部分公开\t见附表\n（七）总计\t见附表\n"
    )
    _, notes = _read(text)
    (lost,) = [n for n in notes if n["code"] == "table_lost"]
    assert lost["path"] == "applications"
    assert "3 个行名或列名" in lost["message"]


# --- class 2: glued digits split with the evidence at hand ----------------------------


def _proactive_2019(licensing: str, procurement: str) -> dict[str, Any]:
    body = PROACTIVE_2019.format(licensing=licensing, procurement=procurement)
    data, notes = _read(
        HEADER.format(year=2019) + body + "五、存在的主要问题及改进情况无。"
    )
    return {"data": data["proactive"], "notes": notes}


def test_procurement_split_by_the_amount_per_item_and_its_unit() -> None:
    # 元: 2 items at 1.7 million each, before 23 at 19,565 or 234 at 214 (implausible)
    read = _proactive_2019("000", "23450000元")
    assert read["data"]["procurement"] == {
        "items": 2,
        "amount": 3450000,
        "amount_unit": "元",
    }
    (uncertain,) = [n for n in read["notes"] if n["code"] == "uncertain"]
    assert "采用 2|3450000，其他读法 23|450000" in uncertain["message"]
    # 万元: the same kind of digits, weighed in 万元 (2 items at 172.5 万元 each)
    read = _proactive_2019("000", "2345万元")
    assert read["data"]["procurement"] == {
        "items": 2,
        "amount": 345,
        "amount_unit": "万元",
    }


def test_an_amount_of_a_few_yuan_per_item_is_not_chosen() -> None:
    read = _proactive_2019("000", "69080000元")
    procurement = read["data"]["procurement"]
    assert (procurement["items"], procurement["amount"]) == (6, 9080000)
    read = _proactive_2019("000", "6 9080000元")  # printed apart: as printed
    assert read["data"]["procurement"]["items"] == 6


def test_prose_figure_decides_a_glued_documents_row() -> None:
    page = (
        HEADER.format(year=2023)
        + "一、总体情况本年度共制发行政规范性文件9件。"
        + PROACTIVE_2021.format(docs="9234")
        + _applications(F2021, {})
        + REVIEW
        + "0" * 15
    )
    data, _ = _read(page)
    assert data["proactive"]["normative_documents"] == {
        "issued": 9,
        "repealed": 2,
        "in_force": 34,
    }


def test_repealed_above_in_force_is_the_less_likely_split() -> None:
    page = (
        HEADER.format(year=2023)
        + PROACTIVE_2021.format(docs="4137")
        + _applications(F2021, {})
        + REVIEW
        + "0" * 15
    )
    data, notes = _read(page)
    assert data["proactive"]["normative_documents"] == {
        "issued": 4,
        "repealed": 1,
        "in_force": 37,
    }
    assert "uncertain" in _codes(notes, "proactive.normative_documents")


def test_section_4_runs_with_leading_zeros_are_split_by_the_group_totals() -> None:
    data, _ = _read(
        _review_page(
            "四、政府信息公开行政复议、行政诉讼情况", "0 010 10 0 0 0 0 0 0 0 0 0"
        )
    )
    assert data["review_litigation"]["reconsideration"] == [0, 0, 1, 0, 1]
    data, _ = _read(
        _review_page(
            "四、政府信息公开行政复议、行政诉讼情况", "20 0 1 300 0 0 0 0 0 0 00"
        )
    )
    assert data["review_litigation"]["reconsideration"] == [2, 0, 0, 1, 3]


# --- class 3: text after a table glued onto its last cell -----------------------------


def test_a_year_glued_after_the_last_cell_is_text() -> None:
    data, _ = _read(
        _review_page("四、政府信息公开行政复议、行政诉讼情况", "0" * 15).replace(
            "五、存在的主要问题及改进情况无。", "2024年，本局将继续做好公开工作。"
        )
    )
    assert data["review_litigation"]["litigation_after_reconsideration"] == [0] * 5


def test_carried_forward_row_glued_to_the_next_line_is_kept() -> None:
    lines = [
        "某某县林业局2022年度政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
    ]
    for row in FORMATS[F2021].applications:
        cells = {"new_received": "3 0 0 0 0 0 3", "granted": "2 0 0 0 0 0 2"}
        cells |= {"total": "2 0 0 0 0 0 2", "carried_forward": "1 0 0 0 0 0 1"}
        lines.append(f"{row.label} {cells.get(row.id, '0 0 0 0 0 0 0')}")
    text = "\n".join(lines) + "四、政府信息公开行政复议、行政诉讼情况\n"
    data, _ = _read(text)
    assert data["applications"]["carried_forward"] == [1, 0, 0, 0, 0, 0, 1]


# --- class 4: a 2021 report printing the single 2019 row ------------------------------


def _mixed(year: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = {"new_received": "1000001", "total": "1000001", "other": "1000001"}
    page = (
        HEADER.format(year=year)
        + PROACTIVE_2021.format(docs="1012")
        + _applications(F2019, rows)
        + REVIEW
        + "0" * 15
    )
    return _read(page)


def test_2021_report_with_the_single_2019_other_row_reads_as_2021() -> None:
    data, notes = _mixed(2022)
    assert data["format"] == "2021"
    assert data["applications"]["other_misc"] == [1, 0, 0, 0, 0, 0, 1]
    assert data["applications"]["other_no_correction"] == [0] * 7
    assert data["applications"]["other_unpaid_fee"] == [0] * 7
    assert "other" not in data["applications"]
    assert "format_mixed" in _codes(notes, "applications.other_misc")


def test_before_2021_the_mixed_report_keeps_the_2019_format() -> None:
    data, notes = _mixed(2020)
    assert data["format"] == "2019"
    assert data["applications"]["other"] == [1, 0, 0, 0, 0, 0, 1]
    assert any(n["code"] == "format_mixed" for n in notes)


# --- class 5: the agency only in the crawler's metadata line --------------------------


def test_agency_and_year_from_the_metadata_title_line() -> None:
    page = (
        "标题：某某县林业局2021年度政府信息公开工作年度报告\n发布时间: 2022-01-20\n"
        "原文链接: https://example.gov.cn/a.htm\n==== 正文 ====\n"
        "当前位置：首页 政务公开 来源： 时间：2022-01-20 微信 微博 "
        "根据《条例》要求，现公布本报告。" + PROACTIVE_2021.format(docs="1012")
    )
    data, _ = _read(page)
    assert data["agency"] == "某某县林业局"
    assert data["year"] == 2021
