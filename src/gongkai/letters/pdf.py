"""A letter as PDF: its DOCX converted by LibreOffice, as the annual report's PDF is."""

from __future__ import annotations

from gongkai.letters.docx import render_letter_docx
from gongkai.letters.model import Letter
from gongkai.render.pdf import convert_docx, require_soffice


def render_letter_pdf(letter: Letter) -> bytes:
    """Return the letter as PDF (A4, fonts embedded).

    Raises:
        RendererUnavailable: LibreOffice is not installed, or the conversion failed.
    """
    return convert_docx(render_letter_docx(letter), require_soffice())
