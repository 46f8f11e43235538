"""What a format revision is made of, and the registry of the revisions in force.

A `ReportFormat` holds everything one State Council notice fixes: the tables of sections
二 and 三 (rows, columns, labels, verbatim with full-width punctuation), the years it
applies to, the scaffold of the text sections 一, 五 and 六, how outcomes of other
revisions are counted in it and which rows tell a table filled in it. Each revision is
one module beside this one (`f2019.py`, `f2021.py`); `FORMATS` is the registry every
other module iterates, so a new revision is one module plus its registration.

`FormatId` behaves like an enum whose members are the registered formats: iterating the
class yields them in order, and `FormatId(text)` returns the registered id or raises
`ValueError`. Modules that derive something from the registry build it through
`FORMATS.derived` (rebuilt after a registration) or ask `FORMATS.subscribe` to hear of
later registrations (the report model), so a format registered late is seen everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


class _RegisteredIds(type):
    """The metaclass that makes `FormatId` iterable over the registered formats."""

    def __iter__(cls) -> Iterator[FormatId]:
        return iter(FORMATS)

    def __len__(cls) -> int:
        return len(FORMATS)


class FormatId(str, metaclass=_RegisteredIds):
    """The id of a registered format: the year of its notice ("2019", "2021")."""

    __slots__ = ()

    def __new__(cls, value: object) -> FormatId:
        """Return the id of the registered format `value` names.

        Raises:
            ValueError: for an id no format is registered under.
        """
        text = str(value)
        found = FORMATS.find(text)
        if found is None:
            raise ValueError(f"{text!r} is not a registered report format")
        return found.id

    @classmethod
    def declare(cls, text: str) -> FormatId:
        """Return a new id for a format module to register (not checked)."""
        return str.__new__(cls, text)

    @property
    def value(self) -> str:
        return str(self)

    @property
    def label(self) -> str:
        """The notice that fixes the format: 国办公开办函〔2021〕30号."""
        return FORMATS[self].document

    def __repr__(self) -> str:
        return f"FormatId({str(self)!r})"


class CellKind(StrEnum):
    COUNT = "count"  # a non-negative integer
    SIGNED = "signed"  # an integer that may be negative (本年增/减)
    DECIMAL = "decimal"  # money (万元 or as printed)

    @property
    def label(self) -> str:
        return {"count": "非负整数", "signed": "整数（可为负）", "decimal": "数值"}[
            self
        ]


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: CellKind = CellKind.COUNT


@dataclass(frozen=True)
class ProactiveRow:
    """A row of the section 二 table; `text_fields` sit beside its numbers."""

    id: str
    label: str
    columns: tuple[Column, ...]
    text_fields: tuple[str, ...] = ()  # e.g. the unit the procurement amount is in


@dataclass(frozen=True)
class ProactiveBlock:
    """One block of the section 二 table: a title row, a header row, data rows."""

    title: str  # 第二十条第（一）项
    rows: tuple[ProactiveRow, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.rows[0].columns

    @property
    def header(self) -> tuple[str, ...]:
        return (CONTENT_HEADER, *(c.label for c in self.columns))


CONTENT_HEADER = "信息内容"


@dataclass(frozen=True)
class ApplicationRow:
    """A row of the section 三 table; `group` is the merged label cell it sits under."""

    id: str
    label: str  # the item label as printed in its own cell
    group: str | None = None  # （三）不予公开 …
    is_outcome: bool = False  # one of the 三、本年度办理结果 rows that add up to 总计

    @property
    def full_label(self) -> str:
        return f"{self.group} {self.label}" if self.group else self.label


@dataclass(frozen=True)
class ReviewGroup:
    id: str
    label: str
    parent: str | None  # 行政诉讼 for the two litigation groups


@dataclass(frozen=True)
class TableSpec:
    id: str
    heading: str


# A sub-heading of a text section and what staff are asked to write under it.
Topic = tuple[str, str]


@dataclass(frozen=True)
class Scaffold:
    """The sub-headings a format asks for in sections 一, 五 and 六.

    Section 六 opens with `fee_heading` and the fee sentence, even when nothing was
    charged; without it, the sentence stands alone and only when fees were charged.
    After the `other` topics, `notes_heading` heads the notes on how the report was
    counted ("无。" when there are none); without it the notes (or a placeholder asking
    for other matters) follow directly.
    """

    overview: tuple[Topic, ...]
    problems: tuple[Topic, ...]
    other: tuple[Topic, ...] = ()
    fee_heading: str | None = None
    notes_heading: str | None = None

    @property
    def always_states_fee(self) -> bool:
        """Whether section 六 states the fees even when none were charged."""
        return self.fee_heading is not None


@dataclass(frozen=True)
class ReportFormat:
    """One official format revision: its notice, years, tables and text scaffold.

    `outcome_fallback` maps an outcome row of another format that this one lacks to the
    row it is counted in here. `distinguishing_rows` are the row ids (section 二 or 三)
    that tell a table was filled in this format rather than another one.
    """

    id: FormatId
    document: str  # 国办公开办函〔2021〕30号
    effective_from: int  # the first report year it applies to
    proactive: tuple[ProactiveBlock, ...]
    applications: tuple[ApplicationRow, ...]
    scaffold: Scaffold
    outcome_fallback: Mapping[str, str] = field(default_factory=dict)
    distinguishing_rows: frozenset[str] = frozenset()

    @property
    def proactive_rows(self) -> tuple[ProactiveRow, ...]:
        return tuple(row for block in self.proactive for row in block.rows)

    @property
    def outcome_rows(self) -> tuple[ApplicationRow, ...]:
        return tuple(row for row in self.applications if row.is_outcome)

    def application_row(self, row_id: str) -> ApplicationRow:
        return next(row for row in self.applications if row.id == row_id)

    def proactive_row(self, row_id: str) -> ProactiveRow:
        return next(row for row in self.proactive_rows if row.id == row_id)

    def outcome_row_for(self, row_id: str) -> str:
        """Return the id of the row of this format an outcome row is counted in.

        Raises:
            KeyError: for an outcome this format has no row for.
        """
        if any(row.id == row_id for row in self.outcome_rows):
            return row_id
        return self.outcome_fallback[row_id]


Listener = Callable[[], None]


class Registry(Mapping[FormatId, ReportFormat]):
    """The registered formats by id, in the order of the years they apply from."""

    def __init__(self) -> None:
        self._formats: dict[str, ReportFormat] = {}
        self._listeners: list[Listener] = []

    def __getitem__(self, key: str) -> ReportFormat:
        return self._formats[str(key)]

    def find(self, format_id: str) -> ReportFormat | None:
        """Return the format registered under `format_id`, or None."""
        return self._formats.get(str(format_id))

    def __iter__(self) -> Iterator[FormatId]:
        return iter([spec.id for spec in self._formats.values()])

    def __len__(self) -> int:
        return len(self._formats)

    def register(self, spec: ReportFormat) -> None:
        """Add a format revision; what derives from the registry is rebuilt.

        Raises:
            ValueError: for an id or a first year another format already has.
        """
        for other in self._formats.values():
            if other.id == spec.id or other.effective_from == spec.effective_from:
                raise ValueError(f"format {spec.id} clashes with format {other.id}")
        found = [*self._formats.values(), spec]
        found.sort(key=lambda f: f.effective_from)
        self._formats = {f.id: f for f in found}
        self._changed()

    def unregister(self, format_id: str) -> None:
        """Remove a format (a test's made-up revision); derived things are rebuilt."""
        del self._formats[str(format_id)]
        self._changed()

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` after every later registration or removal."""
        self._listeners.append(listener)

    def derived(self, build: Callable[[], T]) -> Callable[[], T]:
        """Return `build` memoised until the next registration or removal.

        For what a module derives from every format (the reader's label sets).
        """
        built: list[T] = []

        @functools.wraps(build)
        def get() -> T:
            if not built:
                built.append(build())
            return built[0]

        self.subscribe(built.clear)
        return get

    @property
    def newest(self) -> ReportFormat:
        """The format of the latest revision (the one for the current year)."""
        return next(reversed(self._formats.values()))

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()


FORMATS = Registry()
