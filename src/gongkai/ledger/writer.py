"""Write a ledger as XLSX (real date cells) or UTF-8 CSV, readable by the reader."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO

import openpyxl

from gongkai.ledger.columns import HEADERS, NO, YES, Cell, LedgerRow


def ledger_cells(row: LedgerRow) -> list[Cell]:
    """Return the cells of a row in `HEADERS` order, labels in Chinese, dates as dates."""
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
    return [values[cid] for cid in HEADERS]


def write_ledger_xlsx(
    rows: Iterable[LedgerRow], target: Path | str | IO[bytes]
) -> None:
    """Write the ledger as XLSX (real date cells), readable by `read_ledger`."""
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
    book.save(target)


def write_ledger_csv(rows: Iterable[LedgerRow], target: Path | str | IO[bytes]) -> None:
    """Write the ledger as UTF-8 CSV with a BOM (so Excel opens it right)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS.values())
    for row in rows:
        writer.writerow(
            "" if v is None else v.isoformat() if isinstance(v, date) else str(v)
            for v in ledger_cells(row)
        )
    data = buffer.getvalue().encode("utf-8-sig")
    if isinstance(target, Path | str):
        Path(target).write_bytes(data)
    else:
        target.write(data)
