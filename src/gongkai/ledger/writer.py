"""Write a ledger as XLSX (real date cells) or UTF-8 CSV, readable by the reader."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO

import openpyxl
from openpyxl.utils import get_column_letter

from gongkai.ledger.columns import HEADERS, NO, YES, Cell, LedgerRow
from gongkai.text import neutralise_formula, printable


def ledger_cells(row: LedgerRow) -> list[Cell]:
    """Return the cells of a row in `HEADERS` order, labels in Chinese, dates as dates.

    Text is returned as stored, control characters removed (no XLSX can hold them).
    """
    values: dict[str, Cell] = {
        "number": row.number,
        "received": row.received,
        "applicant_type": row.applicant_type.label,
        "applicant": row.applicant,
        "content": row.content,
        "channel": row.channel.label if row.channel else None,
        "correction_asked": row.correction_asked,
        "correction_received": row.correction_received,
        "consultation_start": row.consultation_start,
        "consultation_end": row.consultation_end,
        "extended": YES if row.extended else NO,
        "replied": row.replied,
        "outcome": row.outcome.label if row.outcome else None,
        "fee_yuan": row.fee_yuan,
        "note": row.note,
    }
    return [
        printable(value) if isinstance(value, str) else value
        for value in (values[cid] for cid in HEADERS)
    ]


def write_ledger_xlsx(
    rows: Iterable[LedgerRow], target: Path | str | IO[bytes]
) -> None:
    """Write the ledger as XLSX (real date cells, text cells typed as text, so no
    stored text runs as a formula), readable by `read_ledger`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "依申请公开台账"
    sheet.append(list(HEADERS.values()))
    for row in rows:
        sheet.append(ledger_cells(row))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula (`=HYPERLINK(…)`)
    book.save(target)


def write_ledger_csv(rows: Iterable[LedgerRow], target: Path | str | IO[bytes]) -> None:
    """Write the ledger as UTF-8 CSV with a BOM (so Excel opens it right).

    A text cell that would start a formula gets an apostrophe before it (the reader
    drops it again).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS.values())
    for row in rows:
        writer.writerow(
            ""
            if v is None
            else v.isoformat()
            if isinstance(v, date)
            else neutralise_formula(v)
            if isinstance(v, str)
            else str(v)
            for v in ledger_cells(row)
        )
    data = buffer.getvalue().encode("utf-8-sig")
    if isinstance(target, Path | str):
        Path(target).write_bytes(data)
    else:
        target.write(data)


# What each column takes, for the template's instructions sheet (ledger.md).
COLUMN_HELP: dict[str, str] = {
    "number": "必填。本机关的申请编号，同一编号再次导入视为同一件",
    "received": "必填。收到申请日期，如 2024-01-05（条例第三十一条）",
    "applicant_type": "必填。自然人、商业企业、科研机构、社会公益组织、法律服务机构或其他",
    "applicant": "必填。申请人姓名或名称",
    "content": "必填。申请公开的政府信息",
    "channel": "当面、邮寄、平常信函、网络、传真、电子邮件或其他",
    "correction_asked": "告知补正的日期（没有则留空）",
    "correction_received": "收到补正的日期",
    "consultation_start": "开始征求第三方或其他机关意见的日期",
    "consultation_end": "征求意见结束的日期",
    "extended": "是否延长答复期限：是 或 否",
    "replied": "答复（办结）日期；未办结留空",
    "outcome": "办理结果，按年度报告表格的项目名称填写，如 予以公开、部分公开",
    "fee_yuan": "收取的信息处理费（元）",
    "note": "备注",
}


def write_ledger_template(target: Path | str | IO[bytes]) -> None:
    """Write an empty ledger workbook: the header row to fill in, and a sheet that
    says what each column takes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "依申请公开台账"
    sheet.append(list(HEADERS.values()))
    sheet.freeze_panes = "A2"
    for n, _header in enumerate(HEADERS.values(), start=1):
        sheet.column_dimensions[get_column_letter(n)].width = 16
    guide = book.create_sheet("填写说明")
    guide.append(["列", "填写要求"])
    for cid, header in HEADERS.items():
        guide.append([header, COLUMN_HELP[cid]])
    guide.column_dimensions["B"].width = 70
    book.save(target)
