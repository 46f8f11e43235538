"""End to end in Debian's Chromium: a handler registers, replies 予以公开, sees it counted;
a user of another agency cannot open the case."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.gongkai_web.conftest import PASSWORD, make_agency, make_user

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def needs_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing (CI=true): install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run it")


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright.

    No ORM call while it runs: under Playwright's event loop Django would open a
    second connection that nothing closes.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(browser: Any, base: str, username: str) -> Any:
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_handler_registers_replies_and_sees_it_counted(
    transactional_db: None, live_server: Any, needs_chromium: None
) -> None:
    from gongkai_web.agencies.models import Role
    from gongkai_web.applications.models import Application

    city, county = make_agency("city", "示范市人民政府办公室"), make_agency("county")
    make_user("handler", city, Role.HANDLER)
    make_user("outsider", county, Role.HANDLER, Role.AGENCY_ADMIN)
    with chromium() as browser:
        case_url = run_scenario(browser, live_server.url)
    case = Application.objects.get()
    assert case_url.endswith(f"/cases/{case.pk}/")
    assert (case.outcome, str(case.reply_date)) == ("granted", "2024-06-12")


def run_scenario(browser: Any, base: str) -> str:
    """Drive the pages; return the URL of the registered case."""
    from playwright.sync_api import expect

    page = log_in(browser, base, "handler")
    expect(page).to_have_url(f"{base}/a/city/")
    page.goto(f"{base}/a/city/cases/new/")
    page.select_option("#id_channel", "in_person")
    page.fill("#id_received", "2024-06-03")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "王小明")
    page.fill("#id_content", "2023年部门预算")
    page.click("#register-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已登记，编号 2024-0001")
    case_url: str = page.url
    assert re.fullmatch(rf"{re.escape(base)}/cases/\d+/", case_url)

    page.click("a.button:has-text('答复')")
    page.fill("#id_on", "2024-06-12")
    page.select_option("#id_outcome", "granted")
    page.click("#event-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已记录：答复")
    expect(page.locator("dl.facts")).to_contain_text("予以公开")

    page.goto(f"{base}/a/city/statistics/?year=2024&format=2021")
    granted = page.locator("tr[data-row=granted] td")
    expect(granted.nth(0)).to_have_text("1")  # 自然人
    expect(granted.nth(6)).to_have_text("1")  # 总计
    expect(page.locator("tr[data-row=new_received] td").nth(6)).to_have_text("1")
    granted.nth(0).locator("a").click()
    expect(page.locator("table")).to_contain_text("王小明")

    stranger = log_in(browser, base, "outsider")
    response = stranger.goto(case_url)
    assert response is not None and response.status == 404
    expect(stranger.locator("body")).not_to_contain_text("王小明")
    return case_url
