"""The errors the core raises on purpose, each naming the place and the problem.

Every one derives from `GongkaiError`, so an edge (the `gongkai` command, a view, a
management command) can turn any of them into one located message without a traceback:

    GongkaiError                  root: an error the core raises on purpose
    ├── ReportFileError           a report file unreadable, or not a report's shape
    │   └── ReportFormatError     a published report whose tables cannot be read
    ├── CalendarDataMissing       no holiday arrangement for a year (never guessed)
    ├── InvalidInput              a malformed value from a person or a file
    │   └── LedgerError           a ledger refused whole, every invalid row named
    ├── IllegalTransition         an event or step a workflow does not allow there
    ├── ActionRefused             a person who may not do this (role), or a request
    │                             that is impossible (a date in the future)
    └── RendererUnavailable       a renderer's program missing or failed (LibreOffice)

Anything else escaping the core (KeyError, TypeError, …) is a bug, not bad input.
The core never raises `ActionRefused`: the back office does, checking who asks, and
its commands print it like any other `GongkaiError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class GongkaiError(Exception):
    """Root of every error the core raises on purpose."""


class ReportFileError(GongkaiError):
    """A report file that cannot be read, or does not hold a report of the right shape."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        located = f"{source}: {where}: {problem}" if where else f"{source}: {problem}"
        super().__init__(located)
        self.source, self.where, self.problem = source, where, problem


class ReportFormatError(ReportFileError):
    """A published report whose text or tables cannot be read into the model."""


class CalendarDataMissing(GongkaiError):
    """The working-day calendar knows nothing of a year (no package data, no override)."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year}年节假日安排尚未录入 (no holiday arrangement for {year})"
        )
        self.year = year


class InvalidInput(GongkaiError):
    """A value given by a person or a file that is malformed (a date, a row, an option)."""


@dataclass(frozen=True)
class LedgerProblem:
    """An invalid cell: row number as the spreadsheet shows it (headers are row 1)."""

    row_number: int
    header: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row_number}行「{self.header}」{self.value!r}: {self.reason}"


class LedgerError(InvalidInput):
    """A ledger refused whole, with every invalid row named."""

    def __init__(self, source: str, problems: Sequence[LedgerProblem]) -> None:
        rows = len({p.row_number for p in problems})
        head = (
            f"{source}: 台账有{rows}行不合格，未导入任何数据 "
            f"(ledger refused: {len(problems)} problems in {rows} rows, nothing imported)"
        )
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))
        self.source, self.problems = source, tuple(problems)


class IllegalTransition(GongkaiError):
    """An event the Regulations do not allow in the current state: an application's
    (`gongkai.workflow`) or a catalog item's (`gongkai.proactive.publication`)."""


class ActionRefused(GongkaiError):
    """A person who may not do this (role), or a request that is impossible (a date in
    the future); raised by the back office's services, which know who asks."""


class RendererUnavailable(GongkaiError):
    """A renderer that needs a program the machine lacks, or that failed (LibreOffice)."""

    def __init__(self, renderer: str, problem: str) -> None:
        super().__init__(f"{renderer}: {problem}")
        self.renderer, self.problem = renderer, problem
