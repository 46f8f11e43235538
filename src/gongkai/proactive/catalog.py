"""The records of proactive disclosure: catalog items and counts from other systems.

A `CatalogItem` is one entry of the agency's 政府信息公开目录 (条例第十二条: index,
name, summary, date): 索引号, 文号, title, category, issuing body and the dates that the
annual report and the Art. 26 deadline need. A `CategoryCount` is a figure the catalog
cannot give, entered per year with its source: licensing, penalty and enforcement
decisions, fee income, procurement (from the 政务服务, 执法 and 非税收入 systems).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from gongkai.errors import InvalidInput
from gongkai.report.formats import FORMATS

FIRST_YEAR = 2008  # 条例 (国务院令第492号) in force 2008-05-01
# The oldest document a catalog may list: a 规章 or notice of the People's Republic.
EARLIEST_MADE_ON = date(1949, 10, 1)


class Category(StrEnum):
    """What a catalog item is, mapped to the row of section 二 that counts it."""

    REGULATION = "regulation"  # 第二十条第（一）项 规章
    NORMATIVE_DOCUMENT = "normative_document"  # 第二十条第（一）项 （行政）规范性文件
    LICENSING = "licensing"  # 第二十条第（五）项 行政许可
    OTHER_SERVICE = "other_service"  # 第二十条第（五）项 其他对外管理服务事项
    PENALTY = "penalty"  # 第二十条第（六）项 行政处罚
    ENFORCEMENT = "enforcement"  # 第二十条第（六）项 行政强制
    FEE = "fee"  # 第二十条第（八）项 行政事业性收费
    PROCUREMENT = "procurement"  # 第二十条第（九）项 政府集中采购
    OTHER = "other"  # any other proactive information: not counted in section 二

    @property
    def row_id(self) -> str | None:
        """The section 二 row id (report-schema.md), None for OTHER."""
        return _ROW_IDS[self]

    @property
    def label(self) -> str:
        """The row label of the newest format that has the row (2019's for its own)."""
        if self.row_id is None:
            return "其他主动公开信息"
        for format_id in reversed(list(FORMATS)):
            rows = FORMATS[format_id].proactive_rows
            found = [row.label for row in rows if row.id == self.row_id]
            if found:
                return found[0]
        raise KeyError(self.row_id)  # pragma: no cover - _ROW_IDS is checked below


_ROW_IDS: dict[Category, str | None] = {
    Category.REGULATION: "regulations",
    Category.NORMATIVE_DOCUMENT: "normative_documents",
    Category.LICENSING: "licensing",
    Category.OTHER_SERVICE: "other_services",
    Category.PENALTY: "penalty",
    Category.ENFORCEMENT: "enforcement",
    Category.FEE: "fees",
    Category.PROCUREMENT: "procurement",
    Category.OTHER: None,
}

_ALL_ROWS = {row.id for f in FORMATS.values() for row in f.proactive_rows}
if {r for r in _ROW_IDS.values() if r} != _ALL_ROWS:  # the formats are the one source
    raise RuntimeError(f"Category rows differ from the formats: {sorted(_ALL_ROWS)}")


def category_for_row(row_id: str) -> Category:
    """Return the category counted in the section 二 row `row_id`.

    Raises:
        KeyError: for a row id of no format, naming it.
    """
    for category, row in _ROW_IDS.items():
        if row is not None and row == row_id:
            return category
    raise KeyError(f"no section 二 row {row_id!r}; expected one of {sorted(_ALL_ROWS)}")


@dataclass(frozen=True)
class CatalogItem:
    """One entry of the proactive-disclosure catalog (政府信息公开目录).

    `made_on` is the date of the document (成文日期/生成日期); `formed_or_changed_on`
    the day the information was formed or last changed, which starts the Art. 26
    period; `published_on` the day it was disclosed (None while it is still in the
    review workflow); `repealed_on` the day it was repealed or lost validity (废止/失效).
    `is_valid` is the validity the catalog shows; an item shown as no longer valid
    needs the date it stopped being valid, because section 二 counts by dates.

    Raises:
        InvalidInput: an empty title or index number, a date before `made_on`, or an
            item shown as invalid without a repeal date.
    """

    index_no: str  # 索引号
    title: str
    category: Category
    issuing_body: str
    made_on: date
    formed_or_changed_on: date
    document_no: str = ""  # 文号; many items (办事指南, 收费目录) have none
    published_on: date | None = None
    repealed_on: date | None = None
    is_valid: bool = True

    def __post_init__(self) -> None:
        where = self._where
        if not self.index_no.strip():
            raise InvalidInput(f"目录条目「{self.title}」缺少索引号 (no index number)")
        if not self.title.strip():
            raise InvalidInput(f"{where}: 缺少标题 (no title)")
        if self.made_on < EARLIEST_MADE_ON:
            raise InvalidInput(
                f"{where}: 成文日期 {self.made_on.isoformat()} 早于 "
                f"{EARLIEST_MADE_ON.isoformat()} (made_on before {EARLIEST_MADE_ON})"
            )
        for name, label, value in self._dates()[1:]:
            if value is not None and value < self.made_on:
                raise InvalidInput(
                    f"{where}: {label} {value.isoformat()} 早于成文日期 "
                    f"{self.made_on.isoformat()} ({name} before made_on)"
                )
        if not self.is_valid and self.repealed_on is None:
            raise InvalidInput(
                f"{where}: 已标为失效但没有废止日期 (invalid item needs repealed_on)"
            )

    @property
    def _where(self) -> str:
        return f"目录条目 {self.index_no!r} (catalog item {self.index_no!r})"

    def check_not_after(self, today: date) -> None:
        """Refuse an item with a date after `today` (the caller's today).

        Raises:
            InvalidInput: naming the first such date.
        """
        for name, label, value in self._dates():
            if value is not None and value > today:
                raise InvalidInput(
                    f"{self._where}: {label} {value.isoformat()} 晚于今天 "
                    f"{today.isoformat()} ({name} is in the future)"
                )

    def _dates(self) -> tuple[tuple[str, str, date | None], ...]:
        return (
            ("made_on", "成文日期", self.made_on),
            ("formed_or_changed_on", "形成或变更日期", self.formed_or_changed_on),
            ("published_on", "公开日期", self.published_on),
            ("repealed_on", "废止日期", self.repealed_on),
        )

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    def is_in_force_on(self, day: date) -> bool:
        """Tell whether the item was made by `day` and not yet repealed on `day`."""
        repealed = self.repealed_on is not None and self.repealed_on <= day
        return self.made_on <= day and not repealed


class Measure(StrEnum):
    """What a `CategoryCount` measures; each fills one column of section 二."""

    DECISIONS = "decisions"  # 处理决定数量 (件)
    FEE_AMOUNT = "fee_amount"  # 行政事业性收费金额
    PROCUREMENT_ITEMS = "procurement_items"  # 采购项目数量
    PROCUREMENT_AMOUNT = "procurement_amount"  # 采购总金额

    @property
    def column_id(self) -> str:
        """The id of the section 二 column (`report/formats/`) this measure fills."""
        return _MEASURE_COLUMNS[self]

    @property
    def label(self) -> str:
        """The label of its column without 「本年」 or the unit: 处理决定数量, 收费金额…"""
        return _MEASURE_LABELS[self]

    @property
    def is_amount(self) -> bool:
        return self in (Measure.FEE_AMOUNT, Measure.PROCUREMENT_AMOUNT)


_MEASURE_COLUMNS = {
    Measure.DECISIONS: "decisions",
    Measure.FEE_AMOUNT: "amount_wan_yuan",
    Measure.PROCUREMENT_ITEMS: "items",
    Measure.PROCUREMENT_AMOUNT: "amount",
}
_UNIT_NOTE = re.compile(r"（单位：[^）]*）$")


def _column_label(column_id: str) -> str:
    labels = [
        column.label
        for format_ in FORMATS.values()
        for row in format_.proactive_rows
        for column in row.columns
        if column.id == column_id
    ]
    if not labels:  # the formats are the one source of column ids
        raise RuntimeError(f"no section 二 column {column_id!r} in any format")
    return _UNIT_NOTE.sub("", labels[0].removeprefix("本年"))


_MEASURE_LABELS = {m: _column_label(m.column_id) for m in Measure}

# Which categories each measure may be entered for.
MEASURE_CATEGORIES: dict[Measure, frozenset[Category]] = {
    Measure.DECISIONS: frozenset(
        {
            Category.LICENSING,
            Category.OTHER_SERVICE,
            Category.PENALTY,
            Category.ENFORCEMENT,
        }
    ),
    Measure.FEE_AMOUNT: frozenset({Category.FEE}),
    Measure.PROCUREMENT_ITEMS: frozenset({Category.PROCUREMENT}),
    Measure.PROCUREMENT_AMOUNT: frozenset({Category.PROCUREMENT}),
}

YUAN = "元"
WAN_YUAN = "万元"
AMOUNT_UNITS: dict[str, Decimal] = {YUAN: Decimal(1), WAN_YUAN: Decimal(10000)}


@dataclass(frozen=True)
class CategoryCount:
    """A yearly figure for one category, entered from another business system.

    Counts (`DECISIONS`, `PROCUREMENT_ITEMS`) are non-negative integers with no unit;
    amounts are non-negative `Decimal`s in `unit` (元 or 万元). `source` names the
    system or register the figure comes from.

    Raises:
        InvalidInput: a measure the category does not have, a negative or non-integer
            count, a negative amount, a missing or unknown unit, an empty source.
    """

    year: int
    category: Category
    measure: Measure
    value: int | Decimal
    source: str
    unit: str = ""

    def __post_init__(self) -> None:
        where = (
            f"{self.year}年「{self.category.label}」{self.measure.label} "
            f"({self.year} {self.category.value}/{self.measure.value})"
        )
        if self.year < FIRST_YEAR:
            raise InvalidInput(
                f"{where}: 年度早于{FIRST_YEAR}年 (year before {FIRST_YEAR})"
            )
        if self.category not in MEASURE_CATEGORIES[self.measure]:
            raise InvalidInput(
                f"{where}: 该类别没有这项数据 "
                f"({self.category.value} has no {self.measure.value})"
            )
        if not self.source.strip():
            raise InvalidInput(f"{where}: 缺少数据来源 (no source)")
        if isinstance(self.value, bool) or not isinstance(self.value, int | Decimal):
            raise InvalidInput(f"{where}: 应为数值，实为 {self.value!r} (not a number)")
        if isinstance(self.value, Decimal) and not self.value.is_finite():
            raise InvalidInput(f"{where}: 应为数值，实为 {self.value} (not a number)")
        if self.value < 0:
            raise InvalidInput(f"{where}: 不能为负数：{self.value} (negative)")
        if self.measure.is_amount:
            if self.unit not in AMOUNT_UNITS:
                raise InvalidInput(
                    f"{where}: 金额单位应为 元 或 万元，实为 {self.unit!r} "
                    f"(unit must be 元 or 万元)"
                )
        else:
            if not isinstance(self.value, int) and self.value != int(self.value):
                raise InvalidInput(f"{where}: 应为整数，实为 {self.value} (not whole)")
            if self.unit:
                raise InvalidInput(f"{where}: 件数没有单位 (a count has no unit)")

    def check_not_after(self, today: date) -> None:
        """Refuse a figure of a year that has not begun on `today`.

        Raises:
            InvalidInput: naming the year.
        """
        if self.year > today.year:
            raise InvalidInput(
                f"{self.year}年「{self.category.label}」{self.measure.label}："
                f"{self.year}年度尚未开始（今年是{today.year}年） "
                f"(year {self.year} is after {today.year})"
            )

    @property
    def key(self) -> tuple[int, Category, Measure, str]:
        """What may be entered only once: one figure per year, row, measure, source."""
        return self.year, self.category, self.measure, self.source.strip()

    def amount_in(self, unit: str) -> Decimal:
        """Return the amount converted to `unit` (元 or 万元), exactly."""
        return Decimal(self.value) * AMOUNT_UNITS[self.unit] / AMOUNT_UNITS[unit]
