from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai_cli import main
from tests.conftest import SEEDS

SEED = SEEDS / "004_81e88598a220b34a.txt"


def test_read_one_file_prints_one_json_object(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["read", str(SEED)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"source", "report", "findings", "provenance", "notes"}
    gold = json.loads((SEEDS / "004_81e88598a220b34a.gold.json").read_text("utf-8"))
    assert out["report"] == gold
    assert out["provenance"]["applications.new_received[0]"]["text"] == "9"


def test_read_several_files_prints_json_lines_and_a_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    assert main(["read", *files]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 5 and all(json.loads(line)["report"] for line in lines)
    assert "5 files: 5 read (1 with findings), 0 failed" in captured.err


def test_output_file_is_written_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                "read",
                str(SEED),
                str(SEEDS / "000_c03b648b9a6bf445.txt"),
                "-o",
                str(out),
                "--jobs",
                "2",
            ]
        )
        == 0
    )
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["report"]["agency"] for r in records] == [
        "嘉兴市人民防空办公室",
        "黑龙江省人民防空办公室",
    ]
    assert capsys.readouterr().out == ""
    assert list(tmp_path.iterdir()) == [out]


def test_a_file_that_is_not_a_report_exits_2_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    picture = tmp_path / "report.html"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    assert main(["read", str(SEED), str(picture), str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert f"error: {picture}: the image cannot be read" in err
    assert "missing.txt: no such file or directory" in err
    assert "Traceback" not in err


def test_a_directory_is_read_file_by_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in SEEDS.glob("00[12]*.txt"):
        shutil.copy(path, tmp_path)
    assert main(["read", str(tmp_path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_eval_on_the_seeds_is_all_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "all tables" in out and "100.00%" in out
    assert "reports with every cell right          5/5" in out
    assert "wrong cells: none" in out


def test_eval_lists_every_wrong_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEED, tmp_path / "r.txt")
    gold = json.loads((SEEDS / "004_81e88598a220b34a.gold.json").read_text("utf-8"))
    gold["applications"]["granted"][0] = 5
    gold["year"] = 2020
    (tmp_path / "r.gold.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    assert main(["eval", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "r.txt  applications  granted  0       5         4" in out
    assert "r.txt  year" in out and "2020" in out and "2021" in out


def test_eval_of_a_directory_without_gold_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(tmp_path)]) == 2
    assert "no report with a .gold.json" in capsys.readouterr().err


def test_an_internal_error_fails_one_file_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gongkai_cli.reading as reading

    real = reading.read_report
    broken = str(SEEDS / "000_c03b648b9a6bf445.txt")

    def flaky(path: Path, *args: object, **kwargs: object) -> object:
        if str(path) == broken:
            raise ZeroDivisionError("boom")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "read_report", flaky)
    out = tmp_path / "out.jsonl"
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    assert main(["read", *files, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"error: {broken}: internal error (ZeroDivisionError: boom)" in err
    assert "5 files: 4 read (0 with findings), 1 failed" in err
    assert len(out.read_text("utf-8").splitlines()) == 4


def test_a_directory_without_reports_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["read", str(empty)]) == 2
    assert (
        f"error: {empty}: no report file in this directory" in capsys.readouterr().err
    )
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    (pictures / "table.gif").write_bytes(b"GIF89a")
    assert main(["read", str(pictures)]) == 2
    err = capsys.readouterr().err
    assert f"error: {pictures}: no report file" in err
    assert "1 skipped" in err


def test_skipped_files_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEED, tmp_path / SEED.name)
    (tmp_path / "notes.gif").write_bytes(b"GIF89a")
    assert main(["read", str(tmp_path)]) == 0
    assert "1 files: 1 read (0 with findings), 0 failed, 1 skipped" in (
        capsys.readouterr().err
    )


def test_the_progress_bar_is_cleared_before_each_json_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    assert main(["read", *files]) == 0
    err = capsys.readouterr().err
    assert err.count("\r\x1b[K") >= 5


def test_a_killed_worker_fails_its_file_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed (as the OOM killer would) while reading one file: that file
    fails with a clear line, the others are read, exit 2, no traceback."""
    import os
    import signal

    import gongkai_cli.reading as reading

    real = reading.read_report
    killer = str(SEEDS / "000_c03b648b9a6bf445.txt")

    def dies(path: Path, *args: object, **kwargs: object) -> object:
        if str(path) == killer:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "read_report", dies)  # inherited by forked workers
    out = tmp_path / "out.jsonl"
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    assert main(["read", "-j", "2", *files, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"error: {killer}: " in err and "worker" in err
    assert "5 files: 4 read (0 with findings), 1 failed" in err
    assert len(out.read_text("utf-8").splitlines()) == 4


def test_a_flate_bomb_fails_its_file_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.gongkai.reader.test_bounds import flate_bomb_pdf

    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(flate_bomb_pdf())
    assert main(["read", str(bomb), str(SEED)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert f"error: {bomb}: " in captured.err and "解压后超过上限" in captured.err
    assert "2 files: 1 read (0 with findings), 1 failed" in captured.err
    assert len(captured.out.splitlines()) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_time_limit_fails_and_the_batch_goes_on(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A PDF that takes minutes to read (100 pages of dense text): given up after
    the limit with a line naming it; the report after it is read."""
    from tests.gongkai.reader.test_bounds import many_pages_pdf

    lines = b"".join(
        b"BT /F1 3 Tf 20 %d Td (%s) Tj ET\n" % (780 - 4 * i, b"1 2 3 4 5 " * 20)
        for i in range(190)
    )
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(many_pages_pdf(100, lines))
    argv = ["read", "--time-limit", "3", "-j", jobs, str(slow), str(SEED)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert f"error: {slow}: 读取超过 3 秒，已放弃" in captured.err
    assert "2 files: 1 read (0 with findings), 1 failed" in captured.err
    assert json.loads(captured.out)["report"]["agency"]


def test_the_time_limit_must_be_a_positive_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["read", "--time-limit", "0", str(SEED)])
    assert exit_.value.code == 2
    assert "--time-limit must be more than 0" in capsys.readouterr().err


def test_the_time_limit_fires_again_when_its_first_signal_is_dropped() -> None:
    """An exception raised inside a finaliser or a gc callback is printed and
    dropped: the limit must fire again, not let the file run for ever."""
    import time

    from gongkai_cli import reading

    dropped = 0
    with pytest.raises(reading._OutOfTime), reading._time_limit(0.1):
        while not dropped:
            try:
                time.sleep(0.01)
            except reading._OutOfTime:
                dropped += 1
        time.sleep(5)
    assert dropped == 1


def test_reading_text_imports_no_renderer_or_other_format_library(
    tmp_path: Path,
) -> None:
    """Start-up counts when thousands of files are read: the libraries of Word, Excel,
    PDF and the renderers are imported only when a file of their kind appears."""
    probe = (
        "import sys\n"
        "from gongkai_cli import main\n"
        f"main(['read', {str(SEED)!r}, '-o', {str(tmp_path / 'out.json')!r}])\n"
        "heavy = ('docx', 'openpyxl', 'numpy', 'pdfplumber', 'PIL', 'lxml',\n"
        "         'gongkai.render', 'gongkai.reader.sources.html')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert done.stdout == "[]\n", done.stderr
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["report"]


def test_the_render_formats_offered_are_the_renderers() -> None:
    from gongkai.render import RENDERERS
    from gongkai_cli.report import OUTPUT_FORMATS

    assert tuple(RENDERERS) == OUTPUT_FORMATS
