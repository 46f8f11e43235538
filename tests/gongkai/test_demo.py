from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import demo
from tests.conftest import GOLD_FILES, SEEDS


@pytest.fixture
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDF is tested with the renderer; here it would only add LibreOffice's start-up."""
    monkeypatch.setattr(demo, "find_soffice", lambda: None)


def test_demo_validates_renders_and_summarises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_pdf: None
) -> None:
    out = tmp_path / "out"
    assert demo.main(["--seeds", str(SEEDS), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for gold in GOLD_FILES:
        stem = gold.name.removesuffix(".gold.json")
        written = sorted(p.name for p in (out / stem).iterdir())
        assert written == ["report.docx", "report.html", "report.md", "report.xlsx"]
        assert all((out / stem / name).stat().st_size > 0 for name in written)
        assert stem in printed
    lines = printed.splitlines()
    (row,) = [line for line in lines if line.startswith("000_c03b648b9a6bf445")]
    assert row.split() == [
        "000_c03b648b9a6bf445",
        "黑龙江省人民防空办公室",
        "2021",
        "2021",
        "1",
        "html",
        "docx",
        "xlsx",
        "md",
    ]
    finding = lines[lines.index(row) + 1]
    assert (
        "[table.missing]" in finding
        and "四、政府信息公开行政复议、行政诉讼情况" in finding
    )
    (other,) = [line for line in lines if line.startswith("004_81e88598a220b34a")]
    assert other.split()[1:5] == ["嘉兴市人民防空办公室", "2021", "2021", "0"]
    assert "pdf: skipped, LibreOffice (soffice) is not installed" in printed
    assert lines[-1] == f"20 files written under {out}/"


def test_seeds_beside_the_repository_come_before_the_test_copies(
    tmp_path: Path,
) -> None:
    root = tmp_path / "main"
    shared = tmp_path / "shared" / "corpus" / "seeds"
    fixtures = root / "tests" / "fixtures" / "seeds"
    for directory in (shared, fixtures):
        directory.mkdir(parents=True)
    (fixtures / "a.gold.json").write_text("{}", encoding="utf-8")
    candidates = demo.seed_candidates(root)
    assert candidates == (shared, fixtures)
    assert demo.find_seeds(candidates) == [fixtures / "a.gold.json"]
    (shared / "b.gold.json").write_text("{}", encoding="utf-8")
    assert demo.find_seeds(candidates) == [shared / "b.gold.json"]


def test_no_seeds_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo.main(["--seeds", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith("error: no *.gold.json files in ")


def test_a_broken_gold_file_is_reported_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_pdf: None
) -> None:
    (tmp_path / "bad.gold.json").write_text('{"agency": "x"}', encoding="utf-8")
    assert demo.main(["--seeds", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert (
        "未完成: " in printed
        and "bad.gold.json: year: required field is missing" in printed
    )
    assert "0 files written" in printed


def test_width_counts_chinese_characters_twice() -> None:
    assert demo.display_width("ab黄石") == 6
    assert demo.pad("黄石", 6) == "黄石  "
