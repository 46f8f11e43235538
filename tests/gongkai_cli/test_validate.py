from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai_cli import main
from tests.conftest import GOLD_FILES, SEEDS


def test_seeds_list_exactly_the_missing_table_of_000(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["validate", *map(str, GOLD_FILES)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert len(out) == 1
    assert "000_c03b648b9a6bf445" in out[0] and "[table.missing]" in out[0]
    assert "四、政府信息公开行政复议、行政诉讼情况" in out[0]


def test_clean_report_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEEDS / "004_81e88598a220b34a.gold.json")]) == 0
    assert capsys.readouterr().out == ""


def test_changed_cell_is_reported_in_english_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((SEEDS / "004_81e88598a220b34a.gold.json").read_text("utf-8"))
    data["applications"]["denied_third_party"][6] = 5
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["--lang", "en", "validate", "--json", str(changed)]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    cells = {
        (r["rule"], r["row_id"], r["column_id"], r["expected"], r["actual"])
        for r in records
    }
    assert ("applications.row_total", "denied_third_party", "total", 4, 5) in cells
    assert ("applications.outcome_sum", "total", "total", 9, 8) in cells


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "line 1 column 1: not valid JSON (Expecting value)"),
        ('{"agency": "x"}', "year: required field is missing"),
    ],
)
def test_unreadable_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["validate", str(bad), str(GOLD_FILES[1])]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"error: {bad}: {message}"


def test_missing_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def _gold_with(old: str, new: str) -> bytes:
    text = (SEEDS / "004_81e88598a220b34a.gold.json").read_text("utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            _gold_with('"year": 2021', '"year": 2021.5'),
            "year: expected an integer, got 2021.5",
        ),
        (
            _gold_with('"year": 2021', '"year": 1e400'),
            "number 1e400 (5 characters) is too large",
        ),
        (
            _gold_with('"year": 2021', '"year": ' + "9" * 5000),
            "(5000 characters) is too large",
        ),
        (b"[" * 100_000, "line 1 column 33: nested more than 32 levels deep"),
        (
            b"[" * 100_000 + b"]" * 100_000,
            "line 1 column 33: nested more than 32 levels",
        ),
        (
            b'{"agency": "\xff\xfe"}',
            "cannot read the file ('utf-8' codec can't decode byte 0xff in position 12",
        ),
        (b"", "the file is empty (expected a JSON object)"),
        (b"  \n", "the file is empty"),
    ],
    ids=[
        "fraction",
        "1e400",
        "5000 digits",
        "nested",
        "nested closed",
        "not utf-8",
        "empty",
        "blank",
    ],
)
def test_hostile_json_exits_2_with_one_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    """Security review: no traceback, one line naming the file and the place."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert main(["--lang", "en", "validate", str(bad), str(GOLD_FILES[1])]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"error: {bad}: ") and message in first, first
