"""From bytes to a kind of document and, for text, to characters.

The kind is read from the content (magic bytes, markup), never trusted from the file
name: a PDF saved as `.html` is read as a PDF, with a note. Text may be UTF-8 (with or
without BOM), UTF-16 with BOM, or GB18030/GBK/Big5, detected by decoding strictly and
preferring the decoding whose characters look like Chinese prose; pages that were
decoded wrongly once already (UTF-8 read as GBK: `闂備礁缍婂…`) are repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from gongkai.errors import ReportFileError

TEXT_KINDS = ("text", "html")
_EXTENSIONS = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
}
# The file name endings read as reports (what `gongkai read DIR` picks from a directory).
EXTENSIONS = frozenset(_EXTENSIONS)
_KIND_NAMES = {
    "text": "纯文本",
    "html": "网页",
    "docx": "Word 文档",
    "pdf": "PDF",
    "xlsx": "Excel 表格",
    "image": "图片",
}
_HTML = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<table[\s>]|<head[\s>]|<meta\s|<div[\s>]"
    rb"|<p[\s>]|<br\s*/?>|<span[\s>]|<td[\s>]",
    re.IGNORECASE,
)
# Frequent characters of Chinese official prose: a decoding that yields few of them
# is the wrong one.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年"
    "动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化"
    "高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天"
    "政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向"
    "道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角"
    "期根论运农指几九区强放决西被干做必战先回则任取据处府研质信息申请报告办室局厅委"
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_UNSUPPORTED = (
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel file (.doc/.xls); save it as .docx/.xlsx"),
    (b"{\\rtf", "an RTF document; save it as .docx"),
    (b"GIF8", "a GIF image; save it as PNG to have it read by OCR"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"%!PS", "a PostScript file"),
)


@dataclass
class Sniffed:
    kind: str  # text, html, docx, pdf, xlsx, image
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)


def sniff(data: bytes, name: str) -> Sniffed:
    """Return the kind of document `data` holds.

    Raises:
        ReportFileError: empty, or a kind that is not a readable report.
    """
    if not data.strip():
        raise ReportFileError(name, "", "the file is empty")
    kind = _kind_of(data, name)
    result = Sniffed(kind)
    claimed = _EXTENSIONS.get(_suffix(name))
    if (
        claimed is not None
        and claimed != kind
        and not {claimed, kind} <= set(TEXT_KINDS)
    ):
        result.notes.append(
            (
                f"文件名为{_KIND_NAMES[claimed]}，实际内容是{_KIND_NAMES[kind]}，按{_KIND_NAMES[kind]}读取",
                f"named as {claimed} but the content is {kind}; read as {kind}",
            )
        )
    return result


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _kind_of(data: bytes, name: str) -> str:
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff")):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:200_000] or b"word/document.xml" in data:
            return "docx"
        if b"xl/" in data[:200_000] or b"xl/workbook.xml" in data:
            return "xlsx"
        raise ReportFileError(name, "", "a ZIP archive that is neither .docx nor .xlsx")
    for magic, what in _UNSUPPORTED:
        if data.startswith(magic):
            raise ReportFileError(name, "", f"not a report: {what}")
    sample = data[:4096]
    if len(_CONTROL.findall(sample)) * 50 > len(sample) and not _utf16_bom(data):
        raise ReportFileError(name, "", "not a report: binary data, not text")
    if _HTML.search(data[:65536]) is not None:
        return "html"
    return "text"


def _utf16_bom(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode_text(data: bytes, name: str) -> tuple[str, list[tuple[str, str]]]:
    """Return the characters of a text or HTML file and notes on how they were decoded.

    Raises:
        ReportFileError: no encoding gives text (binary data).
    """
    notes: list[tuple[str, str]] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, bad = _lenient(data, "utf-8", 3)
        _note_replaced(notes, "utf-8", bad)
        return _repair(text, notes), notes
    if _utf16_bom(data):
        wide = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        text, bad = _lenient(data, wide, 2)
        _note_replaced(notes, wide, bad)
        return _repair(text, notes), notes
    try:
        return _repair(data.decode("utf-8"), notes), notes
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    for encoding in (declared, "gb18030", "big5"):
        if encoding is None:
            continue
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            notes.append((f"按 {encoding} 编码读取", f"decoded as {encoding}"))
            return _repair(text, notes), notes
    # A few damaged bytes (under 0.1 %) do not make a report unreadable.
    limit = len(data) // 1000
    for encoding in ("utf-8", declared, "gb18030", "big5"):
        if encoding is None:
            continue
        try:
            text, bad = _lenient(data, encoding, 0, limit)
        except (LookupError, _TooManyBadBytes):
            continue
        if _plausible(text):
            notes.append((f"按 {encoding} 编码读取", f"decoded as {encoding}"))
            _note_replaced(notes, encoding, bad)
            return _repair(text, notes), notes
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        notes.append(
            (
                f"按 {best.encoding} 编码读取（自动判断）",
                f"decoded as {best.encoding} (detected)",
            )
        )
        return _repair(text, notes), notes
    raise ReportFileError(name, "", "not a report: no text encoding fits the bytes")


class _TooManyBadBytes(Exception):
    pass


def _lenient(
    data: bytes, encoding: str, start: int, limit: int | None = None
) -> tuple[str, list[int]]:
    """Decode `data[start:]`, replacing undecodable bytes by U+FFFD; return the text
    and the offsets of the bytes replaced.

    Raises:
        _TooManyBadBytes: more than `limit` bytes could not be decoded.
        LookupError: no such encoding.
    """
    parts: list[str] = []
    bad: list[int] = []
    position = start
    while True:
        try:
            parts.append(data[position:].decode(encoding))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[position : position + exc.start].decode(encoding))
            parts.append("\ufffd")
            bad.extend(range(position + exc.start, position + exc.end))
            if limit is not None and len(bad) > limit:
                raise _TooManyBadBytes from exc
            position += max(exc.end, exc.start + 1)
    return "".join(parts), bad


def _note_replaced(notes: list[tuple[str, str]], encoding: str, bad: list[int]) -> None:
    if not bad:
        return
    shown = ", ".join(str(offset) for offset in bad[:10]) + (
        ", …" if len(bad) > 10 else ""
    )
    notes.append(
        (
            f"有 {len(bad)} 个字节不能按 {encoding} 解码，已替换为 �（字节位置 {shown}）",
            f"{len(bad)} byte(s) not decodable as {encoding} replaced by U+FFFD "
            f"(byte offsets {shown})",
        )
    )


def _declared_charset(data: bytes) -> str | None:
    match = re.search(
        rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE
    )
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    return {"gb2312": "gb18030", "gbk": "gb18030", "utf8": "utf-8"}.get(name, name)


_CJK = re.compile("[\u4e00-\u9fff]")
_COMMON_CHARS = re.compile("[" + "".join(sorted(_COMMON)) + "]")


def _cjk_share(text: str) -> tuple[int, int]:
    sample = text[:6000]
    return len(_CJK.findall(sample)), len(_COMMON_CHARS.findall(sample))


def _plausible(text: str) -> bool:
    cjk, common = _cjk_share(text)
    return cjk == 0 or common * 4 >= cjk


# Words no Chinese report goes long without: text lacking all of them may be mojibake.
_EVERYDAY = ("的", "公开", "信息", "政府", "工作", "报告")


def _repair(text: str, notes: list[tuple[str, str]]) -> str:
    """Undo UTF-8 bytes that were decoded as GBK (and saved again), up to three times."""
    head = text[:3000]
    if any(word in head for word in _EVERYDAY):
        return text
    for _ in range(3):
        cjk, common = _cjk_share(text)
        if cjk < 20 or common * 4 >= cjk:
            return text
        try:
            fixed = text.encode("gb18030").decode("utf-8", errors="replace")
        except UnicodeEncodeError:
            return text
        fixed_cjk, fixed_common = _cjk_share(fixed)
        if fixed_common * cjk <= common * max(fixed_cjk, 1):
            return text
        notes.append(
            (
                "修复了乱码（UTF-8 被当作 GBK 读取）",
                "repaired mojibake (UTF-8 read as GBK)",
            )
        )
        text = fixed
    return text
