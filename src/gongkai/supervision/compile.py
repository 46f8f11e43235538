"""The region's aggregate report (全市汇总) for one year, in the canonical model.

Every cell is the sum of that cell over the agencies whose reports are in the year's
format (the official one for the year, or the most common when the year has none);
an agency is left out, and named in the note with the reason, when it has no report,
its report is in another format, or a table is missing. The aggregate is validated
like any report, and `breakdown` drills each cell down to the agencies' cells.

Procurement amounts printed in 元 and in 万元 are added in 万元; an amount printed with no
unit is added as printed when all the others have none either, and otherwise named in
the note.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.errors import InvalidInput
from gongkai.report.codec import report_from_data
from gongkai.report.formats import FORMATS, format_for_year
from gongkai.report.model import AnnualReport
from gongkai.report.validate import Finding, validate
from gongkai.supervision.collected import CollectedReport

Number = int | Decimal
TABLES = ("proactive", "applications", "review_litigation")
_UNIT_IN_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1)}


@dataclass(frozen=True)
class Compilation:
    report: AnnualReport | None  # None when no agency's report could be summed
    included: list[str]  # agency codes, in order
    excluded: dict[str, tuple[str, str]]  # code -> (why zh, why en)
    breakdown: dict[str, list[tuple[str, Number]]]  # path -> [(agency code, value)]
    findings: list[Finding] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)

    def note(self, lang: str = "zh") -> str:
        """The note naming the agencies summed, missing or excluded, and why."""
        index = 1 if lang == "en" else 0
        head = (
            f"汇总 {len(self.included)} 个机关：{'、'.join(self.included) or '无'}",
            f"{len(self.included)} agencies summed: {', '.join(self.included) or 'none'}",
        )[index]
        lines = [head]
        lines += [f"{code}: {why[index]}" for code, why in self.excluded.items()]
        lines += [n[index] for n in self.notes]
        return "\n".join(lines)

    def to_data(self) -> dict[str, Any]:
        """The JSON record of `gongkai supervise compile`."""
        from gongkai.report.codec import report_to_data

        return {
            "report": report_to_data(self.report) if self.report else None,
            "included": self.included,
            "excluded": {
                code: {"message": zh, "message_en": en}
                for code, (zh, en) in self.excluded.items()
            },
            "notes": [{"message": zh, "message_en": en} for zh, en in self.notes],
            "findings": [f.to_dict() for f in self.findings],
            "breakdown": {
                path: [[code, _plain(v)] for code, v in cells]
                for path, cells in self.breakdown.items()
            },
        }


def _plain(value: Number) -> int | float:
    return value if isinstance(value, int) else float(value)


def compile_region(
    reports: Iterable[CollectedReport],
    year: int,
    *,
    region: str,
    agencies: Sequence[str] = (),
) -> Compilation:
    """Sum the reports of `year` into the report of `region` (the name printed).

    `agencies` (codes) are the agencies expected to report; those without a report of
    `year` are named as missing.
    """
    current: dict[str, CollectedReport] = {}
    for item in reports:
        if item.year == year:
            current[item.agency] = item
    excluded: dict[str, tuple[str, str]] = {}
    for code in agencies:
        if code not in current:
            excluded[code] = (
                f"缺报：未收集到{year}年度报告",
                f"missing: no report for {year} collected",
            )
    target = _target_format(year, [c.report for c in current.values()])
    summed: list[CollectedReport] = []
    for code in sorted(current):
        report = current[code].report
        if report.format is None or report.format != target:
            shown = report.format.value if report.format else "无"
            excluded[code] = (
                f"未计入：报告格式为 {shown}，与汇总格式 {target} 不同",
                f"excluded: report in format {shown}, the aggregate is in {target}",
            )
            continue
        missing = [t for t in TABLES if getattr(report, t) is None]
        if missing:
            excluded[code] = (
                f"未计入：缺少表格 {'、'.join(missing)}",
                f"excluded: table {', '.join(missing)} missing",
            )
            continue
        summed.append(current[code])
    if not summed or target is None:
        return Compilation(None, [], excluded, {})
    breakdown: dict[str, list[tuple[str, Number]]] = {}
    notes: list[tuple[str, str]] = []
    data: dict[str, Any] = {
        "agency": region,
        "year": year,
        "format": target,
        "scope": "aggregate",
    }
    for table in TABLES:
        parts = [(c.agency, getattr(c.report, table).model_dump()) for c in summed]
        data[table] = _sum(table, parts, breakdown, notes)
    report = report_from_data(data, f"{region} {year}")
    return Compilation(
        report=report,
        included=[c.agency for c in summed],
        excluded=excluded,
        breakdown=breakdown,
        findings=validate(report),
        notes=notes,
    )


def _target_format(year: int, reports: list[AnnualReport]) -> str | None:
    try:
        return format_for_year(year).value
    except InvalidInput:
        counted = Counter(r.format.value for r in reports if r.format is not None)
        return counted.most_common(1)[0][0] if counted else None


def _sum(
    path: str,
    parts: list[tuple[str, Any]],
    breakdown: dict[str, list[tuple[str, Number]]],
    notes: list[tuple[str, str]],
) -> Any:
    first = parts[0][1]
    if isinstance(first, dict):
        if "amount_unit" in first:
            return _sum_amount(path, parts, breakdown, notes)
        return {
            key: _sum(
                f"{path}.{key}", [(a, v[key]) for a, v in parts], breakdown, notes
            )
            for key in first
        }
    if isinstance(first, list):
        return [
            _sum(f"{path}[{i}]", [(a, v[i]) for a, v in parts], breakdown, notes)
            for i in range(len(first))
        ]
    cells = [(agency, value) for agency, value in parts]
    breakdown[path] = cells
    return sum((value for _, value in cells), start=0)


def _sum_amount(
    path: str,
    parts: list[tuple[str, Any]],
    breakdown: dict[str, list[tuple[str, Number]]],
    notes: list[tuple[str, str]],
) -> dict[str, Any]:
    """A row with an amount and the unit it was printed in (采购 items, amount)."""
    out: dict[str, Any] = {}
    for key in parts[0][1]:
        if key not in ("amount", "amount_unit"):
            out[key] = _sum(
                f"{path}.{key}", [(a, v[key]) for a, v in parts], breakdown, notes
            )
    units = {v["amount_unit"] for _, v in parts if v["amount"]}
    if len(units) <= 1:
        unit = next(iter(units), None)
        out["amount"] = _sum(
            f"{path}.amount", [(a, v["amount"]) for a, v in parts], breakdown, notes
        )
        out["amount_unit"] = unit
        return out
    known = [(a, v) for a, v in parts if v["amount_unit"] in _UNIT_IN_WAN]
    unknown = [
        a for a, v in parts if v["amount"] and v["amount_unit"] not in _UNIT_IN_WAN
    ]
    cells = [(a, v["amount"] * _UNIT_IN_WAN[v["amount_unit"]]) for a, v in known]
    breakdown[f"{path}.amount"] = cells
    out["amount"] = sum((value for _, value in cells), start=Decimal(0))
    out["amount_unit"] = "万元"
    notes.append(
        (
            "采购金额按万元汇总"
            + (f"；未注明单位未计入：{'、'.join(unknown)}" if unknown else ""),
            "procurement amounts summed in 万元"
            + (
                f"; amounts with no unit left out: {', '.join(unknown)}"
                if unknown
                else ""
            ),
        )
    )
    return out


assert set(FORMATS)  # the formats are registered before any compilation
