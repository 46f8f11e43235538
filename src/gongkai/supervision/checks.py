"""The checks of a region's reports for one year, each problem a `SupervisionFinding`.

- every rule of the validator, on each report (missing tables included);
- tampered pages (`tamper.py`): error;
- cross-year, against the agency's reports of the year before and after:
  结转下年度 of Y ≠ 上年结转 of Y+1 (`validate_series`), and in section 二
  上一年项目数量 of Y+1 ≠ 上一年项目数量 + 本年增/减 of Y: warnings naming both years and
  both values;
- published after 31 January of the next year (when the date is known): warning;
- anomalies worth a look, info (`anomalies.py`): a table all zeros, reconsideration or
  litigation in a year with no application handled, a headline figure that jumped from
  one year to the next beyond a threshold. (Outcomes that do not sum to what was
  processed are the validator's rule `applications.outcome_sum`, an error.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from gongkai.report.formats import APPLICANT_COLUMNS, FORMATS
from gongkai.report.model import AnnualReport
from gongkai.report.validate import Finding, validate_series
from gongkai.supervision.anomalies import (
    ALL_ZERO,
    DEFAULT_JUMP,
    LITIGATION_WITHOUT_APPLICATIONS,
    YOY_JUMP,
    JumpThreshold,
    anomalies,
    year_over_year,
)
from gongkai.supervision.collected import CollectedReport
from gongkai.supervision.findings import Severity, SupervisionFinding

TAMPERED = "text.tampered"
PREVIOUS_ITEMS = "series.previous_items"
LATE = "report.late"
NOT_COLLECTED = "report.not_collected"
__all__ = [
    "ALL_ZERO",
    "LATE",
    "LITIGATION_WITHOUT_APPLICATIONS",
    "NOT_COLLECTED",
    "PREVIOUS_ITEMS",
    "TAMPERED",
    "YOY_JUMP",
    "check_region",
]


def check_region(
    reports: Iterable[CollectedReport],
    year: int,
    *,
    agencies: Sequence[str] = (),
    jump: JumpThreshold = DEFAULT_JUMP,
) -> list[SupervisionFinding]:
    """Return the findings on the reports of `year`, agency by agency.

    `reports` may hold other years of the same agencies: they are what the cross-year
    checks compare with. `agencies` (codes) are the agencies expected to report; one
    with no report for `year` gets an info finding. `jump` is the threshold of
    `anomaly.yoy_jump`.
    """
    collected = list(reports)
    by_agency: dict[str, list[CollectedReport]] = defaultdict(list)
    for item in collected:
        by_agency[item.agency].append(item)
    findings: list[SupervisionFinding] = []
    for code in sorted(set(by_agency) | set(agencies)):
        series = sorted(by_agency.get(code, []), key=lambda r: r.year)
        current = [r for r in series if r.year == year]
        if not current:
            findings.append(_not_collected(code, year))
            continue
        for item in current:
            findings += _check_one(item)
        findings += _cross_year(code, year, [r.report for r in series], jump)
    return findings


def _check_one(item: CollectedReport) -> list[SupervisionFinding]:
    code, year = item.agency, item.year
    found = [_from_validator(code, year, f) for f in item.findings]
    if item.tampering:
        first = item.tampering[0]
        shown = "、".join(dict.fromkeys(h.text for h in item.tampering))
        found.append(
            SupervisionFinding(
                code,
                year,
                TAMPERED,
                Severity.ERROR,
                f"{item.source}:{first.line}",
                f"页面疑似被篡改：{len(item.tampering)} 处与政府信息公开年度报告无关的"
                f"内容（{shown}），首处第 {first.line} 行「{first.excerpt}」",
                f"page looks tampered with: {len(item.tampering)} pieces of text that "
                f"do not belong in a government report ({shown}); first on line "
                f"{first.line}: {first.excerpt}",
            )
        )
    deadline = date(year + 1, 1, 31)
    if item.published_on is not None and item.published_on > deadline:
        found.append(
            SupervisionFinding(
                code,
                year,
                LATE,
                Severity.WARNING,
                "published_on",
                f"{year}年度报告 {item.published_on} 公布，晚于 {deadline}",
                f"the {year} report was published on {item.published_on}, "
                f"after {deadline}",
            )
        )
    found += anomalies(code, item.report)
    return found


def _from_validator(code: str, year: int, finding: Finding) -> SupervisionFinding:
    return SupervisionFinding(
        code,
        year,
        finding.rule.value,
        Severity(finding.severity.value),
        _path(finding),
        finding.message_zh,
        finding.message_en,
    )


def _path(finding: Finding) -> str | None:
    """The model path of a validator finding: `applications.total[6]`, …"""
    if finding.table is None:
        return None
    if finding.row_id is None:
        return finding.table
    path = f"{finding.table}.{finding.row_id}"
    if finding.column_id is None:
        return path
    ids = [c.id for c in APPLICANT_COLUMNS]
    if finding.table == "applications" and finding.column_id in ids:
        return f"{path}[{ids.index(finding.column_id)}]"
    return f"{path}.{finding.column_id}"


def _not_collected(code: str, year: int) -> SupervisionFinding:
    return SupervisionFinding(
        code,
        year,
        NOT_COLLECTED,
        Severity.INFO,
        None,
        f"未收集到{year}年度报告",
        f"no report collected for {year}",
    )


def _cross_year(
    code: str, year: int, series: list[AnnualReport], jump: JumpThreshold
) -> list[SupervisionFinding]:
    """Compare `year` with the year before and after (each pair reported once: on Y+1)."""
    pairs = [
        (earlier, later)
        for earlier in series
        for later in series
        if later.year == earlier.year + 1 and year in (earlier.year, later.year)
    ]
    found: list[SupervisionFinding] = []
    for earlier, later in pairs:
        for finding in validate_series([earlier, later]):
            found.append(
                SupervisionFinding(
                    code,
                    year,
                    finding.rule.value,
                    Severity.WARNING,
                    _path(finding),
                    finding.message_zh,
                    finding.message_en,
                )
            )
        found += _previous_items(code, year, earlier, later)
        found += year_over_year(code, year, earlier, later, jump)
    return found


def _previous_items(
    code: str, year: int, earlier: AnnualReport, later: AnnualReport
) -> list[SupervisionFinding]:
    before, after = earlier.proactive, later.proactive
    if before is None or after is None or before.format != after.format:
        return []
    found: list[SupervisionFinding] = []
    for row in FORMATS[before.format].proactive_rows:
        ids = {c.id for c in row.columns}
        if not {"previous_items", "change"} <= ids:
            continue
        then, now = before.row(row.id), after.row(row.id)
        expected = then.cell("previous_items") + then.cell("change")
        actual = now.cell("previous_items")
        if expected == actual:
            continue
        y0, y1 = earlier.year, later.year
        found.append(
            SupervisionFinding(
                code,
                year,
                PREVIOUS_ITEMS,
                Severity.WARNING,
                f"proactive.{row.id}.previous_items",
                f"「{row.label}」{y1}年上一年项目数量 {actual} 不等于{y0}年上一年项目数量"
                f" {then.cell('previous_items')} 加本年增/减 {then.cell('change')}"
                f"（{expected}）",
                f"proactive {row.id}: previous_items {y1} = {actual}, but "
                f"previous_items {y0} + change {y0} = {then.cell('previous_items')} + "
                f"{then.cell('change')} = {expected}",
            )
        )
    return found
