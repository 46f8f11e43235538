"""Letters as PDF through LibreOffice: A4 pages, the receipt's number and code in the text."""

from __future__ import annotations

import io
import os
from datetime import date

import pdfplumber
import pytest

from gongkai.letters import (
    Letter,
    LetterKind,
    compose,
    default_template,
    render_letter_pdf,
)
from gongkai.render.pdf import find_soffice

A4_POINTS = (595, 842)


def _needs_soffice() -> None:
    if find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required under CI=true")
        pytest.skip("LibreOffice (soffice) is not installed")


def receipt() -> Letter:
    letter = compose(
        LetterKind.RECEIPT,
        default_template(LetterKind.RECEIPT),
        {
            "applicant": "王小明",
            "received": "二〇二六年十二月四日",
            "channel": "邮寄",
            "tracking_number": "2026-0011",
            "content": "2025年人防工程建设项目清单",
        },
        number="示政公开〔2026〕第5号",
        signer="示范市人民防空办公室",
        issued_on=date(2026, 12, 4),
    )
    return Letter(**{**letter.__dict__, "verification_code": "K7PM-3QXA"})


def test_receipt_pdf_is_a4_and_holds_the_tracking_number_and_code() -> None:
    _needs_soffice()
    data = render_letter_pdf(receipt())
    with pdfplumber.open(io.BytesIO(data)) as document:
        sizes = {(round(p.width), round(p.height)) for p in document.pages}
        text = "".join(page.extract_text() or "" for page in document.pages)
    assert sizes == {A4_POINTS}
    flat = "".join(text.split())
    assert "2026-0011" in flat and "K7PM-3QXA" in flat
    assert "示政公开〔2026〕第5号" in flat and "二〇二六年十二月四日" in flat
