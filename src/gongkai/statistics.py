"""Section 三 of the annual report counted from case records, in pure Python.

This is the reference count (ledger.md "Rules"): the web layer's database aggregation is
tested against it. For the report of year Y a case counts in
- `new_received` if received in Y;
- `carried_over` if received before Y and not closed before Y;
- the outcome row of its outcome if closed (answered or otherwise) in Y;
- `carried_forward` if received in or before Y and not closed by the end of Y;
each time in the column of its applicant type and in `total`. So
`new_received + carried_over = total + carried_forward` holds by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from gongkai.errors import InvalidInput
from gongkai.report.formats import APPLICANT_TYPES, FORMATS, FormatId, parse_format_id
from gongkai.report.model import APPLICATIONS_MODELS, TableModel
from gongkai.vocabulary import ApplicantType, Outcome, outcome_for_format


class CountedCase(Protocol):
    """What a case must tell to be counted (a `LedgerRow` does, so does `CaseRecord`)."""

    @property
    def received(self) -> date: ...

    @property
    def replied(self) -> date | None: ...

    @property
    def outcome(self) -> Outcome | None: ...

    @property
    def applicant_type(self) -> ApplicantType: ...


@dataclass(frozen=True)
class CaseRecord:
    """The least a case needs to be counted: a plain `CountedCase`."""

    received: date
    applicant_type: ApplicantType
    replied: date | None = None
    outcome: Outcome | None = None


_COLUMN = {ApplicantType(column.id): i for i, column in enumerate(APPLICANT_TYPES)}


def applications_table(
    cases: Iterable[CountedCase], year: int, format: FormatId | str | None = None
) -> TableModel:
    """Return the `applications` table of `year` counted from `cases`.

    `replied` is the day the case was closed (reply, or lapse, or withdrawal) and
    `outcome` its row; outcomes are mapped to `format`'s rows (2019 has one `other`).
    `format` defaults to the newest registered format.

    Raises:
        InvalidInput: for an unknown format, a case closed before it was received, or
            with a closing date and no outcome (or the reverse).
    """
    format_id = FORMATS.newest.id if format is None else parse_format_id(format)
    spec = FORMATS[format_id]
    counts = {row.id: [0] * len(APPLICANT_TYPES) for row in spec.applications}
    start, end = date(year, 1, 1), date(year, 12, 31)
    for case in cases:
        _check_case(case)
        column = _COLUMN[ApplicantType(case.applicant_type)]
        closed = case.replied
        if case.received > end:
            continue
        if start <= case.received:
            counts["new_received"][column] += 1
        elif closed is None or closed >= start:
            counts["carried_over"][column] += 1
        if closed is not None and case.outcome is not None and start <= closed <= end:
            counted = outcome_for_format(Outcome(case.outcome), format_id)
            counts[counted.value][column] += 1
        if closed is None or closed > end:
            counts["carried_forward"][column] += 1
    for outcome_row in spec.outcome_rows:
        for column in range(len(APPLICANT_TYPES)):
            counts["total"][column] += counts[outcome_row.id][column]
    data = {row_id: [*cells, sum(cells)] for row_id, cells in counts.items()}
    return APPLICATIONS_MODELS[format_id].model_validate(data)


def _check_case(case: CountedCase) -> None:
    where = f"申请（{case.received.isoformat()} 收到） (application received {case.received})"
    if (case.replied is None) != (case.outcome is None):
        raise InvalidInput(
            f"{where}: 答复日期和办理结果必须同时填写或同时为空 "
            f"(reply date and outcome go together)"
        )
    if case.replied is not None and case.replied < case.received:
        raise InvalidInput(
            f"{where}: 答复日期 {case.replied.isoformat()} 早于收到日期 "
            f"(replied {case.replied.isoformat()} before receipt)"
        )
