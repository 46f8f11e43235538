from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.render.html import render_html
from gongkai_cli import main
from tests.gongkai.render.cases import SEED_CASES, gold_data, load_case
from tests.gongkai.render.readback import read_xlsx

SEED = SEED_CASES[4] / "report.json"


def test_render_writes_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["render", str(SEED), "--to", "html", "-o", str(out)]) == 0
    assert out.read_bytes() == render_html(load_case(SEED_CASES[4]))
    assert "report.html: html" in capsys.readouterr().err


def test_render_xlsx_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["render", str(SEED), "--to", "xlsx", "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert read_xlsx(out.read_bytes()) == gold_data(load_case(SEED_CASES[4]))


def _wrong_shape(tmp_path: Path) -> Path:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["applications"]["total"][3] = "x"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return bad


def test_wrong_shape_exits_2_naming_the_field_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, out = _wrong_shape(tmp_path), tmp_path / "out.html"
    assert main(["render", str(bad), "--to", "html", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f'error: {bad}: applications.total[3]: expected an integer, got "x"\n'
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_not_json_exits_2_and_keeps_an_existing_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, out = tmp_path / "bad.json", tmp_path / "out.md"
    bad.write_text("{not json", encoding="utf-8")
    out.write_text("previous", encoding="utf-8")
    assert main(["render", str(bad), "--to", "md", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith(
        f"error: {bad}: line 1 column 2: not valid JSON"
    )
    assert out.read_text(encoding="utf-8") == "previous"


def test_unwritable_output_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "absent" / "report.md"
    assert main(["render", str(SEED), "--to", "md", "-o", str(out)]) == 2
    assert (
        capsys.readouterr().err
        == f"error: {out}: cannot write (No such file or directory)\n"
    )


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["render", str(SEED), "--to", "odt", "-o", "x.odt"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'odt'" in capsys.readouterr().err
