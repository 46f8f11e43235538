"""The 受理回执 PDF with the verification code, from the page that shows the code."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.test import Client
from lxml import html

from gongkai.render.pdf import find_soffice
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Letter
from tests.gongkai_web.portal.conftest import submit


def test_the_applicant_downloads_the_receipt_with_number_and_code(
    agency: Agency,
) -> None:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    client = Client()
    receipt = html.fromstring(client.get(submit(client, agency)["Location"]).content)
    code = receipt.xpath('//*[@id="verification-code"]')[0].text_content()
    form = receipt.xpath('//form[contains(@action, "receipt.pdf")]')[0]
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    assert fields["code"] == code
    response = client.post(form.get("action"), fields)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as document:
        sizes = {(round(p.width), round(p.height)) for p in document.pages}
        text = "".join(
            "".join((p.extract_text() or "").split()) for p in document.pages
        )
    assert sizes == {(595, 842)}
    assert "2024-0001" in text and code in text and "〔2024〕第1号" in text
    letter = Letter.objects.get()
    assert letter.kind == "receipt" and code not in letter.text  # never stored
    client.post(form.get("action"), fields)
    assert Letter.objects.count() == 1  # issued once


def test_a_wrong_code_gets_no_receipt(agency: Agency) -> None:
    client = Client()
    submit(client, agency)
    response = client.post(
        f"/portal/{agency.code}/receipt.pdf",
        {"tracking_number": "2024-0001", "code": "AAAA-AAAA"},
    )
    assert response.status_code == 404
    assert "申请编号或查询码不正确" in response.content.decode()
    assert not Letter.objects.exists()
