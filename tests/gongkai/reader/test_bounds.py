"""Reader bounds (security review F6): file size, text size, unzipped size, pages,
inflated PDF streams.
Over a bound a file is refused with a clear message naming the bound; peak memory is
measured in a child process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from gongkai.errors import ReportFileError
from gongkai.reader import read_report
from gongkai.reader.sources import bounds

MEMORY_BOUND_MB = 150


def docx_bomb(megabytes: int) -> bytes:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
        b'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        b"<w:t>"
        + b"a" * (megabytes * 2**20)
        + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", body)
    return out.getvalue()


def many_pages_pdf(pages: int, stream: bytes = b"", filters: bytes = b"") -> bytes:
    """A valid PDF of `pages` pages sharing one content stream (a small one unless
    `stream` is given, compressed with `filters`, e.g. `/Filter /FlateDecode`)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = stream or b"BT /F1 12 Tf 72 720 Td (page) Tj ET"
    objects.append(
        b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(stream), filters, stream)
    )
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def flate_bomb(gigabytes: int) -> bytes:
    """A zlib stream of `gigabytes` GiB of zeros, about 1 MB per GiB.

    Blocks ended by a full flush are byte-aligned and independent, so one block of
    16 MiB of zeros is compressed once and repeated; the checksum of n zeros is
    (n mod 65521) << 16 | 1.
    """
    zeros = bytes(2**24)
    compressor = zlib.compressobj(9)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert first[2:] == block
    count = gigabytes * 64
    body = first + block * (count - 1) + compressor.flush()
    size = count * 2**24
    return body[:-4] + ((size % 65521) << 16 | 1).to_bytes(4, "big")


def flate_bomb_pdf(gigabytes: int = 3) -> bytes:
    """A one-page PDF whose content stream, about 3 MB, inflates to 3 GiB."""
    return many_pages_pdf(1, flate_bomb(gigabytes), b"/Filter /FlateDecode")


CHILD = """
import json, resource, sys
from gongkai.errors import GongkaiError
from gongkai.reader import read_report
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_report(sys.argv[1]); message = ""
except GongkaiError as exc:
    message = str(exc)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"message": message, "added_mb": (peak - base) / 1024}))
"""


def read_in_child(path: Path) -> dict[str, object]:
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31))\n"
    done = subprocess.run(
        [sys.executable, "-c", limit + CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_docx_bomb_is_refused_before_unzipping(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_bomb(bounds.MAX_PART_BYTES // 2**20 + 4))
    assert path.stat().st_size < 1_000_000
    result = read_in_child(path)
    assert "word/document.xml" in str(result["message"])
    assert str(bounds.MAX_PART_BYTES) in str(result["message"])
    assert float(str(result["added_mb"])) < MEMORY_BOUND_MB, result


def test_a_pdf_with_too_many_pages_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pages.pdf"
    path.write_bytes(many_pages_pdf(bounds.MAX_PAGES + 1))
    with pytest.raises(ReportFileError, match=f"{bounds.MAX_PAGES} 页"):
        read_report(path)


def test_a_file_over_the_size_bound_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounds, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(ReportFileError, match="1000"):
        read_report(path)


def test_a_text_over_the_text_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounds, "MAX_TEXT_BYTES", 1000)
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"x" * 2000 + b"</p>")
    with pytest.raises(ReportFileError, match="1000"):
        read_report(path)


def test_a_device_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReportFileError, match="不是普通文件|not a regular file"):
        read_report(link)


def test_a_flate_bomb_pdf_is_refused_before_inflating(tmp_path: Path) -> None:
    """3 MB of PDF inflating to 3 GiB: refused naming the bound; the child's
    memory grows by less than the bound (pdfminer would inflate it whole)."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(flate_bomb_pdf())
    assert path.stat().st_size < 4_000_000
    result = read_in_child(path)
    message = str(result["message"])
    assert "bomb.pdf" in message and str(bounds.MAX_STREAM_BYTES) in message
    assert "解压后超过上限" in message
    assert float(str(result["added_mb"])) < MEMORY_BOUND_MB, result


def test_flate_streams_past_the_total_bound_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many streams each under the bound, together over it: refused."""
    monkeypatch.setattr(bounds, "MAX_STREAMS_BYTES", 10 * 2**20)
    stream = zlib.compress(bytes(4 * 2**20))
    one = many_pages_pdf(1, stream, b"/Filter /FlateDecode")
    path = tmp_path / "streams.pdf"
    path.write_bytes(
        one.replace(b"%%EOF", b"")
        + (
            b"9 0 obj\n<< /Length %d /Filter"
            b" /FlateDecode >>\nstream\n%s\nendstream\nendobj\n" % (len(stream), stream)
        )
        * 3
    )
    with pytest.raises(ReportFileError, match="数据流合计"):
        read_report(path)


def test_a_flate_bomb_behind_an_ascii_filter_is_refused(tmp_path: Path) -> None:
    stream = zlib.compress(bytes(bounds.MAX_STREAM_BYTES + 2**20)).hex().encode()
    filters = b"/Filter [/ASCIIHexDecode /FlateDecode]"
    path = tmp_path / "hex.pdf"
    path.write_bytes(many_pages_pdf(1, stream + b">", filters))
    with pytest.raises(ReportFileError, match=str(bounds.MAX_STREAM_BYTES)):
        read_report(path)


def test_a_regular_file_that_states_no_size_is_read_whole() -> None:
    """/proc files are regular files of size 0 that hold text: the size stated is
    only where reading starts, the file is read on to the bound."""
    data = bounds.read_bounded(Path("/proc/self/status"), "status")
    assert data.startswith(b"Name:") and b"\nPid:" in data


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_a_big_page_or_a_5000_page_pdf_is_refused_within_memory(
    kind: str, tmp_path: Path
) -> None:
    """Security review F6: a 100 MB HTML and a 5,000-page PDF each passed 5 GB.
    Past the text bound the HTML is refused before parsing; the PDF on its page
    count, before any page is read."""
    if kind == "html":
        path = tmp_path / "big.html"
        row = b"<tr><td>" + "数据".encode() * 20 + b"</td><td>1</td></tr>\n"
        path.write_bytes(b"<table>" + row * (bounds.MAX_TEXT_BYTES // len(row) + 1))
        expected = str(bounds.MAX_TEXT_BYTES)
    else:
        path = tmp_path / "pages.pdf"
        path.write_bytes(many_pages_pdf(5000))
        expected = f"5000 页，超过上限 {bounds.MAX_PAGES} 页"
    result = read_in_child(path)
    assert expected in str(result["message"]), result
    assert float(str(result["added_mb"])) < MEMORY_BOUND_MB, result
