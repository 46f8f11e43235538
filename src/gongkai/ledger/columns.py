"""The ledger's columns, its typed row, its problems, and the labels a cell may hold.

ledger.md fixes the headers; outcome, applicant type and channel labels are derived from
`report/formats/` through `gongkai.vocabulary`, never written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from gongkai.errors import InvalidInput
from gongkai.vocabulary import (
    ApplicantType,
    Channel,
    Outcome,
    display_label,
    strip_numbering,
)

# Column ids and their headers, in the order ledger.md lists them (and export writes).
HEADERS: dict[str, str] = {
    "number": "编号",
    "received": "收到日期",
    "applicant_type": "申请人类型",
    "applicant": "申请人",
    "content": "申请内容",
    "channel": "渠道",
    "correction_asked": "补正告知日期",
    "correction_received": "补正收到日期",
    "consultation_start": "征求意见开始",
    "consultation_end": "征求意见结束",
    "extended": "延期",
    "replied": "答复日期",
    "outcome": "办理结果",
    "fee_yuan": "收费金额",
    "note": "备注",
}
REQUIRED = ("number", "received", "applicant_type", "applicant", "content")
YES, NO = "是", "否"

Cell = str | int | float | Decimal | date | datetime | None


@dataclass(frozen=True)
class LedgerRow:
    """One application of a ledger, typed. `replied`/`outcome` are None while open."""

    number: str
    received: date
    applicant_type: ApplicantType
    applicant: str
    content: str
    channel: Channel | None = None
    correction_asked: date | None = None
    correction_received: date | None = None
    consultation_start: date | None = None
    consultation_end: date | None = None
    extended: bool = False
    replied: date | None = None
    outcome: Outcome | None = None
    fee_yuan: Decimal | None = None
    note: str = ""
    row_number: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Ledger:
    source: str
    rows: tuple[LedgerRow, ...]
    unknown_headers: tuple[str, ...] = ()


_NUMBERS = re.compile(r"（[一二三四五六七八九十]+）|\d+\s*[.．、]")
_SAME = str.maketrans({"(": "（", ")": "）"})
_DROP = re.compile(r"[\s\-－—–·_]+")


def normalise(text: str) -> str:
    """Key for label matching: no numbering, spaces or dashes; brackets full-width.

    `（三）不予公开 4.保护第三方合法权益`, `不予公开-保护第三方合法权益` and
    `不予公开保护第三方合法权益` share one key.
    """
    unnumbered = _NUMBERS.sub("", text.translate(_SAME))
    return _DROP.sub("", unnumbered).lower()


def _outcome_keys() -> dict[str, Outcome]:
    """Map every way a ledger may name an outcome to it; a name two outcomes share
    (none today) would be left out rather than guessed."""
    keys: dict[str, set[Outcome]] = {}
    for outcome in Outcome:
        item = strip_numbering(outcome.row.label)
        short = item.split("（", 1)[0]  # 部分公开（区分处理的…） -> 部分公开
        for name in (outcome.value, item, short, display_label(outcome.row)):
            keys.setdefault(normalise(name), set()).add(outcome)
    return {key: next(iter(found)) for key, found in keys.items() if len(found) == 1}


OUTCOME_KEYS = _outcome_keys()
APPLICANT_KEYS = {
    normalise(name): t
    for t in ApplicantType
    for name in (t.value, t.label, t.long_label)
}
CHANNEL_KEYS = {normalise(name): c for c in Channel for name in (c.value, c.label)}


def parse_outcome(text: str) -> Outcome:
    """Return the outcome named by id, official label, or group-prefixed label.

    Raises:
        InvalidInput: for any other text.
    """
    found = OUTCOME_KEYS.get(normalise(text))
    if found is None:
        raise InvalidInput(
            f"不是办理结果：{text!r}，应为结果编号或正式名称，如「不予公开-保护第三方合法权益」"
            f" (not an outcome: {text!r})"
        )
    return found


def cell_text(value: Cell) -> str:
    """Return a cell as trimmed text: whole floats without `.0`, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.min.time()
            else str(value)
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
