"""A letter as PDF: its DOCX converted by LibreOffice, as the annual report's PDF is."""

from __future__ import annotations

from gongkai.errors import RendererUnavailable
from gongkai.letters.docx import render_letter_docx
from gongkai.letters.model import Letter
from gongkai.render.pdf import convert_docx, find_soffice


def render_letter_pdf(letter: Letter) -> bytes:
    """Return the letter as PDF (A4, fonts embedded).

    Raises:
        RendererUnavailable: LibreOffice is not installed, or the conversion failed.
    """
    soffice = find_soffice()
    if soffice is None:
        raise RendererUnavailable(
            "pdf",
            "LibreOffice (soffice) is not installed; install it "
            "(Debian: apt-get install libreoffice-writer fonts-noto-cjk) to render PDF",
        )
    return convert_docx(render_letter_docx(letter), soffice)
