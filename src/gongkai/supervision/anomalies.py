"""Anomalies worth a look (info findings): the figures are valid but odd.

- `anomaly.all_zero`: every cell of a table is 0;
- `anomaly.litigation_without_applications`: reconsideration or litigation in a year
  with no application handled;
- `anomaly.yoy_jump`: a headline figure (applications received, reconsiderations,
  lawsuits) that grew or shrank by `JumpThreshold.ratio` or more from one year to the
  next, when the larger of the two is at least `JumpThreshold.minimum` (so 1 → 5 is
  not a jump, 40 → 300 is); the finding names both years and both values.

Outcomes that do not sum to what was processed are the validator's rule
`applications.outcome_sum` (an error), not an anomaly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.report.model import AnnualReport, TableModel
from gongkai.supervision.findings import Severity, SupervisionFinding

ALL_ZERO = "anomaly.all_zero"
LITIGATION_WITHOUT_APPLICATIONS = "anomaly.litigation_without_applications"
YOY_JUMP = "anomaly.yoy_jump"

_TABLE_NAMES = {
    "proactive": ("主动公开政府信息情况", "section 二 (proactive disclosure)"),
    "applications": ("收到和处理政府信息公开申请情况", "section 三 (applications)"),
    "review_litigation": (
        "行政复议、行政诉讼情况",
        "section 四 (review and litigation)",
    ),
}


@dataclass(frozen=True)
class JumpThreshold:
    """A year-over-year change is a jump when new/old or old/new ≥ `ratio` (a zero
    on one side counts) and the larger value is at least `minimum`."""

    ratio: Decimal = Decimal(5)
    minimum: int = 30

    def is_jump(self, before: int | Decimal, after: int | Decimal) -> bool:
        low, high = sorted((before, after))
        if high < self.minimum or high == low:
            return False
        return low <= 0 or Decimal(high) / Decimal(low) >= self.ratio


DEFAULT_JUMP = JumpThreshold()

# (path, 中文 name, English name, how to read it from a report)
_FIGURES: tuple[tuple[str, str, str, str, str], ...] = (
    ("applications.new_received[6]", "本年新收政府信息公开申请数量", "applications "
     "received", "applications", "new_received"),
    ("review_litigation.reconsideration[4]", "行政复议总计", "reconsiderations",
     "review_litigation", "reconsideration"),
    ("review_litigation.litigation_direct[4]", "未经复议直接起诉总计",
     "lawsuits filed directly", "review_litigation", "litigation_direct"),
    ("review_litigation.litigation_after_reconsideration[4]", "复议后起诉总计",
     "lawsuits after reconsideration", "review_litigation",
     "litigation_after_reconsideration"),
)  # fmt: skip


def _figure(report: AnnualReport, table: str, row: str) -> int | Decimal | None:
    found = getattr(report, table)
    if found is None:
        return None
    cells = found.row(row) if table == "applications" else found.group(row)
    value: int | Decimal = cells[-1]
    return value


def year_over_year(
    code: str,
    year: int,
    earlier: AnnualReport,
    later: AnnualReport,
    threshold: JumpThreshold = DEFAULT_JUMP,
) -> list[SupervisionFinding]:
    """Return a `anomaly.yoy_jump` finding per headline figure that jumped."""
    found: list[SupervisionFinding] = []
    y0, y1 = earlier.year, later.year
    for path, zh, en, table, row in _FIGURES:
        before, after = _figure(earlier, table, row), _figure(later, table, row)
        if before is None or after is None or not threshold.is_jump(before, after):
            continue
        found.append(
            SupervisionFinding(
                code,
                year,
                YOY_JUMP,
                Severity.INFO,
                path,
                f"「{zh}」{y0}年 {before}，{y1}年 {after}，变化达 "
                f"{threshold.ratio} 倍以上，请核实",
                f"{en}: {before} in {y0}, {after} in {y1} — a change by a factor "
                f"of {threshold.ratio} or more: worth a look",
            )
        )
    return found


def _numbers(value: Any) -> list[int | Decimal]:
    if isinstance(value, bool | str) or value is None:
        return []
    if isinstance(value, int | Decimal):
        return [value]
    if isinstance(value, TableModel) or hasattr(value, "model_dump"):
        return _numbers(value.model_dump())
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return []


def anomalies(code: str, report: AnnualReport) -> list[SupervisionFinding]:
    """Return the one-report anomalies: all-zero tables, litigation without
    applications."""
    found: list[SupervisionFinding] = []
    for table_id, (zh, en) in _TABLE_NAMES.items():
        numbers = _numbers(getattr(report, table_id))
        if numbers and not any(numbers):
            found.append(
                SupervisionFinding(
                    code,
                    report.year,
                    ALL_ZERO,
                    Severity.INFO,
                    table_id,
                    f"表格「{zh}」全部为 0，请核实",
                    f"every cell of {en} is 0: worth a look",
                )
            )
    found += _litigation_without_applications(code, report)
    return found


def _litigation_without_applications(
    code: str, report: AnnualReport
) -> list[SupervisionFinding]:
    applications, review = report.applications, report.review_litigation
    if applications is None or review is None:
        return []
    handled = applications.row("total")[-1] + applications.row("carried_forward")[-1]
    cases = sum(
        group[-1]
        for group in (
            review.reconsideration,
            review.litigation_direct,
            review.litigation_after_reconsideration,
        )
    )
    if handled != 0 or cases <= 0:
        return []
    return [
        SupervisionFinding(
            code,
            report.year,
            LITIGATION_WITHOUT_APPLICATIONS,
            Severity.INFO,
            "review_litigation",
            f"本年未办理政府信息公开申请，却有 {cases} 件行政复议、行政诉讼，请核实",
            f"{cases} reconsiderations and lawsuits in a year with no "
            "application handled: worth a look",
        )
    ]
