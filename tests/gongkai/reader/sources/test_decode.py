from __future__ import annotations

import pytest

from gongkai.errors import ReportFileError
from gongkai.reader.sources.decode import decode_text, sniff

TEXT = "黑龙江省人民防空办公室2021年度政府信息公开工作报告\n一、本年新收政府信息公开申请数量\n144\n"


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (TEXT.encode("utf-8"), None),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), None),
        (TEXT.encode("utf-16"), None),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_text_is_decoded_whatever_its_encoding(data: bytes, note: str | None) -> None:
    text, notes = decode_text(data, "r.txt")
    assert text == TEXT
    assert (note is None) == (not notes)


def test_utf8_read_as_gbk_is_repaired_and_noted() -> None:
    broken = (TEXT * 3).encode("utf-8").decode("gb18030", errors="replace")
    text, notes = decode_text(broken.encode("utf-8"), "r.txt")
    assert "政府信息公开" in text
    assert any("mojibake" in en for _, en in notes)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"<!DOCTYPE html><html><body><table></table></body></html>", "html"),
        ("<p>一、总体情况</p>".encode(), "html"),
        (TEXT.encode("utf-8"), "text"),
        ("| 规章 | 0 |".encode(), "text"),
    ],
)
def test_kind_is_read_from_the_content(data: bytes, kind: str) -> None:
    assert sniff(data, "anything.bin").kind == kind


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + bytes(40), b"\xff\xd8\xff\xe0" + bytes(40)]
)
def test_png_and_jpeg_files_are_images_for_ocr(data: bytes) -> None:
    assert sniff(data, "scan.bin").kind == "image"


def test_a_pdf_named_html_is_read_as_pdf_with_a_note() -> None:
    sniffed = sniff(b"%PDF-1.4\n", "report.html")
    assert sniffed.kind == "pdf"
    assert "named as html" in sniffed.notes[0][1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t", "empty"),
        (b"GIF89a" + b"\x00" * 40, "GIF image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, r"\.doc"),
        (b"PK\x03\x04" + b"\x00" * 60, "ZIP archive"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_files_that_hold_no_report_are_refused_with_the_reason(
    data: bytes, message: str
) -> None:
    with pytest.raises(ReportFileError, match=message):
        sniff(data, "report.html")


def test_gbk_with_one_damaged_byte_is_decoded_with_a_note() -> None:
    half = (TEXT * 20).encode("gb18030")
    damaged = half + b"\xff" + half
    text, notes = decode_text(damaged, "x.txt")
    assert text == TEXT * 20 + "\ufffd" + TEXT * 20
    message = f"1 个字节不能按 gb18030 解码，已替换为 �（字节位置 {len(half)}）"
    assert any(message in zh for zh, _ in notes), notes


def test_many_damaged_bytes_are_still_refused() -> None:
    body = (TEXT * 40).encode("gb18030")
    damaged = b"".join(body[i : i + 50] + b"\xff" for i in range(0, len(body), 50))
    with pytest.raises(ReportFileError):
        decode_text(damaged + b"\x00\x01\x02" * 200, "x.txt")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (
            b"\xef\xbb\xbf" + TEXT.encode("utf-8")[:30] + b"\xff" + TEXT.encode()[30:],
            "utf-8",
        ),
        (b"\xff\xfe" + TEXT.encode("utf-16-le") + b"\x00", "utf-16-le"),
    ],
)
def test_bom_files_note_their_replaced_bytes(data: bytes, encoding: str) -> None:
    _, notes = decode_text(data, "x.txt")
    assert any(f"不能按 {encoding} 解码" in zh for zh, _ in notes), notes
