"""Anything at all given to the reader gives a result or one clear error: never a
traceback of another kind, never a hang (each example has a generous deadline)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gongkai.errors import GongkaiError
from gongkai.reader import ReadResult, read_report
from gongkai.render import render
from gongkai.report.codec import load_report
from tests.conftest import GOLD_FILES, SEEDS

TEXTS = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
FUZZ = settings(
    max_examples=150,
    deadline=10_000,  # a hang guard, not a speed check
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _read_or_refuse(data: bytes, name: str) -> ReadResult | None:
    try:
        return read_report(data, name)
    except GongkaiError as error:
        assert str(error).startswith(name), str(error)  # the message names the file
        return None


@FUZZ
@given(
    st.binary(max_size=4096), st.sampled_from(["x.txt", "x.html", "x.pdf", "x.docx"])
)
@example(b"", "x.txt")
@example(b"\x89PNG\r\n\x1a\n" + bytes(64), "report.html")
@example(b"%PDF-1.7\n%%EOF", "report.pdf")
@example(b"PK\x03\x04" + bytes(100), "report.docx")
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    _read_or_refuse(data, name)


@FUZZ
@given(st.sampled_from(TEXTS), st.data())
def test_truncated_and_damaged_seed_texts(text: bytes, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(text)))
    damaged = bytearray(text[:cut])
    for _ in range(data.draw(st.integers(0, 5))):
        if damaged:
            at = data.draw(st.integers(0, len(damaged) - 1))
            damaged[at] = data.draw(st.integers(0, 255))
    _read_or_refuse(bytes(damaged), "damaged.txt")


@FUZZ
@given(
    st.text(
        alphabet=st.sampled_from(
            "规章行政许可（一）予以公开总计其他处理结果维持0123456789 \t|\n\u00a0-—/.、一二三四五六"
        ),
        max_size=600,
    )
)
def test_label_and_digit_soup(text: str) -> None:
    _read_or_refuse(("政府信息公开工作年度报告\n" + text).encode(), "soup.txt")


@pytest.mark.parametrize("to", ["html", "docx", "xlsx", "md"])
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_rendered_documents(to: str, fraction: float) -> None:
    data = render(load_report(GOLD_FILES[4]), to)
    _read_or_refuse(data[: int(len(data) * fraction)], f"cut.{to}")


def test_huge_run_of_digits_stops_within_its_budget() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量"
        + "1" * 5000
    )
    result = _read_or_refuse(text.encode(), "digits.txt")
    assert result is not None


def test_deeply_nested_html_is_read() -> None:
    page = "<div>" * 1500 + "某某局2021年度政府信息公开工作年度报告" + "</div>" * 1500
    result = _read_or_refuse(page.encode(), "deep.html")
    assert result is not None and result.report.year == 2021


def test_a_zip_that_is_no_office_file_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(GongkaiError, match="neither .docx nor .xlsx"):
        read_report(buffer.getvalue(), "report.docx")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GongkaiError, match="cannot read"):
        read_report(tmp_path)
