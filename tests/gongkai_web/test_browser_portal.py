"""End to end in Debian's Chromium: someone applies on the portal, a handler replies
予以公开 in the back office, the approver publishes the year's report once the year has
ended, the public report page shows the application counted, and the status page
shows it replied.

The flow runs on fixed dates, whatever today is: the application and the reply on
Monday 2024-12-16, the publication of the 2024 report on Friday 2025-01-10 (a report
is published after its year ends). Only the server's clock travels (`time_machine`
with `tick=True`, so the form's 3-second minimum still passes); Chromium keeps the
real clock. Its cookies still hold: Django sends `Max-Age` with `Expires`, and the
browser counts `Max-Age` from its own clock (RFC 6265 §5.3), so a session made at a
travelled time does not arrive already expired.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.gongkai_web.conftest import make_agency, make_user
from tests.gongkai_web.test_browser import chromium, log_in, needs_chromium  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.usefixtures("needs_chromium"),
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPLIED = datetime(2024, 12, 16, 10, 0, tzinfo=SHANGHAI)  # a Monday
PUBLISHED = datetime(2025, 1, 10, 10, 0, tzinfo=SHANGHAI)  # a Friday of the next year
YEAR = APPLIED.year
SECTIONS = {
    "#id_section_1": "本年度主动公开政府信息，依申请公开工作依法办理。",
    "#id_section_5": "存在问题：公开的及时性有待提高。改进措施：完善提醒。",
    "#id_section_6": "本年度未收取政府信息公开信息处理费。",
}


def test_portal_application_is_replied_published_and_followed(
    transactional_db: None, live_server: Any
) -> None:
    from gongkai_web.agencies.models import Role
    from gongkai_web.annual.models import ReportVersion
    from gongkai_web.applications.models import Application

    with time_machine.travel(APPLIED, tick=True) as clock:
        city = make_agency("city", "示范市人民政府办公室")
        make_user("handler", city, Role.HANDLER)
        make_user("approver", city, Role.APPROVER)
        with chromium() as browser:
            number, code = apply_and_reply(browser, live_server.url)
            clock.move_to(PUBLISHED)
            stage = publish_and_follow(browser, live_server.url, number, code)
        case = Application.objects.get()
        version = ReportVersion.objects.get(agency=city, year=YEAR)
    assert (case.tracking_number, case.channel, case.outcome) == (
        number,
        "online",
        "granted",
    )
    assert (case.received, case.reply_date) == (APPLIED.date(), APPLIED.date())
    assert version.published_at.astimezone(SHANGHAI).date() == PUBLISHED.date()
    assert (
        version.published_by is not None and version.published_by.username == "approver"
    )
    assert stage == "已答复"


def apply_and_reply(browser: Any, base: str) -> tuple[str, str]:
    """Apply on the portal, reply 予以公开; return the tracking number and the code."""
    from playwright.sync_api import expect

    page = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}
    ).new_page()
    page.goto(f"{base}/portal/city/apply/")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "王小明")
    page.fill("#id_id_document", "110101199001011234")
    page.fill("#id_phone", "13800001234")
    page.fill("#id_email", "wang@example.com")
    page.fill("#id_content", "本市2024年老旧小区改造项目名单")
    page.select_option("#id_requested_form", "electronic")
    page.select_option("#id_delivery", "email")
    page.check("#id_affirm")
    page.wait_for_timeout(3200)  # the form refuses what comes back under 3 seconds
    page.click("#apply-form button[type=submit]")
    expect(page.locator("#tracking-number")).to_have_text(f"{YEAR}-0001")
    number: str = page.locator("#tracking-number").inner_text()
    code: str = page.locator("#verification-code").inner_text()

    handler = log_in(browser, base, "handler")
    handler.goto(f"{base}/a/city/cases/?state=all&q={number}")
    handler.click(f"a:has-text('{number}')")
    handler.click("a.button:has-text('答复')")
    handler.fill("#id_on", timezone.localdate().isoformat())
    handler.select_option("#id_outcome", "granted")
    handler.click("#event-form button[type=submit]")
    expect(handler.locator(".messages")).to_contain_text("已记录：答复")
    return number, code


def publish_and_follow(browser: Any, base: str, number: str, code: str) -> str:
    """Publish the year's report, read it and the status page; return the stage."""
    from playwright.sync_api import expect

    approver = log_in(browser, base, "approver")
    approver.goto(f"{base}/a/city/annual/{YEAR}/")
    expect(approver.locator("#findings")).to_contain_text("尚有“（待填写：…）”内容")
    for selector, text in SECTIONS.items():
        approver.fill(selector, text)
    approver.click("#sections-form button[type=submit]")
    expect(approver.locator("#validation-ok")).to_be_visible()
    approver.check("#publish-form input[name=confirm]")
    approver.click("#publish-form button[type=submit]")
    expect(approver.locator("main > ul.messages")).to_contain_text(
        f"已发布{YEAR}年度报告第1版"
    )

    page = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}
    ).new_page()
    page.goto(f"{base}/portal/city/reports/{YEAR}/")
    granted = page.locator(
        "#report table[data-table=applications] tr", has_text="（一）予以公开"
    )
    expect(granted.locator("td").first).to_have_text("1")  # 自然人
    expect(granted.locator("td").last).to_have_text("1")  # 总计

    page.goto(f"{base}/portal/city/status/")
    page.fill("#id_tracking_number", number)
    page.fill("#id_code", code)
    page.click("#status-form button[type=submit]")
    expect(page.locator("#outcome")).to_have_text("予以公开")
    stage: str = page.locator("#stage").inner_text()
    expect(page.locator("body")).not_to_contain_text("王小明")
    return stage
