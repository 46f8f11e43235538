"""The errors the core raises on purpose, each naming the place and the problem."""

from __future__ import annotations


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


class RendererUnavailable(GongkaiError):
    """A renderer that needs a program the machine lacks, or that failed (LibreOffice)."""

    def __init__(self, renderer: str, problem: str) -> None:
        super().__init__(f"{renderer}: {problem}")
        self.renderer, self.problem = renderer, problem
