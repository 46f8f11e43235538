"""Files staff attach to a case: checked on their content, stored under a made-up name.

An attachment is mostly a scan of the applicant's letter or identity document, later
opened by other staff: untrusted bytes (security review). A file is refused, with a
message naming it and the problem, when it is larger than `MAX_ATTACHMENT_BYTES` or
when its content (never its name nor the browser's content type) is not one of
`KINDS`: PDF, JPEG, PNG, Word (.docx) and Excel (.xlsx) without macros, plain text
without markup. An .exe, .html or .svg is refused also when renamed `.pdf`.

A file is stored as `<random hex>.<its kind's ending>` (a 200-character Chinese name is
600 bytes, more than a file system takes); the name the person gave is kept, cleaned,
for display and download only. A file stored in a transaction that then fails is
deleted again (`removed_unless_committed`): nothing orphaned on disk or in the bucket.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import filetype
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from gongkai.errors import ActionRefused

MAX_ATTACHMENT_BYTES = 20 * 2**20  # under nginx's client_max_body_size (25m)
MAX_NAME_CHARS = 255  # Attachment.name
KINDS = {
    "pdf": "PDF",
    "jpg": "JPEG 图片",
    "png": "PNG 图片",
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 表格（.xlsx）",
    "txt": "纯文本",
}
_SUFFIXES = {"jpg": (".jpg", ".jpeg")}
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|a\s)",
    re.IGNORECASE,
)
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedUpload:
    upload: UploadedFile
    name: str  # for display and download
    kind: str  # a key of KINDS

    @property
    def stored_name(self) -> str:
        """A new random file name with the ending of the content's kind."""
        return f"{uuid.uuid4().hex}.{self.kind}"


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Return the upload with its display name and the kind of its content.

    Raises:
        ActionRefused: too large, or content of a kind not in `KINDS` (naming the
            file and what it is, where that is known).
    """
    raw_name = upload.name or ""
    shown = display_name(raw_name, "")
    size = upload.size or 0
    if size == 0:
        raise _refused(shown, "是空文件", "is empty")
    if size > MAX_ATTACHMENT_BYTES:
        limit = MAX_ATTACHMENT_BYTES // 2**20
        raise _refused(
            shown,
            f"有 {size / 2**20:.1f} MB，超过上限 {limit} MB",
            f"is {size / 2**20:.1f} MB, more than the limit of {limit} MB",
        )
    kind = _kind_of(upload, shown)
    upload.seek(0)
    return CheckedUpload(upload, display_name(raw_name, kind), kind)


def _kind_of(upload: UploadedFile, shown: str) -> str:
    upload.seek(0)
    head = upload.read(8192)
    if head.startswith(b"%PDF-"):
        return "pdf"
    guessed = filetype.guess(head)
    if guessed is not None and guessed.extension in ("jpg", "png"):
        return str(guessed.extension)
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload, shown)
    if guessed is None:
        upload.seek(0)
        if _is_plain_text(upload.read()):
            return "txt"
    what = f"{guessed.extension} 文件" if guessed is not None else "不允许的类型"
    raise _refused(
        shown,
        f"的内容是{what}，只接受 {'、'.join(KINDS.values())}",
        f"holds {guessed.extension if guessed else 'an unaccepted kind of'} content; "
        "accepted: PDF, JPEG, PNG, DOCX, XLSX, plain text",
    )


def _office_kind(upload: UploadedFile, shown: str) -> str:
    """Return docx or xlsx for an Office file without macros; refuse other ZIPs."""
    upload.seek(0)
    try:
        names = set(zipfile.ZipFile(upload).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names = set()
    if "[Content_Types].xml" in names and not any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    raise _refused(
        shown,
        "是压缩包或含宏的 Office 文件，只接受不含宏的 .docx、.xlsx",
        "is an archive or an Office file with macros; accepted: DOCX, XLSX without "
        "macros",
    )


def _is_plain_text(data: bytes) -> bool:
    """Plain text: UTF-8 or GB18030, no control characters, no markup (an HTML or SVG
    page saved as .txt is opened by a browser as a page)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not _TEXT_CONTROL.search(text) and not _MARKUP.search(data)
    return False


def display_name(raw: str, kind: str) -> str:
    """Return the name to show: no folders, no control characters, at most
    `MAX_NAME_CHARS` characters with the ending kept, ending in the content's kind."""
    name = re.split(r"[/\\]", raw)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = " ".join(name.split()).strip(" .") or "附件"
    if kind:
        suffixes = _SUFFIXES.get(kind, (f".{kind}",))
        if not name.lower().endswith(suffixes):
            name = f"{name}{suffixes[0]}"
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        if not dot or len(suffix) > 10:
            return name[:MAX_NAME_CHARS]
        return f"{stem[: MAX_NAME_CHARS - len(suffix) - 2]}….{suffix}"
    return name


def _refused(name: str, zh: str, en: str) -> ActionRefused:
    # The English part of a message is printable ASCII (gongkai_web.language): the
    # file's name goes there only when it is.
    named = f"attachment {name}" if name.isascii() and name.isprintable() else ""
    return ActionRefused(f"附件「{name}」{zh} ({named or 'the attachment'} {en})")


@contextmanager
def removed_unless_committed() -> Iterator[list[str]]:
    """Yield a list for the names of files stored in the block; when the block
    fails (its transaction rolled back), delete them from the storage again.

    Wrap the whole `transaction.atomic()` block, so that a failure at commit counts.
    """
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
