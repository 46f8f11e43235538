"""Lay a letter out as a Word document in the format of official documents (GB/T 9704).

A4 portrait, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in
方正小标宋简体 二号 centred; the 文号 centred under it; body in 仿宋_GB2312 三号 on a
28 pt line, paragraphs indented two characters, first-level headings in 黑体; the
issuing agency and the date in Chinese at the bottom right (日期右空四字, the agency
centred over the date) below an empty space for the seal (盖章); page numbers
「— 1 —」 in 宋体 四号 at the foot. Fonts are named through `w:eastAsia` with common
fallbacks in the font table, as the annual report's DOCX does.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.letters.model import Block, Letter
from gongkai.render.docx import (
    BODY_FONT,
    HEADING_FONT,
    MARGINS,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TITLE_FONT,
    add_font_fallbacks,
    set_fonts,
    set_language,
)

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
PAGE_NUMBER_FONT = "宋体"
LINE = Pt(28)  # 22 lines on the 225 mm 版心
CHAR = 16  # pt: one character of the body
SEAL_LINES = 3  # the seal covers the agency name and the date, from above
SEAL_BOOKMARK = "seal"


def render_letter_docx(letter: Letter) -> bytes:
    """Return the letter as a DOCX file."""
    document = Document()
    _set_up(document)
    _set_properties(document, letter)
    title = document.add_paragraph(letter.title)
    _format(title, TITLE_FONT, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(36)
    if letter.number:
        number = document.add_paragraph(letter.number)
        _format(number, BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph().paragraph_format.first_line_indent = Pt(0)
    for block, text in letter.blocks():
        paragraph = document.add_paragraph(text)
        if block is Block.ADDRESSEE:
            paragraph.paragraph_format.first_line_indent = Pt(0)
        elif block is Block.HEADING:
            _format(paragraph, HEADING_FONT, BODY_SIZE, None, indent=True)
    _add_signature(document, letter)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_up(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    set_language(document)
    add_font_fallbacks(document)
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = BODY_SIZE
    body = normal.paragraph_format
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = LINE
    body.space_before = body.space_after = Pt(0)
    body.first_line_indent = Pt(2 * CHAR)  # 首行缩进二字
    body.widow_control = True
    _add_page_numbers(section)


def _format(
    paragraph: Any,
    font: str,
    size: Pt,
    alignment: WD_ALIGN_PARAGRAPH | None,
    *,
    indent: bool = False,
) -> None:
    """Give every run of `paragraph` its font; no indent unless asked."""
    if alignment is not None:
        paragraph.alignment = alignment
    if not indent:
        paragraph.paragraph_format.first_line_indent = Pt(0)
    for run in paragraph.runs:
        set_fonts(run._r.get_or_add_rPr(), font)
        run.font.size = size


def _add_signature(document: Any, letter: Letter) -> None:
    """Leave the seal space, then the agency centred over the date, 右空四字."""
    for _ in range(SEAL_LINES):
        space = document.add_paragraph()
        space.paragraph_format.keep_with_next = True
    signer = document.add_paragraph(letter.signer)
    date = document.add_paragraph(letter.date_text)
    right = 4 * CHAR
    # Centre the agency over the date: shift it by half the difference in length.
    shift = (len(letter.date_text) - len(letter.signer)) * CHAR / 2
    for paragraph, indent in ((signer, right + max(shift, 0)), (date, right)):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.right_indent = Pt(indent)
        paragraph.paragraph_format.keep_with_next = paragraph is signer
    _bookmark(signer, SEAL_BOOKMARK)


def _bookmark(paragraph: Any, name: str) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _add_page_numbers(section: Any) -> None:
    """Put 「— N —」 at the foot of every page, centred (GB/T 9704 §7.5)."""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.add_run("— ")
    run = footer.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
    footer.add_run(" —")
    for each in footer.runs:
        set_fonts(each._r.get_or_add_rPr(), PAGE_NUMBER_FONT)
        each.font.size = PAGE_NUMBER_SIZE


def _set_properties(document: Any, letter: Letter) -> None:
    props = document.core_properties
    props.title = letter.title[:255]
    props.author = letter.signer[:255]
    props.subject = letter.kind.label
    props.identifier = letter.number[:255]
    props.language = "zh-CN"
    props.comments = ""
