from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.errors import ReportFileError
from gongkai.report.codec import dump_report, load_report, parse_report
from tests.conftest import GOLD_FILES, SEEDS


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_loads_and_dumps_byte_for_byte(gold: Path) -> None:
    assert dump_report(load_report(gold)) == gold.read_text(encoding="utf-8")


def test_decimal_fee_keeps_six_places() -> None:
    report = load_report(SEEDS / "004_81e88598a220b34a.gold.json")
    assert str(report.proactive.fees.amount_wan_yuan) == "488.780058"  # type: ignore[union-attr]


def _gold_data() -> dict:  # type: ignore[type-arg]
    return json.loads((SEEDS / "004_81e88598a220b34a.gold.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["applications"]["total"].__setitem__(3, "x"),
            'x.json: applications.total[3]: expected an integer, got "x"',
        ),
        (
            lambda d: d["applications"]["granted"].append(0),
            "x.json: applications.granted: expected 7 cells, got 8",
        ),
        (
            lambda d: d["applications"].pop("other_misc"),
            "x.json: applications.other_misc: required field is missing",
        ),
        (
            lambda d: d["proactive"]["fees"].__setitem__("amount_wan_yuan", None),
            "x.json: proactive.fees.amount_wan_yuan: expected a number, got null",
        ),
        (
            lambda d: d.__setitem__("year", "2021"),
            'x.json: year: expected an integer, got "2021"',
        ),
        (
            lambda d: d["review_litigation"].__setitem__("appeal", [0] * 5),
            "x.json: review_litigation.appeal: field not in the model",
        ),
    ],
)
def test_wrong_shape_names_the_field_path(mutate, message) -> None:  # type: ignore[no-untyped-def]
    data = _gold_data()
    mutate(data)
    with pytest.raises(ReportFileError) as caught:
        parse_report(json.dumps(data, ensure_ascii=False), source="x.json")
    assert str(caught.value) == message


def test_not_json_names_line_and_column() -> None:
    with pytest.raises(
        ReportFileError, match=r"x.json: line 2 column 1: not valid JSON"
    ):
        parse_report('{"agency":\n', source="x.json")


def test_unreadable_bytes_are_a_report_file_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes('{"agency": "机关"}'.encode("gbk"))
    with pytest.raises(ReportFileError, match="cannot read the file"):
        load_report(path)


def test_table_in_2019_shape_loads_as_2019_model() -> None:
    report = load_report(SEEDS / "001_33abec3ff02c02bd.gold.json")
    assert report.applications is not None and report.proactive is not None
    assert report.applications.format == "2019"
    assert report.proactive.format == "2019"
