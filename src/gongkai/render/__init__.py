"""Renderers: the canonical report model -> HTML, Markdown, DOCX, XLSX and PDF bytes.

Every renderer draws the official table layouts from the same grids (`render.layout`),
whose labels all come from `gongkai.report.formats`.
"""

from __future__ import annotations

from collections.abc import Callable

from gongkai.errors import InvalidInput
from gongkai.render.docx import render_docx
from gongkai.render.html import render_html
from gongkai.render.markdown import render_markdown
from gongkai.render.pdf import render_pdf
from gongkai.render.xlsx import render_xlsx
from gongkai.report.model import AnnualReport

Renderer = Callable[[AnnualReport], bytes]

RENDERERS: dict[str, Renderer] = {
    "html": render_html,
    "md": render_markdown,
    "docx": render_docx,
    "xlsx": render_xlsx,
    "pdf": render_pdf,
}

EXTENSIONS: dict[str, str] = {name: f".{name}" for name in RENDERERS}


def render(report: AnnualReport, to: str) -> bytes:
    """Return the report rendered in format `to` (html, md, docx, xlsx or pdf).

    Raises:
        InvalidInput: `to` names no renderer.
        RendererUnavailable: the PDF renderer lacks LibreOffice, or it failed.
    """
    try:
        renderer = RENDERERS[to]
    except KeyError:
        known = ", ".join(RENDERERS)
        raise InvalidInput(
            f"unknown output format {to!r}; expected one of {known}"
        ) from None
    return renderer(report)


__all__ = ["EXTENSIONS", "RENDERERS", "Renderer", "render"]
