from __future__ import annotations

import io
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from gongkai.errors import RendererUnavailable
from gongkai.render import pdf
from gongkai.render.layout import table_grid
from gongkai.render.pdf import convert_docx, find_soffice, render_pdf
from gongkai.report.model import AnnualReport
from tests.gongkai.render.cases import SEED_CASES, case_id, load_case

NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:元|万元)?$")


def _needs_soffice() -> None:
    if find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required under CI=true")
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module", params=SEED_CASES, ids=case_id)
def rendered(
    request: pytest.FixtureRequest, pdf_of: Callable[[AnnualReport], bytes]
) -> tuple[Path, bytes]:
    _needs_soffice()
    return request.param, pdf_of(load_case(request.param))


def _words(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return [w["text"] for page in document.pages for w in page.extract_words()]


@pytest.mark.slow
def test_pdf_holds_the_agency_and_every_number_of_the_seed(
    rendered: tuple[Path, bytes],
) -> None:
    case, data = rendered
    report = load_case(case)
    words = _words(data)
    assert data.startswith(b"%PDF-")
    assert report.agency in "".join(words)
    expected = Counter(
        cell.text
        for table in ("proactive", "applications", "review_litigation")
        if (grid := table_grid(report, table)) is not None
        for cell in grid.number_cells()
    )
    expected[str(report.year)] += 1  # the title: 嘉兴市人民防空办公室 2021 年…
    assert Counter(w for w in words if NUMBER.match(w)) == expected


@pytest.mark.slow
def test_pdf_embeds_its_fonts(rendered: tuple[Path, bytes]) -> None:
    _, data = rendered
    with pdfplumber.open(io.BytesIO(data)) as document:
        fonts = {c["fontname"] for page in document.pages for c in page.chars}
    # an embedded subset font is named with a six-letter tag: BAAAAA+NotoSerifCJK…
    assert fonts and all(re.match(r"^[A-Z]{6}\+", name) for name in fonts), fonts
    assert any("CJK" in name for name in fonts)


@pytest.mark.slow
def test_pdf_is_a4(rendered: tuple[Path, bytes]) -> None:
    _, data = rendered
    with pdfplumber.open(io.BytesIO(data)) as document:
        sizes = {(round(p.width), round(p.height)) for p in document.pages}
    assert sizes == {(595, 842)}


def test_missing_libreoffice_raises_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(
        RendererUnavailable, match="LibreOffice \\(soffice\\) is not installed"
    ):
        render_pdf(load_case(SEED_CASES[4]))


def test_failed_conversion_raises_and_leaves_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf.tempfile, "tempdir", str(tmp_path))
    with pytest.raises(RendererUnavailable, match="LibreOffice failed \\(exit 1\\)"):
        convert_docx(b"not a document", "/bin/false")
    assert list(tmp_path.iterdir()) == []
