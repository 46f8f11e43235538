"""Supervision core: collecting the seed region, its checks and its 2020 aggregate."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.reader.pipeline import load_documents
from gongkai.report.codec import load_report, report_from_data, report_to_data
from gongkai.report.validate import validate
from gongkai.supervision import (
    CollectedReport,
    Severity,
    check_region,
    collect,
    compile_region,
    find_tampering,
)

FIXTURES = Path(__file__).parents[2] / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
CLEAN_FILES = [
    p
    for folder in ("real", "holdout", "holdout2")
    for p in sorted((FIXTURES / folder).glob("*"))
    if p.suffix in {".txt", ".html", ".htm", ".docx", ".pdf", ".md"}
    and p.name not in {"README.md", "NOTES.md", "BROKEN.md"}
]


@pytest.fixture(scope="module")
def region() -> list[CollectedReport]:
    """The five seeds, each its own agency (code = the seed's number)."""
    return [collect(path.name[:3], path) for path in SEEDS]


def serious(findings: list[Any]) -> list[Any]:
    return [f for f in findings if f.severity is not Severity.INFO]


def test_collected_report_keeps_source_hash_and_notes(
    region: list[CollectedReport],
) -> None:
    first = region[0]
    assert first.source == SEEDS[0].name
    assert len(first.sha256) == 64
    assert first.report.agency == "黑龙江省人民防空办公室"
    assert all(note.message_zh for note in first.notes)


def test_check_reports_exactly_the_seed_breach_and_the_tampered_page(
    region: list[CollectedReport],
) -> None:
    found = [
        f.to_dict("en")
        for year in (2019, 2020, 2021)
        for f in serious(check_region(region, year))
    ]
    assert [(f["agency"], f["year"], f["rule"], f["severity"]) for f in found] == [
        ("003", 2020, "text.tampered", "error"),
        ("000", 2021, "table.missing", "error"),
    ]
    assert found[1]["path"] == "review_litigation"
    assert "足球比分" in found[0]["message"] and "365体育" in found[0]["message"]


def test_anomalies_are_info_and_name_the_table(region: list[CollectedReport]) -> None:
    rules = {(f.agency, f.rule, f.path) for f in check_region(region, 2019)}
    assert ("002", "anomaly.litigation_without_applications", "review_litigation") in (
        rules
    )
    assert ("002", "anomaly.all_zero", "applications") in rules


def test_agency_expected_but_not_collected_is_named(
    region: list[CollectedReport],
) -> None:
    found = check_region(region[:1], 2021, agencies=["000", "999"])
    assert [(f.agency, f.rule) for f in found if f.agency == "999"] == [
        ("999", "report.not_collected")
    ]


def test_late_publication_is_a_warning(region: list[CollectedReport]) -> None:
    late = CollectedReport(
        "004",
        "x.txt",
        "0" * 64,
        region[4].report,
        [],
        [],
        published_on=date(2022, 2, 1),
    )
    found = check_region([late], 2021)
    assert [(f.rule, f.severity) for f in found if f.rule == "report.late"] == [
        ("report.late", Severity.WARNING)
    ]


def cells(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [c for key in data for c in cells(data[key])]
    if isinstance(data, list):
        return [c for item in data for c in cells(item)]
    return [data]


def test_compile_2020_is_the_cell_by_cell_sum_of_seeds_001_and_003(
    region: list[CollectedReport],
) -> None:
    compiled = compile_region(
        region, 2020, region="示例市", agencies=["000", "001", "002", "003", "004"]
    )
    assert compiled.report is not None
    assert compiled.included == ["001", "003"]
    assert set(compiled.excluded) == {"000", "002", "004"}
    assert validate(compiled.report) == []
    gold = [
        load_report(FIXTURES / "seeds" / f"{stem}.gold.json")
        for stem in ("001_33abec3ff02c02bd", "003_987b09836dacbc77")
    ]
    for table in ("proactive", "applications", "review_litigation"):
        mine = report_to_data(compiled.report)[table]
        one, two = (report_to_data(g)[table] for g in gold)
        for total, a, b in zip(cells(mine), cells(one), cells(two), strict=True):
            if isinstance(total, str) or total is None:
                continue
            assert Decimal(str(total)) == Decimal(str(a)) + Decimal(str(b))
    assert compiled.report.scope == "aggregate"
    # every aggregate cell drills down to the two agencies' cells
    drill = compiled.breakdown["applications.new_received[6]"]
    assert [code for code, _ in drill] == ["001", "003"]
    assert (
        sum(v for _, v in drill)
        == compiled.report.applications.row(  # type: ignore[union-attr]
            "new_received"
        )[6]
    )
    assert "000" in compiled.note("en") and "missing" in compiled.note("en")
    json.dumps(compiled.to_data(), ensure_ascii=False)


def test_compile_excludes_a_report_with_a_missing_table(
    region: list[CollectedReport],
) -> None:
    compiled = compile_region(region, 2021, region="示例市")
    assert compiled.included == ["004"]
    assert "review_litigation" in compiled.excluded["000"][1]
    assert "excluded" in compiled.note("en") and "未计入" in compiled.note()


def test_compile_with_no_report_of_the_year(region: list[CollectedReport]) -> None:
    compiled = compile_region(region, 2018, region="示例市", agencies=["001"])
    assert compiled.report is None and compiled.excluded


def two_years(forward: int, over: int) -> list[CollectedReport]:
    base = load_report(FIXTURES / "seeds" / "002_02e924df58bbfb6e.gold.json")
    first = json.loads(base.model_dump_json())
    second = json.loads(base.model_dump_json())
    second["year"] = 2020
    first["applications"]["carried_forward"][0] = forward
    first["applications"]["new_received"][0] += forward  # keeps 2019 balanced
    second["applications"]["carried_over"][0] = over
    second["applications"]["total"][0] += over
    for row in second["proactive"].values():
        if "change" in row:  # the 2020 items follow from 2019's …
            row["previous_items"] += row["change"]
    second["proactive"]["licensing"]["previous_items"] = 99  # … but one
    return [
        CollectedReport("A1", f"{y}.json", "0" * 64, report_from_data(d), [], [])
        for y, d in ((2019, first), (2020, second))
    ]


def test_carried_forward_and_carried_over_that_differ_name_both_years_and_values() -> (
    None
):
    found = [
        f for f in check_region(two_years(3, 5), 2020) if f.rule == "series.carry_over"
    ]
    assert len(found) == 1
    finding = found[0]
    assert finding.severity is Severity.WARNING and finding.agency == "A1"
    assert finding.path == "applications.carried_over[0]"
    for text in (finding.message_zh, finding.message_en):
        assert "2019" in text and "2020" in text and "3" in text and "5" in text


def test_previous_items_that_do_not_follow_name_both_years() -> None:
    found = [
        f
        for f in check_region(two_years(3, 3), 2020)
        if f.rule == "series.previous_items"
    ]
    assert [f.path for f in found] == ["proactive.licensing.previous_items"]
    assert "2019" in found[0].message_en and "99" in found[0].message_en
    assert not [
        f for f in check_region(two_years(3, 3), 2020) if f.rule == "series.carry_over"
    ]


def test_tamper_detector_flags_spam_and_spam_links() -> None:
    hits = find_tampering(
        [
            "本机关严格落实政务公开要求。",
            "欢迎访问 www.bet365-vip.com 领取彩金",
            "联系邮箱：abc@163.com，网站 www.example.gov.cn",
            "百家乐真人娱乐",
        ]
    )
    assert {(h.line, h.kind) for h in hits} >= {(2, "link"), (2, "term"), (4, "term")}
    assert not [h for h in hits if h.line in (1, 3)]


# Pages the fixtures' notes describe as tampered with (injected gambling spam).
TAMPERED = {"003_987b09836dacbc77.txt", "h04_shiqiao_town_2021_traditional.txt"}


@pytest.mark.parametrize("path", sorted(TAMPERED), ids=str)
def test_the_hijacked_fixture_pages_are_flagged(path: str) -> None:
    found = next(p for p in CLEAN_FILES + SEEDS if p.name == path)
    lines = [line for d in load_documents(found.read_bytes(), path) for line in d.lines]
    kinds = {hit.kind for hit in find_tampering(lines)}
    assert {"term", "brand"} <= kinds


@pytest.mark.parametrize(
    "path",
    [p for p in CLEAN_FILES + SEEDS if p.name not in TAMPERED],
    ids=lambda p: p.name,
)
def test_no_false_alarm_on_clean_reports(path: Path) -> None:
    lines = [
        line for d in load_documents(path.read_bytes(), path.name) for line in d.lines
    ]
    assert find_tampering(lines) == []
