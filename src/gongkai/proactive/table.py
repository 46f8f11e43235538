"""Section 二 (主动公开政府信息情况) counted from the catalog and the entered counts.

Every cell of either format has one rule in `COLUMN_RULES`, keyed by column id; the
rows and columns themselves come from the registered formats (`report/formats/`). The rules, cell by cell, are
stated in the docstring of the `gongkai.proactive` package and in docs/annual-report.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gongkai.errors import InvalidInput
from gongkai.proactive.catalog import (
    WAN_YUAN,
    YUAN,
    CatalogItem,
    Category,
    CategoryCount,
    Measure,
    category_for_row,
)
from gongkai.report.formats import FORMATS, FormatId, parse_format_id
from gongkai.report.model import PROACTIVE_MODELS, TableModel

Number = int | Decimal


@dataclass(frozen=True)
class _Inputs:
    """The published catalog items and the counts entered for one report year."""

    year: int
    items: tuple[CatalogItem, ...]
    counts: tuple[CategoryCount, ...]

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def previous_year_end(self) -> date:
        return date(self.year - 1, 12, 31)

    def of(self, category: Category) -> list[CatalogItem]:
        return [item for item in self.items if item.category is category]

    def counted(self, category: Category, measure: Measure) -> list[CategoryCount]:
        return [
            c for c in self.counts if c.category is category and c.measure is measure
        ]


def _made(inputs: _Inputs, category: Category) -> int:
    return sum(1 for i in inputs.of(category) if i.made_on.year == inputs.year)


def _repealed(inputs: _Inputs, category: Category) -> int:
    return sum(
        1
        for i in inputs.of(category)
        if i.repealed_on is not None and i.repealed_on.year == inputs.year
    )


def _in_force(inputs: _Inputs, category: Category) -> int:
    return sum(1 for i in inputs.of(category) if i.is_in_force_on(inputs.year_end))


def _previous_items(inputs: _Inputs, category: Category) -> int:
    day = inputs.previous_year_end
    return sum(1 for i in inputs.of(category) if i.is_in_force_on(day))


def _change(inputs: _Inputs, category: Category) -> int:
    return _in_force(inputs, category) - _previous_items(inputs, category)


def _published(inputs: _Inputs, category: Category) -> int:
    return sum(
        1
        for i in inputs.of(category)
        if i.published_on is not None and i.published_on.year == inputs.year
    )


def _total_published(inputs: _Inputs, category: Category) -> int:
    end = inputs.year_end
    return sum(
        1
        for i in inputs.of(category)
        if i.published_on is not None and i.published_on <= end
    )


def _decisions(inputs: _Inputs, category: Category) -> int:
    return sum(int(c.value) for c in inputs.counted(category, Measure.DECISIONS))


def _fee_amount(inputs: _Inputs, category: Category) -> Number:
    found = inputs.counted(category, Measure.FEE_AMOUNT)
    return _exact(sum((c.amount_in(WAN_YUAN) for c in found), Decimal(0)))


def _procurement_items(inputs: _Inputs, category: Category) -> int:
    return sum(
        int(c.value) for c in inputs.counted(category, Measure.PROCUREMENT_ITEMS)
    )


def _procurement_amount(inputs: _Inputs, category: Category) -> Number:
    found = inputs.counted(category, Measure.PROCUREMENT_AMOUNT)
    unit = procurement_unit(found)
    if unit is None:
        return 0
    return _exact(sum((c.amount_in(unit) for c in found), Decimal(0)))


def procurement_unit(counts: Iterable[CategoryCount]) -> str | None:
    """Return the unit the procurement amount is printed in.

    The unit all entries share; 元 when they mix 元 and 万元; None without entries.
    """
    units = {c.unit for c in counts if c.measure is Measure.PROCUREMENT_AMOUNT}
    if not units:
        return None
    return units.pop() if len(units) == 1 else YUAN


def _exact(value: Decimal) -> Number:
    """Keep a whole amount as int and the rest without trailing zeros."""
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


ColumnRule = Callable[[_Inputs, Category], Number]

COLUMN_RULES: dict[str, ColumnRule] = {
    "issued": _made,  # 2021 本年制发件数
    "repealed": _repealed,  # 2021 本年废止件数
    "in_force": _in_force,  # 2021 现行有效件数
    "made": _made,  # 2019 本年新制作数量
    "published": _published,  # 2019 本年新公开数量
    "total_published": _total_published,  # 2019 对外公开总数量
    "previous_items": _previous_items,  # 2019 上一年项目数量
    "change": _change,  # 2019 本年增/减
    "decisions": _decisions,  # 本年处理决定数量 / 处理决定数量
    "amount_wan_yuan": _fee_amount,  # 2021 本年收费金额（单位：万元）
    "items": _procurement_items,  # 2019 采购项目数量
    "amount": _procurement_amount,  # 2019 采购总金额
}

# The columns filled from entered counts, and the measure each one sums.
COUNTED_COLUMNS: dict[str, Measure] = {m.column_id: m for m in Measure}

_ALL_COLUMNS = {
    col.id for f in FORMATS.values() for row in f.proactive_rows for col in row.columns
}
if set(COLUMN_RULES) != _ALL_COLUMNS:  # every cell of every format has exactly one rule
    raise RuntimeError(f"COLUMN_RULES differ from the formats: {sorted(_ALL_COLUMNS)}")


def proactive_table(
    items: Iterable[CatalogItem],
    counts: Iterable[CategoryCount],
    year: int,
    format: str | FormatId,
) -> TableModel:
    """Return the section 二 table of `year` in `format` (a registered id, "2021").

    Only published catalog items count (an item still in review has no 公开日期);
    counts of other years are ignored.

    Raises:
        InvalidInput: an unknown format, two catalog items with one 索引号, or one
            figure entered twice for the same year, row, measure and source.
    """
    format_id = parse_format_id(format)
    inputs = _inputs(items, counts, year)
    rows: dict[str, dict[str, object]] = {}
    for row in FORMATS[format_id].proactive_rows:
        category = category_for_row(row.id)
        cells: dict[str, object] = {
            column.id: COLUMN_RULES[column.id](inputs, category)
            for column in row.columns
        }
        if category is Category.PROCUREMENT:
            found = inputs.counted(category, Measure.PROCUREMENT_AMOUNT)
            cells["amount_unit"] = procurement_unit(found)
        rows[row.id] = cells
    return PROACTIVE_MODELS[format_id].model_validate(rows)


def missing_counts(
    counts: Iterable[CategoryCount], year: int, format: str | FormatId
) -> list[tuple[Category, Measure]]:
    """Return the figures the table of `year` needs but nobody entered (counted as 0).

    Raises:
        InvalidInput: for an unknown format.
    """
    entered = {(c.category, c.measure) for c in counts if c.year == year}
    needed = [
        (category_for_row(row.id), COUNTED_COLUMNS[column.id])
        for row in FORMATS[parse_format_id(format)].proactive_rows
        for column in row.columns
        if column.id in COUNTED_COLUMNS
    ]
    return [pair for pair in needed if pair not in entered]


def _inputs(
    items: Iterable[CatalogItem], counts: Iterable[CategoryCount], year: int
) -> _Inputs:
    published: list[CatalogItem] = []
    index_numbers: set[str] = set()
    for item in items:
        if item.index_no in index_numbers:
            raise InvalidInput(
                f"索引号 {item.index_no!r} 重复 (two catalog items share {item.index_no!r})"
            )
        index_numbers.add(item.index_no)
        if item.is_published:
            published.append(item)
    of_year: list[CategoryCount] = []
    keys: set[tuple[int, Category, Measure, str]] = set()
    for count in counts:
        if count.key in keys:
            raise InvalidInput(
                f"{count.year}年「{count.category.label}」{count.measure.label}"
                f"（来源：{count.source}）录入了两次 (entered twice)"
            )
        keys.add(count.key)
        if count.year == year:
            of_year.append(count)
    return _Inputs(year, tuple(published), tuple(of_year))
