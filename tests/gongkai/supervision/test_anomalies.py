"""The anomalies issue 13 lists, each a finding: all-zero tables, year-over-year jumps,
litigation with no applications, outcomes that do not sum to what was processed."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.report.codec import load_report, report_from_data
from gongkai.report.validate import validate
from gongkai.supervision import (
    CollectedReport,
    JumpThreshold,
    Severity,
    check_region,
)

SEEDS = Path(__file__).parents[2] / "fixtures" / "seeds"


def seed(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        load_report(SEEDS / f"{stem}.gold.json").model_dump_json()
    )
    return data


def received(data: dict[str, Any], count: int) -> dict[str, Any]:
    """The report with `count` applications received (all granted, column 0)."""
    applications = data["applications"]
    for row in ("new_received", "total", "granted"):
        applications[row] = [count, 0, 0, 0, 0, 0, count]
    for row, cells in applications.items():
        if row not in ("new_received", "total", "granted") and isinstance(cells, list):
            applications[row] = [0] * len(cells)
    return data


def series(*counts: int) -> list[CollectedReport]:
    reports = []
    for offset, count in enumerate(counts):
        data = received(seed("001_33abec3ff02c02bd"), count)
        data["year"] = 2020 + offset
        reports.append(
            CollectedReport(
                "A1", f"{data['year']}.json", "0" * 64, report_from_data(data), [], []
            )
        )
    return reports


def jumps(reports: list[CollectedReport], year: int, **threshold: Any) -> list[Any]:
    rule = JumpThreshold(**threshold) if threshold else JumpThreshold()
    return [
        f
        for f in check_region(reports, year, jump=rule)
        if f.rule == "anomaly.yoy_jump"
    ]


@pytest.mark.parametrize("before,after", [(40, 200), (200, 40), (0, 35), (31, 0)])
def test_a_fivefold_change_names_both_years_and_values(before: int, after: int) -> None:
    found = jumps(series(before, after), 2021)
    assert len(found) == 1
    finding = found[0]
    assert finding.severity is Severity.INFO and finding.agency == "A1"
    assert finding.path == "applications.new_received[6]"
    for text in (finding.message_zh, finding.message_en):
        assert "2020" in text and "2021" in text
        assert str(before) in text and str(after) in text


@pytest.mark.parametrize("before,after", [(40, 199), (3, 20), (50, 50), (0, 29)])
def test_small_or_moderate_changes_are_no_jump(before: int, after: int) -> None:
    assert jumps(series(before, after), 2021) == []


def test_the_threshold_is_configurable() -> None:
    assert jumps(series(40, 160), 2021, ratio=Decimal(4)) != []
    assert jumps(series(3, 20), 2021, minimum=10) != []
    assert jumps(series(40, 200), 2021, minimum=500) == []


def test_a_jump_shows_when_checking_either_year_of_the_pair() -> None:
    reports = series(40, 200, 200)
    assert [f.year for f in jumps(reports, 2020)] == [2020]
    assert [f.year for f in jumps(reports, 2021)] == [2021]
    assert jumps(reports, 2022) == []


def test_every_anomaly_the_issue_lists_is_a_finding() -> None:
    zero = seed("002_02e924df58bbfb6e")  # no application, one lawsuit: two anomalies
    unbalanced = received(seed("001_33abec3ff02c02bd"), 10)
    unbalanced["applications"]["granted"] = [9, 0, 0, 0, 0, 0, 9]
    reports = [
        CollectedReport("Z", "z.json", "0" * 64, report_from_data(zero), [], []),
        *series(40, 400),
    ]
    bad = report_from_data(unbalanced)
    reports.append(CollectedReport("U", "u.json", "0" * 64, bad, [], validate(bad)))
    rules = {(f.agency, f.rule, f.severity) for f in check_region(reports, 2019)}
    rules |= {(f.agency, f.rule, f.severity) for f in check_region(reports, 2021)}
    rules |= {(f.agency, f.rule, f.severity) for f in check_region(reports, 2020)}
    assert ("Z", "anomaly.all_zero", Severity.INFO) in rules
    assert ("Z", "anomaly.litigation_without_applications", Severity.INFO) in rules
    assert ("A1", "anomaly.yoy_jump", Severity.INFO) in rules
    assert ("U", "applications.outcome_sum", Severity.ERROR) in rules
