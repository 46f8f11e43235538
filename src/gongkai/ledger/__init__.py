"""The application ledger (依申请公开台账) of ledger.md: read XLSX/CSV, write them back.

Reading is all-or-nothing: every invalid cell of every row becomes a `LedgerProblem`
(row number, header, value, reason) and one `LedgerError` lists them all.
"""

from __future__ import annotations

from gongkai.errors import LedgerError, LedgerProblem
from gongkai.ledger.columns import (
    HEADERS,
    REQUIRED,
    Ledger,
    LedgerRow,
    parse_outcome,
)
from gongkai.ledger.reader import parse_ledger, parse_ledger_table, read_ledger
from gongkai.ledger.writer import (
    ledger_cells,
    write_ledger_csv,
    write_ledger_template,
    write_ledger_xlsx,
)

__all__ = [
    "HEADERS",
    "REQUIRED",
    "Ledger",
    "LedgerError",
    "LedgerProblem",
    "LedgerRow",
    "ledger_cells",
    "parse_ledger",
    "parse_ledger_table",
    "parse_outcome",
    "read_ledger",
    "write_ledger_csv",
    "write_ledger_template",
    "write_ledger_xlsx",
]
