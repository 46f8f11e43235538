"""Render a report as PDF: the DOCX rendering converted by LibreOffice, fonts embedded.

LibreOffice (`soffice --headless --convert-to pdf`) lays the Word document out exactly as
a reader of the DOCX sees it, so the PDF has the same tables and page setup. Each
conversion runs in its own temporary directory with its own LibreOffice profile
(`-env:UserInstallation`), so conversions may run side by side and leave nothing behind.
The export is PDF/A-2b, which embeds every font used. A fontconfig file maps the
government-document fonts, absent from most machines, to Noto CJK (fonts-noto-cjk):
方正小标宋简体 and 仿宋_GB2312 to the serif, 黑体 to the sans.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gongkai.errors import RendererUnavailable
from gongkai.render.docx import (
    BODY_FONT,
    FALLBACK_FONTS,
    HEADING_FONT,
    TITLE_FONT,
    render_docx,
)
from gongkai.report.model import AnnualReport

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
FONT_SUBSTITUTES = {
    TITLE_FONT: SERIF,
    BODY_FONT: SERIF,
    HEADING_FONT: SANS,
    FALLBACK_FONTS[TITLE_FONT]: SERIF,
    FALLBACK_FONTS[BODY_FONT]: SERIF,
    FALLBACK_FONTS[HEADING_FONT]: SANS,
}
# PDF/A-2b (SelectPdfVersion 2): every font embedded, as archives require.
EXPORT_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def find_soffice() -> str | None:
    """Return the path of LibreOffice's `soffice`, or None when it is not installed."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(report: AnnualReport) -> bytes:
    """Return the report as PDF.

    Raises:
        RendererUnavailable: LibreOffice is not installed, or the conversion failed.
    """
    return convert_docx(render_docx(report), require_soffice())


def require_soffice() -> str:
    """Return the path of `soffice`.

    Raises:
        RendererUnavailable: LibreOffice is not installed.
    """
    soffice = find_soffice()
    if soffice is None:
        raise RendererUnavailable(
            "pdf",
            "LibreOffice (soffice) is not installed; install it "
            "(Debian: apt-get install libreoffice-writer fonts-noto-cjk) to render PDF",
        )
    return soffice


def convert_docx(document: bytes, soffice: str) -> bytes:
    """Convert DOCX bytes to PDF bytes with LibreOffice in a private temporary directory.

    Raises:
        RendererUnavailable: LibreOffice failed, timed out or wrote no PDF.
    """
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as name:
        work = Path(name)
        source = work / "report.docx"
        source.write_bytes(document)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            EXPORT_FILTER,
            "--outdir",
            str(work),
            str(source),
        ]
        env = {
            **os.environ,
            "FONTCONFIG_FILE": str(_write_fontconfig(work)),
            "HOME": name,
        }
        try:
            done = subprocess.run(
                command,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired as exc:
            raise RendererUnavailable(
                "pdf", f"LibreOffice did not finish within {TIMEOUT_SECONDS} s"
            ) from exc
        target = work / "report.pdf"
        if done.returncode != 0 or not target.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()
            last = detail[-1] if detail else "no output"
            raise RendererUnavailable(
                "pdf", f"LibreOffice failed (exit {done.returncode}): {last}"
            )
        return target.read_bytes()


def _write_fontconfig(work: Path) -> Path:
    """Write a fontconfig file: the system's configuration plus the CJK substitutes."""
    base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    aliases = "\n".join(
        f'  <alias binding="same"><family>{font}</family>'
        f"<prefer><family>{substitute}</family></prefer></alias>"
        for font, substitute in FONT_SUBSTITUTES.items()
    )
    path = work / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{base}</include>\n{aliases}\n</fontconfig>\n',
        encoding="utf-8",
    )
    return path
