"""Bounds on a file the reader is given (untrusted bytes: security review F6).

A published annual report is a few pages and a few megabytes; the bounds are far above
that and far below what takes a machine down. Over a bound the file is refused with a
`ReportFileError` naming the bound, before the expensive step: the size before reading,
the unzipped sizes of a DOCX or XLSX before unzipping (zipfile never reads a part past
its declared size, so the directory bounds the memory), the page count of a PDF before
reading its pages.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from gongkai.errors import ReportFileError

MAX_FILE_BYTES = 64 * 2**20  # any file
MAX_TEXT_BYTES = 16 * 2**20  # text, Markdown, HTML (parsed whole)
MAX_PART_BYTES = 64 * 2**20  # one part of a DOCX/XLSX, unzipped
MAX_UNZIPPED_BYTES = 160 * 2**20  # every part of a DOCX/XLSX, unzipped
MAX_ZIP_MEMBERS = 2000
MAX_PAGES = 500  # a PDF's pages


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
            data = handle.read(MAX_FILE_BYTES + 1)
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
