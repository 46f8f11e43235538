"""A third, made-up format registered from a test module is accepted everywhere.

`tests/gongkai/report/f2099.py` derives a revision from 2021 (one more section 二 row,
one section 三 label reworded); registering it is all it takes for the model, the
validator, the renderers and the reader to accept it. Removing it again takes it out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.errors import InvalidInput, ReportFileError
from gongkai.reader import read_report
from gongkai.render import render
from gongkai.report.codec import dump_report, load_report, parse_report, report_to_data
from gongkai.report.formats import FORMATS, FormatId, format_for_year, parse_format_id
from gongkai.report.validate import validate
from tests.gongkai.report import f2099

GOLD_2021 = Path(__file__).parents[2] / "golden" / "render" / "004_81e88598a220b34a"


@pytest.fixture
def registered() -> Iterator[None]:
    FORMATS.register(f2099.FORMAT)
    try:
        yield
    finally:
        FORMATS.unregister(f2099.ID)


def _report_2099() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (GOLD_2021 / "report.json").read_text(encoding="utf-8")
    )
    data["format"] = "2099"
    data["year"] = 2099
    data["proactive"]["data_opening"] = {"decisions": 7}
    return data


def test_the_registry_knows_the_new_format(registered: None) -> None:
    assert list(FormatId)[-1] == "2099"
    assert parse_format_id("2099") is f2099.ID
    assert format_for_year(2099) == "2099"
    assert format_for_year(2098) == "2021"
    assert FORMATS.newest is f2099.FORMAT


def test_model_loads_and_dumps_the_new_format(registered: None) -> None:
    report = parse_report(json.dumps(_report_2099(), ensure_ascii=False))
    assert report.format == "2099"
    assert report.proactive is not None and report.proactive.format == "2099"
    assert report.applications is not None and report.applications.format == "2099"
    assert report.proactive.row("data_opening").cell("decisions") == 7
    assert parse_report(dump_report(report)) == report
    assert '"2099"' in json.dumps(type(report).model_json_schema())


def test_a_2021_report_stays_2021_beside_the_new_format(registered: None) -> None:
    report = load_report(GOLD_2021 / "report.json")
    assert report.proactive is not None and report.proactive.format == "2021"
    assert report.applications is not None and report.applications.format == "2021"


def test_model_locates_a_missing_row_of_the_new_format(registered: None) -> None:
    data = _report_2099()
    del data["proactive"]["data_opening"]["decisions"]
    with pytest.raises(ReportFileError, match=r"proactive\.data_opening\.decisions"):
        parse_report(json.dumps(data, ensure_ascii=False))


def test_validator_checks_the_new_rows(registered: None) -> None:
    report = parse_report(json.dumps(_report_2099(), ensure_ascii=False))
    assert [f for f in validate(report) if f.severity == "error"] == []
    data = _report_2099()
    data["proactive"]["data_opening"]["decisions"] = -1
    broken = parse_report(json.dumps(data, ensure_ascii=False))
    found = [f for f in validate(broken) if f.row_id == "data_opening"]
    assert found, validate(broken)


@pytest.mark.parametrize("to", ["html", "md", "docx", "xlsx"])
def test_renderers_print_and_reader_reads_the_new_format(
    registered: None, to: str
) -> None:
    report = parse_report(json.dumps(_report_2099(), ensure_ascii=False))
    printed = render(report, to)
    if to in ("html", "md"):
        text = printed.decode("utf-8")
        assert "公共数据开放" in text and f2099.THIRD_PARTY in text
    result = read_report(printed, f"rendered.{to}")
    assert result.report.format == "2099"
    assert report_to_data(result.report) == report_to_data(report)


def test_unregistering_takes_the_format_out_again() -> None:
    FORMATS.register(f2099.FORMAT)
    FORMATS.unregister(f2099.ID)
    assert list(FormatId) == ["2019", "2021"]
    with pytest.raises(InvalidInput, match="应为 2019、2021"):
        parse_format_id("2099")
    with pytest.raises(ReportFileError, match="format"):
        parse_report(json.dumps(_report_2099(), ensure_ascii=False))
