from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.report.codec import load_report, report_from_data
from gongkai.report.model import AnnualReport
from gongkai.report.validate import Rule, Severity, validate, validate_series
from tests.conftest import GOLD_FILES, SEEDS

# NOTES.md, "What a validator should report on the seeds".
EXPECTED_SEED_FINDINGS = {
    "000_c03b648b9a6bf445": [(Rule.MISSING_TABLE, "review_litigation", None, None)],
    "001_33abec3ff02c02bd": [],
    "002_02e924df58bbfb6e": [],
    "003_987b09836dacbc77": [],
    "004_81e88598a220b34a": [],
}


def _data(stem: str) -> dict:  # type: ignore[type-arg]
    return json.loads((SEEDS / f"{stem}.gold.json").read_text("utf-8"))


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.stem)
def test_seed_findings_are_exactly_those_of_notes(gold: Path) -> None:
    findings = validate(load_report(gold), latest_year=2027)
    got = [(f.rule, f.table, f.row_id, f.column_id) for f in findings]
    assert got == EXPECTED_SEED_FINDINGS[gold.name.removesuffix(".gold.json")]


def test_one_changed_cell_is_named_with_both_sides() -> None:
    data = _data("004_81e88598a220b34a")
    data["applications"]["granted"][0] = 5  # printed 4
    findings = validate(report_from_data(data), latest_year=2027)
    row_total = [f for f in findings if f.rule is Rule.ROW_TOTAL]
    assert len(row_total) == 1
    f = row_total[0]
    assert (f.row_id, f.row_label, f.column_id, f.column_label) == (
        "granted",
        "（一）予以公开",
        "total",
        "总计",
    )
    assert (f.expected, f.actual) == (5, 4)
    assert "予以公开" in f.message_zh and "granted" in f.message_en
    outcome = [f for f in findings if f.rule is Rule.OUTCOME_SUM]
    assert [(f.column_id, f.expected, f.actual) for f in outcome] == [
        ("natural_person", 9, 8)
    ]


def test_balance_rule_compares_both_sides_per_column() -> None:
    data = _data("001_33abec3ff02c02bd")
    data["applications"]["carried_forward"] = [1, 0, 0, 0, 0, 0, 1]
    findings = validate(report_from_data(data), latest_year=2027)
    balance = [
        (f.column_id, f.expected, f.actual) for f in findings if f.rule is Rule.BALANCE
    ]
    assert balance == [("natural_person", 5, 6), ("total", 5, 6)]


def test_review_group_total_rule() -> None:
    data = _data("004_81e88598a220b34a")
    data["review_litigation"]["reconsideration"] = [1, 1, 0, 0, 1]
    findings = validate(report_from_data(data), latest_year=2027)
    assert [(f.rule, f.row_id, f.expected, f.actual) for f in findings] == [
        (Rule.GROUP_TOTAL, "reconsideration", 2, 1)
    ]


def test_negative_count_and_non_integer_are_findings_but_signed_change_is_not() -> None:
    data = _data("002_02e924df58bbfb6e")  # licensing change is -1 as printed
    data["proactive"]["penalty"]["decisions"] = -3
    data["proactive"]["regulations"]["made"] = 1.5
    findings = validate(report_from_data(data), latest_year=2027)
    assert [(f.rule, f.row_id, f.column_id) for f in findings] == [
        (Rule.NOT_INTEGER, "regulations", "made"),
        (Rule.NEGATIVE, "penalty", "decisions"),
    ]


def test_year_outside_2008_to_next_year() -> None:
    for year, bad in ((2007, True), (2008, False), (2027, False), (2028, True)):
        data = _data("004_81e88598a220b34a") | {"year": year}
        rules = [f.rule for f in validate(report_from_data(data), latest_year=2027)]
        assert (Rule.YEAR_RANGE in rules) is bad, year


def test_format_that_does_not_match_its_tables() -> None:
    data = _data("001_33abec3ff02c02bd") | {"format": "2021"}
    findings = validate(report_from_data(data), latest_year=2027)
    assert [(f.rule, f.table, f.expected, f.actual) for f in findings] == [
        (Rule.FORMAT_MISMATCH, "proactive", "2021", "2019"),
        (Rule.FORMAT_MISMATCH, "applications", "2021", "2019"),
    ]


def test_missing_tables_are_findings() -> None:
    data = _data("004_81e88598a220b34a") | {"applications": None, "proactive": None}
    findings = validate(report_from_data(data), latest_year=2027)
    assert [(f.rule, f.table) for f in findings] == [
        (Rule.MISSING_TABLE, "proactive"),
        (Rule.MISSING_TABLE, "applications"),
    ]


def test_carry_over_between_years_is_a_warning() -> None:
    year1 = load_report(SEEDS / "004_81e88598a220b34a.gold.json")  # carried_forward 1
    data = _data("004_81e88598a220b34a") | {"year": 2022}
    findings = validate_series([year1, report_from_data(data)])
    assert [(f.severity, f.column_id, f.expected, f.actual) for f in findings] == [
        (Severity.WARNING, "natural_person", 1, 0),
        (Severity.WARNING, "total", 1, 0),
    ]


applicant_rows = st.lists(st.integers(0, 50), min_size=6, max_size=6)


@given(new=applicant_rows, outcomes=st.lists(applicant_rows, min_size=21, max_size=21))
def test_tables_that_add_up_have_no_findings(
    new: list[int], outcomes: list[list[int]]
) -> None:
    data = _data("004_81e88598a220b34a")
    rows = [
        r
        for r in data["applications"]
        if r not in ("new_received", "carried_over", "total", "carried_forward")
    ]
    totals = [0] * 6
    for row_id, cells in zip(rows, outcomes, strict=True):
        data["applications"][row_id] = cells + [sum(cells)]
        totals = [a + b for a, b in zip(totals, cells, strict=True)]
    received = [t + n for t, n in zip(totals, new, strict=True)]
    data["applications"]["new_received"] = received + [sum(received)]
    data["applications"]["carried_over"] = [0] * 7
    data["applications"]["total"] = totals + [sum(totals)]
    data["applications"]["carried_forward"] = new + [sum(new)]
    report = report_from_data(data)
    assert validate(report, latest_year=2027) == []
    bumped = data["applications"]["granted"]
    bumped[2] += 1
    assert validate(report_from_data(data), latest_year=2027) != []


def test_decimal_cells_stay_exact() -> None:
    report: AnnualReport = load_report(SEEDS / "002_02e924df58bbfb6e.gold.json")
    assert report.proactive.procurement.amount == Decimal("427557.68")  # type: ignore[union-attr]
