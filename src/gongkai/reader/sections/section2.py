"""Section 二 (主动公开政府信息情况): blocks of rows with one to three cells each.

The format is told by the headers and rows (2021: 本年制发件数…, 行政规范性文件;
2019: 本年新制作数量…, 其他对外管理服务事项, 政府集中采购). Money keeps its unit: the
2021 fees column is in 万元 (an amount printed in 元 is converted, with a note); the
2019 procurement amount keeps the unit printed in the cell or its header.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from gongkai.reader.result import Trace
from gongkai.reader.sources.tokens import Kind, Token
from gongkai.reader.tables.cells import Reading, read_row
from gongkai.reader.tables.choice import Options, narrow_by_prose, row_options
from gongkai.reader.tables.emit import RowSpec, emit_row
from gongkai.reader.tables.glued import Number
from gongkai.reader.tables.labels import Hit, Label, proactive_labels
from gongkai.reader.tables.rows import align, choose_role, collect, vote_format
from gongkai.report.formats import FORMATS, CellKind, FormatId, ProactiveRow

_WAN = Decimal(10000)


# The money columns' headers without 本年 and the unit: 收费金额, 采购总金额.
@FORMATS.derived
def _money_markers() -> tuple[tuple[str, str], ...]:
    return tuple(
        dict.fromkeys(
            (column.label.split("（")[0].removeprefix("本年"), column.id)
            for spec in FORMATS.values()
            for row in spec.proactive_rows
            for column in row.columns
            if column.kind is CellKind.DECIMAL
        )
    )


def read_proactive(
    tokens: Sequence[Token],
    trace: Trace,
    figures: Callable[[str], Mapping[str, set[Number]]] | None = None,
) -> tuple[dict[str, Any] | None, FormatId | None]:
    """Return the rows of section 二 and its format, or (None, None) if absent.

    When no label tells the format, the table is read in the newest one.
    """
    labels = proactive_labels()
    format_id = vote_format(tokens, labels) or FORMATS.newest.id

    def choose(hit: Hit, started: bool) -> Label | None:
        return choose_role(hit, started, format_id)

    records = collect(tokens, labels, choose)
    if not any(r.label is not None for r in records):
        return None, None
    spec = FORMATS[format_id]
    sizes = {row.id: len(row.columns) for row in spec.proactive_rows}
    aligned = align(records, list(sizes), sizes)
    options: dict[str, Options] = {}
    units: dict[str, str | None] = {}
    extra: dict[str, int] = {}
    header_units = _header_units(tokens)
    for row in spec.proactive_rows:
        record = aligned.rows.get(row.id) or aligned.by_position.get(row.id)
        if record is None:
            continue
        reading = read_row(record.material, len(row.columns))
        options[row.id] = _plausible(
            row_options(reading, None), row, header_units.get("amount")
        )
        extra[row.id] = len(reading.extra)
    if figures is not None and any(opt.ambiguous for opt in options.values()):
        narrow_by_prose(options, figures("proactive"))
    data: dict[str, Any] = {}
    for row in spec.proactive_rows:
        record = aligned.rows.get(row.id) or aligned.by_position.get(row.id)
        path = f"proactive.{row.id}"
        columns = [c.id for c in row.columns]
        row_spec = RowSpec(
            path,
            row.label,
            [c.label for c in row.columns],
            [f"{path}.{c}" for c in columns],
        )
        values = emit_row(
            trace,
            row_spec,
            options.get(row.id),
            record,
            by_position=row.id in aligned.by_position,
            extra=extra.get(row.id, 0),
        )
        cells = dict(zip(columns, values, strict=True))
        opt = options.get(row.id)
        printed_units = _units(opt.chosen if opt is not None else None)
        _apply_units(trace, row, cells, printed_units, header_units, units)
        data[row.id] = cells
    return data, format_id


def _plausible(
    options: Options, row: ProactiveRow, header_unit: str | None = None
) -> Options:
    """Order reconstructions: first those where no count is negative, 2019 item
    counts do not fall below zero (上一年项目数量 + 本年增/减 >= 0) and a procurement
    amount is a plausible sum for its number of items, then by likelihood. The order
    only picks the reading shown; the cells stay marked uncertain."""
    if not options.ambiguous:
        return options
    ids = [c.id for c in row.columns]

    def sound(reading: Reading) -> bool:
        cells = dict(zip(ids, reading.values, strict=True))
        for column in row.columns:
            if column.kind is not CellKind.SIGNED and cells[column.id] < 0:
                return False
        if "previous_items" in cells and "change" in cells:
            return cells["previous_items"] + cells["change"] >= 0
        return True

    def rank(
        reading: Reading,
    ) -> tuple[bool, float, tuple[bool, bool, bool, int, bool]]:
        if "amount" not in ids:
            return not sound(reading), 0.0, _prior(reading, ids)
        unit = _units(reading)[ids.index("amount")] or header_unit
        return not sound(reading), _per_item(reading, ids, unit), _prior(reading, ids)

    ordered = sorted(options.readings, key=rank)
    return Options(ordered, options.why, options.stopped)


# A procurement item (采购项目) costs from a few thousand yuan to a hundred million:
# outside that a reading is implausible, inside it nearer the middle is likelier.
_ITEM_YUAN = (3.0, 8.0, 5.5)  # log10 of the low, high and typical amount per item


def _per_item(reading: Reading, ids: list[str], unit: str | None) -> float:
    """How far the amount per item of a procurement reading is from what an item
    costs (0 is typical, 10 and more implausible); `unit` is 元 or 万元 as printed."""
    cells = dict(zip(ids, reading.values, strict=True))
    items, amount = cells["items"], cells["amount"]
    if not items or not amount:
        return (
            0.0 if items == amount == 0 else 10.0
        )  # items without money, or money without items
    yuan = float(amount) * (10000 if unit == "万元" else 1)
    per_item = math.log10(max(yuan / float(items), 1e-9))
    low, high, typical = _ITEM_YUAN
    distance = abs(per_item - typical)
    return distance + (10.0 if not low <= per_item <= high else 0.0)


def _prior(reading: Reading, ids: list[str]) -> tuple[bool, bool, bool, int, bool]:
    """Order of likelihood among readings the rules cannot tell apart (which one is
    shown; the cells stay marked uncertain): 本年增/减 is most often 0 and smaller than
    the items it changes, cumulative counts are not below the year's, and the cells of
    a row of counts tend to have numbers of similar length."""
    cells: dict[str, Number] = dict(zip(ids, reading.values, strict=True))
    change: Number = cells.get("change", 0)
    previous = cells.get("previous_items")
    big_change = (
        previous is not None and (change if change >= 0 else -change) > previous
    )
    cumulative = cells.get("total_published", cells.get("in_force"))
    yearly = cells.get("published", cells.get("issued"))
    below = cumulative is not None and yearly is not None and cumulative < yearly
    if "amount" in cells:
        return False, False, False, 0, False
    lengths = [len(str(abs(int(v)))) for v in reading.values]
    # 本年废止件数 above 现行有效件数: possible, but most bodies repeal a few of many
    repealed_over = cells.get("repealed", 0) > cells.get(
        "in_force", cells.get("repealed", 0)
    )
    return change != 0, big_change, below, max(lengths) - min(lengths), repealed_over


def _units(reading: Reading | None) -> list[str | None]:
    if reading is None:
        return []
    return [
        p.token.unit if p.token is not None and p.token.kind is Kind.NUM else None
        for p in reading.cells
    ]


def _header_units(tokens: Sequence[Token]) -> dict[str, str]:
    """Units printed in the money headers: 本年收费金额（单位：万元）, 采购总金额（元）."""
    found: dict[str, str] = {}
    for token in tokens:
        if token.kind is not Kind.TEXT:
            continue
        for marker, column in _money_markers():
            at = token.text.find(marker)
            if at < 0:
                continue
            tail = token.text[at + len(marker) : at + len(marker) + 12]
            if "万元" in tail:
                found[column] = "万元"
            elif "元" in tail:
                found[column] = "元"
    return found


def _apply_units(
    trace: Trace,
    row: ProactiveRow,
    cells: dict[str, Any],
    printed: list[str | None],
    header: dict[str, str],
    units: dict[str, str | None],
) -> None:
    for index, column in enumerate(row.columns):
        if column.kind is not CellKind.DECIMAL:
            continue
        unit = printed[index] if index < len(printed) else None
        unit = unit if unit in ("元", "万元") else header.get(column.id)
        if column.id == "amount_wan_yuan":
            if unit == "元" and cells[column.id]:
                value = Decimal(cells[column.id]) / _WAN
                cells[column.id] = (
                    int(value) if value == value.to_integral_value() else value
                )
                trace.note(
                    "unit",
                    f"proactive.{row.id}.{column.id}",
                    f"收费金额印为元，已换算为万元：{cells[column.id]}",
                    f"fee amount printed in 元, converted to 万元: {cells[column.id]}",
                )
        elif column.id == "amount":
            cells["amount_unit"] = unit
            units[row.id] = unit
