from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from gongkai.errors import InvalidInput
from gongkai.ledger import (
    HEADERS,
    LedgerError,
    LedgerProblem,
    LedgerRow,
    parse_ledger,
    parse_outcome,
    read_ledger,
    write_ledger_csv,
    write_ledger_xlsx,
)
from gongkai.vocabulary import ApplicantType, Channel, Outcome

HEADER_LINE = ",".join(HEADERS.values())

GOOD_CSV = """\
 编号 ,收到日期,申请人类型,申请人,申请内容,渠道,补正告知日期,补正收到日期,征求意见开始,征求意见结束,延期,答复日期,办理结果,收费金额,备注,经办人
2024-001,2024-01-05,自然人,张三,某区征收补偿方案,当面,,,,,否,2024-01-20,granted,,,李
2024-002,2024/1/8,商业企业,某某有限公司,招标文件,邮寄,2024-01-10,2024-01-16,2024-01-18,2024-02-01,是,2024年3月1日,不予公开-保护第三方合法权益,,涉及商业秘密,王
2024-003,2024年12月30日,其他,某协会,会议纪要,网络,,,,,,,,,,
2023-120,2023-12-01,其他法人或其他组织,某研究会,统计数据,电子邮件,,,,,,2024-01-03,其他处理-其他,"1,700元",撤回,
2024-004,2024-02-01,科研机构,某研究所,原始数据,传真,,,,,否,2024-02-20,4.保护第三方合法权益,0,,
2024-005,2024-02-02,法律服务机构,某律师事务所,档案,平常信函,,,,,否,2024-02-21,（四）无法提供 1.本机关不掌握相关政府信息,,,
2024-006,2024-02-03,社会公益组织,某基金会,报告,其他,,,,,否,2024-02-22,部分公开,,,
,,,,,,,,,,,,,,,
"""

EXPECTED_OUTCOMES = [
    Outcome.GRANTED,
    Outcome.DENIED_THIRD_PARTY,
    None,
    Outcome.OTHER_MISC,
    Outcome.DENIED_THIRD_PARTY,
    Outcome.UNABLE_NOT_HELD,
    Outcome.PARTIALLY_GRANTED,
]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no_bom", "bom"])
def test_good_csv_is_read_into_typed_rows(tmp_path: Path, bom: bytes) -> None:
    ledger = read_ledger(write(tmp_path, "ledger.csv", bom + GOOD_CSV.encode()))
    assert [r.number for r in ledger.rows] == [
        "2024-001",
        "2024-002",
        "2024-003",
        "2023-120",
        "2024-004",
        "2024-005",
        "2024-006",
    ]
    assert [r.outcome for r in ledger.rows] == EXPECTED_OUTCOMES
    assert ledger.unknown_headers == ("经办人",)
    second = ledger.rows[1]
    assert second == LedgerRow(
        number="2024-002",
        received=date(2024, 1, 8),
        applicant_type=ApplicantType.COMMERCIAL,
        applicant="某某有限公司",
        content="招标文件",
        channel=Channel.POST,
        correction_asked=date(2024, 1, 10),
        correction_received=date(2024, 1, 16),
        consultation_start=date(2024, 1, 18),
        consultation_end=date(2024, 2, 1),
        extended=True,
        replied=date(2024, 3, 1),
        outcome=Outcome.DENIED_THIRD_PARTY,
        note="涉及商业秘密",
    )
    assert second.row_number == 3
    assert ledger.rows[2].received == date(2024, 12, 30)
    assert ledger.rows[2].replied is None
    assert ledger.rows[3].applicant_type is ApplicantType.OTHER_ORG
    assert ledger.rows[3].fee_yuan == Decimal("1700")
    assert ledger.rows[4].fee_yuan == Decimal("0")


def test_columns_may_come_in_any_order(tmp_path: Path) -> None:
    text = "申请内容,申请人,编号,申请人类型,收到日期\n文件,张三,A1,自然人,2024-03-01\n"
    ledger = read_ledger(write(tmp_path, "x.csv", text.encode()))
    assert ledger.rows[0].number == "A1"
    assert ledger.rows[0].received == date(2024, 3, 1)
    assert ledger.rows[0].channel is None and not ledger.rows[0].extended


def test_parse_is_idempotent_and_export_round_trips(tmp_path: Path) -> None:
    data = GOOD_CSV.encode()
    first = parse_ledger(data, "a.csv")
    assert parse_ledger(data, "a.csv") == first
    xlsx, csv_out = io.BytesIO(), io.BytesIO()
    write_ledger_xlsx(first.rows, xlsx)
    write_ledger_csv(first.rows, csv_out)
    assert parse_ledger(xlsx.getvalue(), "b.xlsx").rows == first.rows
    assert parse_ledger(csv_out.getvalue(), "b.csv").rows == first.rows
    assert csv_out.getvalue().startswith(b"\xef\xbb\xbf")
    write_ledger_xlsx(first.rows, tmp_path / "c.xlsx")
    write_ledger_csv(first.rows, tmp_path / "c.csv")
    assert read_ledger(tmp_path / "c.xlsx").rows == first.rows
    assert read_ledger(tmp_path / "c.csv").rows == first.rows


def test_exported_xlsx_has_real_date_cells(tmp_path: Path) -> None:
    rows = parse_ledger(GOOD_CSV.encode(), "a.csv").rows
    write_ledger_xlsx(rows, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS.values())
    assert isinstance(sheet["B2"].value, datetime)
    assert sheet["M3"].value == "不予公开-保护第三方合法权益"


def test_xlsx_with_excel_date_cells_and_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "收到日期",
            "编号",
            "申请人类型",
            "申请人",
            "申请内容",
            "答复日期",
            "办理结果",
            "收费金额",
        ]
    )
    sheet.append(
        [
            datetime(2024, 9, 27),
            1001,
            "自然人",
            "张三",
            "文件",
            datetime(2024, 10, 30),
            "予以公开",
            150.5,
        ]
    )
    sheet.append([date(2024, 9, 28), 1002, "自然人", "李四", "文件", None, None, None])
    sheet.append(
        ["2024/9/29", 1003.0, "自然人", "王五", "文件", "2024年10月8日", "重复申请", 0]
    )
    for cell in sheet["A"][1:3]:
        cell.number_format = "yyyy-mm-dd"
    book.save(tmp_path / "ledger.xlsx")
    ledger = read_ledger(tmp_path / "ledger.xlsx")
    assert [r.number for r in ledger.rows] == ["1001", "1002", "1003"]
    assert [r.received for r in ledger.rows] == [
        date(2024, 9, 27),
        date(2024, 9, 28),
        date(2024, 9, 29),
    ]
    assert ledger.rows[0].replied == date(2024, 10, 30)
    assert ledger.rows[0].fee_yuan == Decimal("150.5")
    assert ledger.rows[2].outcome is Outcome.NOT_PROCESSED_DUPLICATE


BAD_CSV = f"""\
{HEADER_LINE}
A1,2021-02-30,自然人,张三,文件,,,,,,,,,,
A2,2021-03-01,公司,李四,文件,当面,,,,,,,,,
A3,2021-03-01,自然人,,文件,飞鸽,,,,,也许,2021-03-10,,,
A4,2021-03-05,自然人,赵六,文件,,,,,,,2021-03-01,予以公开,-5,
A5,2021-03-05,自然人,钱七,文件,,,,2021-03-09,2021-03-08,,2021-03-20,乱写,,
A1,2021-03-06,自然人,孙八,文件,,,,,,,,予以公开,,
A7,2021-03-06,自然人,周九,文件,,,2021-03-08,,,,,,,
"""


def test_bad_rows_are_all_reported_and_nothing_is_returned() -> None:
    with pytest.raises(LedgerError) as info:
        parse_ledger(BAD_CSV.encode(), "bad.csv")
    problems = info.value.problems
    expected = {
        (2, "收到日期", "2021-02-30"),
        (3, "申请人类型", "公司"),
        (4, "申请人", ""),
        (4, "渠道", "飞鸽"),
        (4, "延期", "也许"),
        (4, "办理结果", ""),
        (5, "答复日期", "2021-03-01"),
        (5, "收费金额", "-5"),
        (6, "征求意见结束", "2021-03-08"),
        (6, "办理结果", "乱写"),
        (7, "答复日期", ""),
        (7, "编号", "A1"),
        (8, "补正告知日期", ""),
    }
    assert {(p.row_number, p.header, p.value) for p in problems} == expected
    reasons = {(p.row_number, p.header): p.reason for p in problems}
    assert "日期不存在" in reasons[(2, "收到日期")]
    assert "早于收到日期" in reasons[(5, "答复日期")]
    assert "第2行" in reasons[(7, "编号")]
    message = str(info.value)
    assert "台账有7行不合格，未导入任何数据" in message
    assert "第2行「收到日期」'2021-02-30'" in message
    assert "nothing imported" in message


def test_problem_is_printed_with_row_header_value_reason() -> None:
    problem = LedgerProblem(5, "收到日期", "2021-02-30", "日期不存在")
    assert str(problem) == "第5行「收到日期」'2021-02-30': 日期不存在"


def test_missing_required_and_duplicate_columns_are_reported() -> None:
    text = "编号,收到日期,收到日期,申请人\nA1,2024-01-01,2024-01-01,张三\n"
    with pytest.raises(LedgerError) as info:
        parse_ledger(text.encode(), "x.csv")
    found = {
        (p.row_number, p.header, p.reason.split(" ")[0]) for p in info.value.problems
    }
    assert found == {
        (1, "收到日期", "表头重复"),
        (1, "申请人类型", "缺少必填列"),
        (1, "申请内容", "缺少必填列"),
    }


def test_number_in_a_date_column_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "收到日期", "申请人类型", "申请人", "申请内容"])
    sheet.append(["A1", 45292, "自然人", "张三", "文件"])
    book.save(tmp_path / "n.xlsx")
    with pytest.raises(LedgerError, match="是数字而不是日期"):
        read_ledger(tmp_path / "n.xlsx")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16"])
def test_csv_saved_by_chinese_excel_is_decoded_like_the_reader(
    tmp_path: Path, encoding: str
) -> None:
    utf8 = read_ledger(write(tmp_path, "u.csv", GOOD_CSV.encode()))
    other = read_ledger(write(tmp_path, "g.csv", GOOD_CSV.encode(encoding)))
    assert other.rows == utf8.rows


def test_csv_with_bytes_no_encoding_decodes_is_refused(
    tmp_path: Path,
) -> None:
    data = GOOD_CSV.encode() + b"2024-009,2024-01-05,\xff\xfe\xfd\x80,x\n"
    with pytest.raises(InvalidInput, match="无法识别"):
        read_ledger(write(tmp_path, "bad.csv", data))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.pdf", b"%PDF", "只接受 .xlsx 或 .csv"),
        ("x.xlsx", b"not a zip", "不是有效的 XLSX"),
        ("x.csv", b"", "文件为空"),
    ],
)
def test_unreadable_files_are_refused(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_ledger(data, name)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="无法读取"):
        read_ledger(tmp_path / "missing.csv")


@pytest.mark.parametrize("outcome", list(Outcome), ids=lambda o: o.value)
def test_every_outcome_is_recognised_by_id_and_each_label(outcome: Outcome) -> None:
    row = outcome.row
    for text in {outcome.value, outcome.label, outcome.official_label, row.label}:
        assert parse_outcome(text) is outcome, text


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("不予公开-保护第三方合法权益", Outcome.DENIED_THIRD_PARTY),
        ("无法提供-本机关不掌握相关政府信息", Outcome.UNABLE_NOT_HELD),
        ("其他处理-其他", Outcome.OTHER_MISC),
        ("其他处理", Outcome.OTHER),
        ("不予公开－属于国家秘密", Outcome.DENIED_STATE_SECRET),
        ("(三)不予公开 1.属于国家秘密", Outcome.DENIED_STATE_SECRET),
        ("予以公开", Outcome.GRANTED),
        ("部分公开", Outcome.PARTIALLY_GRANTED),
        ("危及“三安全一稳定”", Outcome.DENIED_SECURITY_STABILITY),
    ],
)
def test_outcome_label_variants(text: str, outcome: Outcome) -> None:
    assert parse_outcome(text) is outcome


@pytest.mark.parametrize("text", ["不予公开", "其他处理-不存在", "公开", ""])
def test_unknown_or_ambiguous_outcome_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="不是办理结果"):
        parse_outcome(text)


@pytest.mark.parametrize(
    ("fee", "reason"),
    [
        ("12.345", "金额最多两位小数"),
        ("0.001", "at most 2 decimals"),
        ("10000000000", "金额过大，应小于 10,000,000,000 元"),
        ("1e10", "amount too large"),
        ("99999999999999999999.5", "金额过大"),
    ],
)
def test_fee_with_more_than_2_decimals_or_too_large_is_refused(
    fee: str, reason: str
) -> None:
    text = f"{HEADER_LINE}\nF1,2024-01-05,自然人,张三,文件,,,,,,,,,{fee},\n"
    with pytest.raises(LedgerError) as info:
        parse_ledger(text.encode(), "fee.csv")
    (problem,) = info.value.problems
    assert (problem.row_number, problem.header, problem.value) == (2, "收费金额", fee)
    assert reason in problem.reason


def test_fee_float_cell_of_an_xlsx_is_checked_like_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "收到日期", "申请人类型", "申请人", "申请内容", "收费金额"])
    sheet.append(["X1", "2024-01-05", "自然人", "张三", "文件", 9999999999.99])
    sheet.append(["X2", "2024-01-05", "自然人", "李四", "文件", 150.125])
    book.save(tmp_path / "fee.xlsx")
    with pytest.raises(LedgerError) as info:
        read_ledger(tmp_path / "fee.xlsx")
    assert [(p.row_number, p.value) for p in info.value.problems] == [(3, "150.125")]
