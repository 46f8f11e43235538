"""The reconsideration and litigation register (复议诉讼台账) and the section 四 table.

Each `ReviewCase` is one 行政复议 or 行政诉讼 brought against the agency because of its
OGI work (条例第五十一条), linked to the applications it concerns. `review_table`
counts the cases of a report year into the three groups of section 四
(`formats.REVIEW_GROUPS`), each `[upheld, corrected, other, pending, total]`.

Counting rule (process.md §7; the official formats do not fix it):

* A case counts in the year it was filed (`filed_on` in Y), with its status as of
  Y-12-31: concluded on or before Y-12-31 → the column of its result (结果维持 /
  结果纠正 / 其他结果); not concluded, or concluded after Y-12-31 → 尚未审结.
* With `count_concluded_from_previous_year=True` (off by default), a case filed before Y
  that was still pending on (Y-1)-12-31 and concluded in Y also counts in Y, in the
  column of its result. Such a case then appears twice across reports: as 尚未审结 in its
  filing year and under its result in the year it concluded. A case filed before Y and
  still pending at the end of Y is not counted in Y under either rule.
* 总计 is the sum of the four columns, so rule 4 of report-schema.md holds by
  construction.

`review_notes` gives the sentence the report prints to say which rule was used;
`review_cells` gives the cases behind each cell, so every number links to its cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.errors import InvalidInput
from gongkai.report.formats import REVIEW_COLUMNS, REVIEW_GROUPS
from gongkai.report.model import ReviewLitigation


class ReviewKind(StrEnum):
    """The three groups of section 四; values are the group ids of the table."""

    RECONSIDERATION = "reconsideration"  # 行政复议
    LITIGATION_DIRECT = "litigation_direct"  # 未经复议直接起诉
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration"  # 复议后起诉

    @property
    def label(self) -> str:
        group = next(g for g in REVIEW_GROUPS if g.id == self.value)
        return f"{group.parent}（{group.label}）" if group.parent else group.label


class ReviewResult(StrEnum):
    """A case's result; values are the column ids of section 四 (总计 aside)."""

    UPHELD = "upheld"  # 结果维持
    CORRECTED = "corrected"  # 结果纠正
    OTHER = "other"  # 其他结果
    PENDING = "pending"  # 尚未审结

    @property
    def label(self) -> str:
        return next(c.label for c in REVIEW_COLUMNS if c.id == self.value)


RESULT_COLUMNS: tuple[ReviewResult, ...] = tuple(ReviewResult)
# 条例 (国务院令第492号) in force 2008-05-01: no OGI case was filed before it.
EARLIEST_FILED_ON = date(2008, 5, 1)


@dataclass(frozen=True)
class ReviewCase:
    """One reconsideration or lawsuit about the agency's OGI work.

    `result` is PENDING exactly when `concluded_on` is None. `applications` holds the
    tracking numbers of the applications the case concerns.

    Raises:
        InvalidInput: a concluded case without a result or the other way round, a
            conclusion before the filing, a filing before the 条例 was in force
            (2008-05-01), or an empty case number.
    """

    case_no: str  # 案号, or the register's own number before one is assigned
    kind: ReviewKind
    filed_on: date
    applications: tuple[str, ...] = ()
    result: ReviewResult = ReviewResult.PENDING
    concluded_on: date | None = None
    body: str = ""  # 复议机关 or 人民法院

    def __post_init__(self) -> None:
        where = self._where
        if not self.case_no.strip():
            raise InvalidInput("复议诉讼案件缺少案号 (review case without a number)")
        if self.filed_on < EARLIEST_FILED_ON:
            raise InvalidInput(
                f"{where}: 立案日期 {self.filed_on.isoformat()} 早于条例施行之日 "
                f"{EARLIEST_FILED_ON.isoformat()} (filed_on before {EARLIEST_FILED_ON})"
            )
        if self.concluded_on is None and self.result is not ReviewResult.PENDING:
            raise InvalidInput(
                f"{where}: 结果为「{self.result.label}」但没有审结日期 "
                f"(result {self.result.value} needs concluded_on)"
            )
        if self.concluded_on is not None and self.result is ReviewResult.PENDING:
            raise InvalidInput(
                f"{where}: 已于 {self.concluded_on.isoformat()} 审结但没有结果 "
                f"(concluded_on set, result still pending)"
            )
        if self.concluded_on is not None and self.concluded_on < self.filed_on:
            raise InvalidInput(
                f"{where}: 审结日期 {self.concluded_on.isoformat()} 早于立案日期 "
                f"{self.filed_on.isoformat()} (concluded before it was filed)"
            )

    @property
    def _where(self) -> str:
        return f"复议诉讼案件 {self.case_no!r} (review case {self.case_no!r})"

    def check_not_after(self, today: date) -> None:
        """Refuse a case filed or concluded after `today` (the caller's today).

        Raises:
            InvalidInput: naming the date.
        """
        for name, label, value in (
            ("filed_on", "立案日期", self.filed_on),
            ("concluded_on", "审结日期", self.concluded_on),
        ):
            if value is not None and value > today:
                raise InvalidInput(
                    f"{self._where}: {label} {value.isoformat()} 晚于今天 "
                    f"{today.isoformat()} ({name} is in the future)"
                )

    def status_on(self, day: date) -> ReviewResult:
        """Return the case's result as known on `day` (PENDING until it concludes)."""
        if self.concluded_on is None or self.concluded_on > day:
            return ReviewResult.PENDING
        return self.result

    def is_pending_on(self, day: date) -> bool:
        """Tell whether the case was filed and not concluded on `day`."""
        return self.filed_on <= day and self.status_on(day) is ReviewResult.PENDING


Cell = tuple[ReviewKind, ReviewResult]


def counted_status(
    case: ReviewCase, year: int, *, count_concluded_from_previous_year: bool = False
) -> ReviewResult | None:
    """Return the column `case` counts in for the report of `year`.

    None means the case does not count in that year (rule in the module docstring).
    """
    year_end = date(year, 12, 31)
    if case.filed_on.year == year:
        return case.status_on(year_end)
    if (
        count_concluded_from_previous_year
        and case.filed_on.year < year
        and case.is_pending_on(date(year - 1, 12, 31))
        and case.concluded_on is not None
        and case.concluded_on.year == year
    ):
        return case.result
    return None


def review_cells(
    cases: Iterable[ReviewCase],
    year: int,
    *,
    count_concluded_from_previous_year: bool = False,
) -> dict[Cell, tuple[ReviewCase, ...]]:
    """Return the cases behind each (group, result) cell of section 四 for `year`.

    Every cell is present (empty tuples for zero); 总计 cells are the union of their
    group's four cells and are not listed. Cases keep their order within a cell.

    Raises:
        InvalidInput: when two cases share a case number.
    """
    cells: dict[Cell, list[ReviewCase]] = {
        (kind, result): [] for kind in ReviewKind for result in RESULT_COLUMNS
    }
    seen: set[str] = set()
    for case in cases:
        if case.case_no in seen:
            raise InvalidInput(
                f"复议诉讼案件 {case.case_no!r} 登记了两次 "
                f"(review case {case.case_no!r} registered twice)"
            )
        seen.add(case.case_no)
        status = counted_status(
            case,
            year,
            count_concluded_from_previous_year=count_concluded_from_previous_year,
        )
        if status is not None:
            cells[(case.kind, status)].append(case)
    return {cell: tuple(found) for cell, found in cells.items()}


def review_table(
    cases: Iterable[ReviewCase],
    year: int,
    *,
    count_concluded_from_previous_year: bool = False,
) -> ReviewLitigation:
    """Return the section 四 table of `year` counted from the register.

    Raises:
        InvalidInput: when two cases share a case number.
    """
    cells = review_cells(
        cases,
        year,
        count_concluded_from_previous_year=count_concluded_from_previous_year,
    )
    groups: dict[str, list[int]] = {}
    for kind in ReviewKind:
        counts = [len(cells[(kind, result)]) for result in RESULT_COLUMNS]
        groups[kind.value] = [*counts, sum(counts)]
    return ReviewLitigation.model_validate(groups)


def review_notes(
    cases: Iterable[ReviewCase],
    year: int,
    *,
    count_concluded_from_previous_year: bool = False,
) -> tuple[str, ...]:
    """Return the report notes that say how section 四 of `year` was counted."""
    notes = [
        f"第四部分按案件提起年度统计：{year}年内提起的行政复议、行政诉讼案件计入本表，"
        f"办理结果以{year}年12月31日的状态为准，截至该日尚未审结的计入“尚未审结”。"
    ]
    if count_concluded_from_previous_year:
        earlier = sum(
            1
            for case in cases
            if case.filed_on.year < year
            and counted_status(case, year, count_concluded_from_previous_year=True)
            is not None
        )
        notes.append(
            f"此外，{year}年以前提起、{year - 1}年12月31日尚未审结、{year}年内审结的案件"
            f"（{earlier}件）按审结结果一并计入本表，这些案件在提起年度的报告中已计入"
            f"“尚未审结”。"
        )
    else:
        notes.append(f"{year}年以前提起、{year}年内审结的案件不再计入本表。")
    return tuple(notes)
