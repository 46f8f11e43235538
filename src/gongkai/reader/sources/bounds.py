"""Bounds on a file the reader is given (untrusted bytes: security review F6).

A published annual report is a few pages and a few megabytes; the bounds are far above
that and far below what takes a machine down. Over a bound the file is refused with a
`ReportFileError` naming the bound, before the expensive step: the size before reading,
the unzipped sizes of a DOCX or XLSX before unzipping (zipfile never reads a part past
its declared size, so the directory bounds the memory), the page count of a PDF before
reading its pages, the inflated size of every Flate stream of a PDF before pdfminer or
PDFium inflates it whole (`check_pdf_streams`).
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from gongkai.errors import ReportFileError

MAX_FILE_BYTES = 64 * 2**20  # any file
MAX_TEXT_BYTES = 16 * 2**20  # text, Markdown, HTML (parsed whole)
MAX_PART_BYTES = 64 * 2**20  # one part of a DOCX/XLSX, unzipped
MAX_UNZIPPED_BYTES = 160 * 2**20  # every part of a DOCX/XLSX, unzipped
MAX_ZIP_MEMBERS = 2000
MAX_PAGES = 500  # a PDF's pages
# One stream of a PDF, inflated: page contents and fonts are kilobytes; the largest
# are page images of scans (an A4 page at 600 dpi in colour is 105 MB).
MAX_STREAM_BYTES = 128 * 2**20
MAX_STREAMS_BYTES = 1024 * 2**20  # every stream of a PDF, inflated
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_ASCII_FILTERS = re.compile(rb"/(ASCII85Decode|A85|ASCIIHexDecode|AHx)\b")
_CHUNK = 2**16


def read_bounded(path: Path, label: str) -> bytes:
    """Return the bytes of a regular file no larger than `MAX_FILE_BYTES`.

    Raises:
        ReportFileError: not a regular file (a device, a FIFO), too large, unreadable.
    """
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ReportFileError(
                    label, "", "不是普通文件，不读取 (not a regular file: not read)"
                )
            _check_size(info.st_size, label)
            # the size it has (read(n) sets n bytes aside first), then, if the file
            # grew since, on to the bound
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise ReportFileError(
            label, "", f"cannot read the file ({exc.strerror})"
        ) from exc
    _check_size(len(data), label)
    return data


def _check_size(size: int, label: str) -> None:
    if size > MAX_FILE_BYTES:
        raise ReportFileError(
            label,
            "",
            f"文件 {size} 字节，超过上限 {MAX_FILE_BYTES} 字节 "
            f"(file of {size} bytes, more than the bound of {MAX_FILE_BYTES})",
        )


def check_text_size(data: bytes, label: str) -> None:
    """Refuse a text or HTML file longer than `MAX_TEXT_BYTES`."""
    if len(data) > MAX_TEXT_BYTES:
        raise ReportFileError(
            label,
            "",
            f"文本 {len(data)} 字节，超过上限 {MAX_TEXT_BYTES} 字节 "
            f"(text of {len(data)} bytes, more than the bound of {MAX_TEXT_BYTES})",
        )


def check_zip(data: bytes, label: str) -> None:
    """Refuse a DOCX or XLSX whose parts unzip beyond the bounds, before unzipping."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the format's own reader says what is wrong with it
    if len(members) > MAX_ZIP_MEMBERS:
        raise ReportFileError(
            label,
            "",
            f"{len(members)} 个部件，超过上限 {MAX_ZIP_MEMBERS} "
            f"({len(members)} parts, more than {MAX_ZIP_MEMBERS})",
        )
    for info in members:
        if info.file_size > MAX_PART_BYTES:
            raise ReportFileError(
                label,
                info.filename,
                f"解压后 {info.file_size} 字节，超过上限 {MAX_PART_BYTES} 字节 "
                f"(unzips to {info.file_size} bytes, more than {MAX_PART_BYTES})",
            )
    total = sum(info.file_size for info in members)
    if total > MAX_UNZIPPED_BYTES:
        raise ReportFileError(
            label,
            "",
            f"解压后共 {total} 字节，超过上限 {MAX_UNZIPPED_BYTES} 字节 "
            f"(unzips to {total} bytes, more than {MAX_UNZIPPED_BYTES})",
        )


def check_pages(pages: int, label: str) -> None:
    """Refuse a PDF of more than `MAX_PAGES` pages."""
    if pages > MAX_PAGES:
        raise ReportFileError(
            label,
            "",
            f"共 {pages} 页，超过上限 {MAX_PAGES} 页 "
            f"({pages} pages, more than the bound of {MAX_PAGES})",
        )


def check_pdf_streams(data: bytes, label: str) -> None:
    """Refuse a PDF with a Flate stream that inflates beyond the bounds.

    pdfminer and PDFium inflate a stream whole (a 3 MB stream can inflate to 3 GB),
    so each one is inflated here first, a chunk at a time, counting and discarding
    what comes out. Every stream of a PDF stands at the top level of the file (an
    object stream holds no streams), so scanning the bytes finds them all; an ASCII
    filter before the Flate one is undone first. (Encrypted streams cannot be seen
    this way; the time limit of `gongkai read` bounds those.)

    Raises:
        ReportFileError: naming the stream's offset and the bound.
    """
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - 2000) : match.start()]
        body: bytes | memoryview = memoryview(data)[start:]
        ascii_filter = _ASCII_FILTERS.search(head[head.rfind(b"obj") :])
        if ascii_filter:
            body = _ascii_decoded(data, start, ascii_filter.group(1))
        size = _inflated_size(body, MAX_STREAM_BYTES)
        total += size
        if size > MAX_STREAM_BYTES or total > MAX_STREAMS_BYTES:
            bound = MAX_STREAM_BYTES if size > MAX_STREAM_BYTES else MAX_STREAMS_BYTES
            what = "一个数据流" if size > MAX_STREAM_BYTES else "数据流合计"
            raise ReportFileError(
                label,
                f"offset {match.start()}",
                f"{what}解压后超过上限 {bound} 字节，不读取 "
                f"(a Flate stream inflates to more than {bound} bytes: "
                "a decompression bomb? not read)",
            )


def _inflated_size(body: bytes | memoryview, limit: int) -> int:
    """Return how many bytes `body` inflates to, counting to just past `limit`;
    0 when it is not a Flate stream."""
    inflater = zlib.decompressobj()
    size, position = 0, 0
    pending: bytes | memoryview = b""
    try:
        while size <= limit and not inflater.eof:
            if not pending:
                if position >= len(body):
                    break
                pending = body[position : position + _CHUNK]
                position += _CHUNK
            size += len(inflater.decompress(pending, _CHUNK * 16))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not Flate, or damaged past here: pdfminer stops there too
    return size


def _ascii_decoded(data: bytes, start: int, name: bytes) -> bytes:
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    end = data.find(b"endstream", start)
    raw = data[start : end if end >= 0 else len(data)]
    try:
        if name in (b"ASCII85Decode", b"A85"):
            return ascii85decode(raw)
        return asciihexdecode(raw)
    except (ValueError, TypeError):
        return b""
