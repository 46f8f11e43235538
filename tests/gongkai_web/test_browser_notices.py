"""End to end in Debian's Chromium, mails through a real SMTP server: someone applies
on the portal with an e-mail address and gets the receipt, the handler asks for a
correction (补正) in the back office, the notice arrives with the handler's note; the
handler issues the 补正告知书, which arrives attached (DOCX and PDF); the applicant sees
both listed on the status page and downloads the letter's PDF.

Time as in test_browser_portal.py: the server's clock travels to a Monday (`tick=True`,
so the form's 3-second minimum still passes); Chromium keeps the real clock.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.gongkai_web.conftest import make_agency, make_user
from tests.gongkai_web.outbox.conftest import smtp  # noqa: F401
from tests.gongkai_web.outbox.smtp import SmtpServer, attachments_of, body_of
from tests.gongkai_web.test_browser import chromium, log_in, needs_chromium  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.usefixtures("needs_chromium"),
]

APPLIED = datetime(2024, 12, 16, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # Monday
NOTE = "请写明所需项目的名称和所在街道"


def wait_for_mails(server: SmtpServer, count: int) -> None:
    deadline = time.monotonic() + 20
    while len(server.sink.received) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(server.sink.received) == count, [
        m["Subject"] for m in server.sink.received
    ]


def test_applicant_gets_the_correction_notice_and_sees_it_on_the_status_page(
    transactional_db: None,
    live_server: Any,
    smtp: SmtpServer,  # noqa: F811
    settings: Any,
) -> None:
    from playwright.sync_api import expect

    settings.GONGKAI_MAIL_LETTER_PDF = True  # the letter as PDF too (LibreOffice)

    from gongkai_web.agencies.models import Role

    with time_machine.travel(APPLIED, tick=True):
        city = make_agency("city", "示范市人民政府办公室")
        make_user("handler", city, Role.HANDLER)
        with chromium() as browser:
            applicant = browser.new_context(locale="zh-CN").new_page()
            applicant.goto(f"{live_server.url}/portal/city/apply/")
            applicant.select_option("#id_applicant_type", "natural_person")
            applicant.fill("#id_applicant_name", "王小明")
            applicant.fill("#id_id_document", "110101199001011234")
            applicant.fill("#id_phone", "13800001234")
            applicant.fill("#id_email", "wang@example.com")
            applicant.fill("#id_content", "本市2024年老旧小区改造项目名单")
            applicant.select_option("#id_requested_form", "electronic")
            applicant.select_option("#id_delivery", "email")
            applicant.check("#id_affirm")
            applicant.wait_for_timeout(3200)  # the form's minimum fill time
            applicant.click("#apply-form button[type=submit]")
            number = applicant.locator("#tracking-number").inner_text()
            code = applicant.locator("#verification-code").inner_text()
            wait_for_mails(smtp, 1)

            handler = log_in(browser, live_server.url, "handler")
            handler.goto(f"{live_server.url}/a/city/cases/?state=all&q={number}")
            handler.click(f"a:has-text('{number}')")
            handler.click("a.button:has-text('告知补正')")
            handler.fill("#id_on", timezone.localdate().isoformat())
            handler.fill("#id_note", NOTE)
            handler.click("#event-form button[type=submit]")
            expect(handler.locator(".messages")).to_contain_text("已记录")
            wait_for_mails(smtp, 2)
            expect(handler.locator("#case-messages")).to_contain_text("补正申请告知")
            handler.click("button:has-text('出具补正告知书')")
            expect(handler.locator(".messages")).to_contain_text("已出具")
            wait_for_mails(smtp, 3)

            applicant.goto(f"{live_server.url}/portal/city/status/")
            applicant.fill("#id_tracking_number", number)
            applicant.fill("#id_code", code)
            applicant.click("#status-form button[type=submit]")
            expect(applicant.locator("#stage")).to_have_text("待补正")
            expect(applicant.locator("#notices")).to_contain_text("补正申请告知")
            expect(applicant.locator("#notices")).to_contain_text("收到申请回执")
            expect(applicant.locator("#notices")).to_contain_text("文书送达")
            with applicant.expect_download() as download:
                applicant.click("#notices a[href*='/letters/']:has-text('.pdf')")
            letter = download.value.path().read_bytes()

    receipt, correction, mailed = smtp.sink.received
    assert letter.startswith(b"%PDF")
    assert [name for name, _data in attachments_of(mailed)] == [
        f"政府信息公开申请补正告知书-{number}.docx",
        f"政府信息公开申请补正告知书-{number}.pdf",
    ]
    assert number in str(receipt["Subject"]) and code not in body_of(receipt)
    assert correction["To"] == "wang@example.com"
    assert "补正" in str(correction["Subject"]) and NOTE in body_of(correction)
