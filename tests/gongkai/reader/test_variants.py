"""Small published-report variants, each checked cell by cell."""

from __future__ import annotations

from gongkai.reader import read_report
from gongkai.report.codec import report_to_data

TITLE = "某某县水利局2019年度政府信息公开工作年度报告\n"
REVIEW_2019 = "四、政府信息公开行政复议、行政诉讼情况\n"


def _read(text: str, name: str = "r.txt") -> dict:  # type: ignore[type-arg]
    return report_to_data(read_report((TITLE + text).encode("utf-8"), name).report)


def test_changes_in_words_and_footnote_marks() -> None:
    data = _read(
        "二、主动公开政府信息情况\n第二十条第（五）项\n"
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
        "行政许可\t13\t减少1\t59\n其他对外管理服务事项\t52\t增加2\t145①\n"
    )
    assert data["proactive"]["licensing"] == {
        "previous_items": 13,
        "change": -1,
        "decisions": 59,
    }
    assert data["proactive"]["other_services"]["decisions"] == 145


def test_table_drawn_with_box_characters() -> None:
    data = _read(
        "二、主动公开政府信息情况\n┌────┬────┬────┬────┐\n"
        "│信息内容│本年新制作数量│本年新公开数量│对外公开总数量│\n├────┼────┼────┼────┤\n"
        "│规章  │ 0 │ 0 │ 2 │\n│规范性文件│ 3 │ 1 │ 12 │\n└────┴────┴────┴────┘\n"
    )
    assert data["proactive"]["normative_documents"] == {
        "made": 3,
        "published": 1,
        "total_published": 12,
    }


def test_review_table_printed_one_group_per_row() -> None:
    data = _read(
        REVIEW_2019 + "| | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        "| 行政复议 | 1 | 0 | 0 | 0 | 1 |\n| 未经复议直接起诉 | 0 | 0 | 2 | 1 | 3 |\n"
        "| 复议后起诉 | 0 | 0 | 1 | 0 | 1 |\n五、存在的主要问题及改进情况\n"
    )
    assert data["review_litigation"] == {
        "reconsideration": [1, 0, 0, 0, 1],
        "litigation_direct": [0, 0, 2, 1, 3],
        "litigation_after_reconsideration": [0, 0, 1, 0, 1],
    }


def test_review_header_copied_from_a_pdf_in_pieces() -> None:
    data = _read(
        REVIEW_2019 + "行政复议                 行政诉讼\n"
        "                         未经复议直接起诉       复议后起诉\n"
        "结果 结果 其他 尚未      结果 结果 其他 尚未     结果 结果 其他 尚未\n"
        "                 总计                    总计                   总计\n"
        "维持 纠正 结果 审结      维持 纠正 结果 审结     维持 纠正 结果 审结\n"
        "3    1    0    1    5    1    0    1    1    3    0   0   0   1   1\n"
        "五、存在的主要问题及改进情况\n"
    )
    assert data["review_litigation"]["reconsideration"] == [3, 1, 0, 1, 5]
    assert data["review_litigation"]["litigation_after_reconsideration"] == [
        0,
        0,
        0,
        1,
        1,
    ]


def test_superscript_marks_in_html_cells_are_not_digits() -> None:
    page = (
        "<html><body><h1>" + TITLE + "</h1><h2>三、收到和处理政府信息公开申请情况</h2>"
        "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>35<sup>1</sup></td>"
        + "<td>0</td>" * 5
        + "<td>35</td></tr></table></body></html>"
    )
    result = read_report(page.encode("utf-8"), "r.html")
    assert result.report.applications.row("new_received") == [35, 0, 0, 0, 0, 0, 35]  # type: ignore[union-attr]


def test_radicals_from_pdf_fonts_are_read_as_characters() -> None:
    data = report_to_data(
        read_report(
            "南州市⼈⺠政府办公室2021年度政府信息公开⼯作年度报告\n⼆、主动公开政府信息情况\n"
            "第⼆⼗条第（⼀）项\n信息内容 本年制发件数 本年废⽌件数 现⾏有效件数\n规章 0 0 1\n"
            "⾏政规范性⽂件 2 0 7\n".encode(),
            "r.txt",
        ).report
    )
    assert data["agency"] == "南州市人民政府办公室"
    assert data["proactive"]["normative_documents"] == {
        "issued": 2,
        "repealed": 0,
        "in_force": 7,
    }
