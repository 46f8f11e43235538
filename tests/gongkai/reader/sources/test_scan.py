"""Scanned reports read by OCR: the steps on made-up pictures, then the seed reports
scanned (rendered to PDF, drawn at 200 dpi, turned ±1°, noise, JPEG artefacts, a PDF
without a text layer; tests/fixtures/scans/make_scans.py) read through `gongkai read`
against their gold: at least 99 % of cells right, each OCR number with its page and
box."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from gongkai.errors import ReportFileError
from gongkai.reader import read_report
from gongkai.reader.evaluation import Tally, score
from gongkai.reader.sources.ocr import Word, parse_boxes, parse_tsv
from gongkai.reader.sources.scan import MAX_PIXELS, prepare, skew_angle
from gongkai.reader.sources.scan_cells import Slot, _assign
from gongkai.reader.sources.scan_layout import digits, join_words, text_lines
from gongkai.report.codec import load_report, report_to_data
from gongkai.report.model import AnnualReport
from tests.conftest import GOLD_FILES
from tests.gongkai.reader.batch import Batch, read_batch

SCANS = Path(__file__).parents[3] / "fixtures" / "scans"


def _make_scans() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_scans", SCANS / "make_scans.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_scans"] = module
    spec.loader.exec_module(module)
    return module


def _ruled_page(angle: float) -> Image.Image:
    """A white page with a ruled table of 12 rows, turned by `angle` degrees."""
    page = Image.new("L", (1600, 1200), 255)
    draw = ImageDraw.Draw(page)
    for row in range(13):
        draw.line([(100, 100 + row * 80), (1500, 100 + row * 80)], fill=0, width=3)
    for x in (100, 700, 1100, 1500):
        draw.line([(x, 100), (x, 1060)], fill=0, width=3)
    for row in range(12):  # a label of 15 characters in each row: 20 px squares
        for char in range(15):
            left = 150 + char * 30
            draw.rectangle([(left, 125 + row * 80), (left + 20, 150 + row * 80)], 0)
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


@pytest.mark.parametrize("angle", [1.0, -1.0, 1.6, 0.0])
def test_skew_angle_finds_the_turn_of_a_page_within_a_tenth_of_a_degree(
    angle: float,
) -> None:
    assert skew_angle(_ruled_page(angle)) == pytest.approx(-angle, abs=0.1)


def test_prepare_straightens_the_page_and_finds_its_rules() -> None:
    prepared = prepare(_ruled_page(1.0))
    assert prepared.angle == pytest.approx(-1.0, abs=0.1)
    # After straightening, each horizontal rule is one straight band of rows.
    rows = np.flatnonzero(prepared.horizontal.any(axis=1))
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    assert len(bands) == 13
    assert all(len(band) <= 8 for band in bands)
    columns = np.flatnonzero(prepared.vertical.any(axis=0))
    assert len(np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)) == 4
    # The rules are taken out of the picture given to OCR; the text blocks stay.
    ink = np.asarray(prepared.image) < 128
    assert not (ink & prepared.horizontal).any()
    assert ink[120:160, 140:600].mean() > 0.3


@pytest.mark.parametrize(
    ("text", "numeric_row", "expected"),
    [
        ("1O", True, ("10", True)),
        ("O", True, ("0", True)),
        ("O", False, ("O", False)),
        ("l5", False, ("15", True)),
        ("丨2", True, ("12", True)),
        ("S", True, ("5", True)),
        ("一", True, ("—", True)),
        ("一", False, ("一", False)),
        ("42", True, ("42", False)),
        ("行政许可", True, ("行政许可", False)),
    ],
)
def test_digit_look_alikes_are_read_as_digits_in_cells_of_numbers(
    text: str, numeric_row: bool, expected: tuple[str, bool]
) -> None:
    assert digits(text, numeric_row) == expected


def test_words_make_lines_and_chinese_runs_together() -> None:
    words = [
        Word("行政", 95, 100, 100, 150, 130),
        Word("许可", 95, 154, 101, 204, 131),
        Word("12", 90, 600, 102, 630, 128),
        Word("其他", 95, 100, 160, 150, 190),
    ]
    lines = text_lines(words)
    assert [[w.text for w in line] for line in lines] == [
        ["行政", "许可", "12"],
        ["其他"],
    ]
    assert join_words(lines[0]) == "行政许可 12"


def test_tesseract_outputs_are_parsed() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth"
        "\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t300\t30\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t40\t30\t91.5\t规章\n"
        "5\t1\t1\t1\t1\t2\t60\t20\t300\t4\t95\t \n"
    )
    assert parse_tsv(tsv) == [Word("规章", 92, 10, 20, 50, 50)]
    assert parse_boxes("1 24 26 33 47 0\n4 40 26 50 47 0\n", 71) == [
        Word("1", -1, 24, 24, 33, 45),
        Word("4", -1, 40, 24, 50, 45),
    ]


def test_characters_with_rough_boxes_are_split_into_cells_in_order() -> None:
    slots = [
        Slot((0, 0, 0, 0), (0, 0, 0, 0), (24, 0, 70, 23)),
        Slot((0, 0, 0, 0), (0, 0, 0, 0), (130, 0, 144, 23)),
    ]
    # `144` then `0`: the last 4's box reaches past its cell.
    chars = [
        Word(t, -1, left, 0, right, 23)
        for t, left, right in [("1", 24, 51), ("4", 52, 68), ("4", 61, 101)]
    ]
    chars.append(Word("0", -1, 128, 0, 142, 23))
    assert _assign(chars, slots) == [0, 0, 0, 1]


def test_an_image_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    side = int(MAX_PIXELS**0.5) + 100
    path = tmp_path / "huge.png"
    Image.new("1", (side, side), 1).save(path)
    with pytest.raises(ReportFileError, match="too big"):
        read_report(path)


# --------------------------------------------------------------------------------
# The seed reports, scanned and read through the command line (Tesseract needed)


def _need_ocr() -> None:
    missing = [p for p in ("tesseract", "soffice") if shutil.which(p) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} required in CI for the OCR tests")
        pytest.skip(f"{', '.join(missing)} not installed")


@pytest.fixture(scope="module")
def scans(
    tmp_path_factory: pytest.TempPathFactory,
    pdf_of: Callable[[AnnualReport], bytes],
) -> tuple[Batch, dict[str, Path]]:
    """Each seed scanned to a PDF without text, page 2 of seed 001 to a PNG; all
    read by one `gongkai read` run."""
    _need_ocr()
    make = _make_scans()
    folder = tmp_path_factory.mktemp("scans")
    golds: dict[str, Path] = {}
    for index, gold in enumerate(GOLD_FILES):
        pdf = pdf_of(load_report(gold))
        stem = gold.name.removesuffix(".gold.json")
        (folder / f"{stem}.pdf").write_bytes(make.scan_pdf(pdf, seed=index))
        golds[f"{stem}.pdf"] = gold
        if stem.startswith("001_"):
            (folder / f"{stem}.png").write_bytes(make.scan_png(pdf, 2, seed=index))
    paths = sorted(folder.iterdir())
    batch = read_batch(paths, folder / "read.jsonl")
    assert "Traceback" not in batch.stderr, batch.stderr
    return batch, golds


@pytest.mark.slow
def test_scanned_seed_reports_read_with_at_least_99_percent_of_cells_right(
    scans: tuple[Batch, dict[str, Path]],
) -> None:
    batch, golds = scans
    tally = Tally()
    for name, gold in golds.items():
        record = batch.records.get(name)
        got = record["report"] if record is not None else None
        score(tally, name, got, batch.errors.get(name), _gold_data(gold))
    right = sum(cells[0] for cells in tally.cells.values())
    total = sum(cells[1] for cells in tally.cells.values())
    assert not tally.failed, tally.failed
    assert right / total >= 0.99, (right, total, tally.wrong)


@pytest.mark.slow
def test_every_number_read_by_ocr_has_its_page_box_and_a_note(
    scans: tuple[Batch, dict[str, Path]],
) -> None:
    batch, golds = scans
    for name in golds:
        record = batch.records[name]
        assert any(note["code"] == "ocr" for note in record["notes"])
        numbers = {
            path: where
            for path, where in record["provenance"].items()
            if path.startswith(("proactive", "applications", "review_litigation"))
            and not where.get("missing")
        }
        assert numbers
        for path, where in numbers.items():
            assert where["ocr"] == 1, path
            assert where["page"] in (1, 2, 3), path
            assert 0 <= where["x0"] < where["x1"] <= 1700, (path, where)
            assert 0 <= where["top"] < where["bottom"] <= 2400, (path, where)
            assert where["dpi"] == 200, path
    # Section 三 of seed 001 is on page 2, and its first cell is near the table's left.
    first = batch.records[_seed_name(golds, "001_", ".pdf")]["provenance"][
        "applications.new_received[0]"
    ]
    assert first["page"] == 2
    assert 650 < first["x0"] < 950


@pytest.mark.slow
def test_a_png_scan_of_one_page_reads_its_table(
    scans: tuple[Batch, dict[str, Path]],
) -> None:
    batch, golds = scans
    name = _seed_name(golds, "001_", ".pdf")
    png = name.removesuffix(".pdf") + ".png"
    record = batch.records.get(png)
    assert record is not None, batch.errors.get(png)
    gold = _gold_data(golds[name])
    assert record["report"]["applications"] == gold["applications"]
    where = record["provenance"]["applications.total[6]"]
    assert where["page"] == 1 and "dpi" not in where
    assert where["x1"] > where["x0"]


def _seed_name(golds: dict[str, Path], prefix: str, suffix: str) -> str:
    (name,) = [n for n in golds if n.startswith(prefix) and n.endswith(suffix)]
    return name


def _gold_data(gold: Path) -> dict[str, Any]:
    data: dict[str, Any] = report_to_data(load_report(gold))
    return data
