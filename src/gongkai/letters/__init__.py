"""The letters of a disclosure case, pure: wording, filling, 文号, layout as DOCX/PDF.

`kinds` names the letters and the events that produce them; `defaults` holds the
default wording; `text` fills a template and finds what is unfilled; `model.compose`
returns the `Letter` to store; `docx` and `pdf` lay it out (GB/T 9704). The web
layer gathers a case's facts, allocates the 文号, stores and serves the letter.
"""

from __future__ import annotations

from gongkai.letters.defaults import default_template
from gongkai.letters.docx import render_letter_docx
from gongkai.letters.kinds import (
    EVENT_LETTERS,
    TERMINATION_OUTCOMES,
    LetterKind,
    letter_outcomes,
)
from gongkai.letters.model import Block, Letter, compose
from gongkai.letters.pdf import render_letter_pdf
from gongkai.letters.text import (
    PLACEHOLDERS,
    LetterIncomplete,
    chinese_date,
    document_number,
    fields_of,
    fill,
    markers_in,
    printable,
)

__all__ = [
    "EVENT_LETTERS",
    "PLACEHOLDERS",
    "TERMINATION_OUTCOMES",
    "Block",
    "Letter",
    "LetterIncomplete",
    "LetterKind",
    "chinese_date",
    "compose",
    "default_template",
    "document_number",
    "fields_of",
    "fill",
    "letter_outcomes",
    "markers_in",
    "printable",
    "render_letter_docx",
    "render_letter_pdf",
]
