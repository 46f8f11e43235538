"""The 受理回执 PDF with the verification code, from the page that shows the code."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest
from django.test import Client
from lxml import html

from gongkai.render.pdf import find_soffice
from gongkai.vocabulary import Channel
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Letter
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import make_application
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


def test_staff_print_the_receipt_of_a_postal_case_with_its_code_once(
    agency: Agency, registrar: Any, login: Any
) -> None:
    """The code is shown once, on the page that issues it, and printed on the receipt
    from there; a reprint needs a new code (audit-logged), the old receipt's stops."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    case = make_application(agency, registrar, channel=Channel.POST)
    staff = login(registrar)
    detail = staff.get(f"/cases/{case.pk}/").content.decode()
    url = f"/portal/{agency.code}/cases/{case.pk}/code/"
    assert url in detail  # the register row's letter is printed from the code page
    page = html.fromstring(staff.post(url).content)
    code = page.xpath('//*[@id="verification-code"]')[0].text_content()
    form = page.xpath('//form[@id="receipt-pdf"]')[0]
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    response = staff.post(form.get("action"), fields)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as document:
        text = "".join(
            "".join((p.extract_text() or "").split()) for p in document.pages
        )
    assert case.tracking_number in text and code in text and "受理回执" in text
    letter = Letter.objects.get()
    assert letter.issued_by == registrar and code not in letter.text
    assert code not in staff.get(url).content.decode()  # not shown again

    again = html.fromstring(staff.post(url).content)  # a reprint: a new code
    assert again.xpath('//*[@id="verification-code"]')[0].text_content() != code
    assert staff.post(form.get("action"), fields).status_code == 404  # old code
    logs = AuditLog.objects.filter(action=AuditAction.CODE_REISSUE)
    assert logs.count() == 2 and all(code not in log.summary for log in logs)
    assert Letter.objects.count() == 1  # one 受理回执, one 文号
