"""The API's Swagger UI (/api/v1/docs) under the site's Content-Security-Policy, in
Debian's Chromium: the operations are drawn and the browser reports no violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gongkai_web.test_browser import chromium, needs_chromium  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.usefixtures("needs_chromium"),
]

WATCH_CSP = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_swagger_ui_draws_the_operations_without_a_csp_violation(
    transactional_db: None, live_server: Any
) -> None:
    with chromium() as browser:
        page = browser.new_context(locale="zh-CN").new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.add_init_script(WATCH_CSP)
        response = page.goto(f"{live_server.url}/api/v1/docs")
        assert response is not None and response.status == 200
        assert "script-src" in response.headers["content-security-policy"]
        page.wait_for_selector(".opblock", timeout=30_000)
        operations = page.locator(".opblock").count()
        page.locator(".opblock").first.click()  # open one: its parameters are drawn
        page.wait_for_selector(".opblock-body", timeout=10_000)
        page.wait_for_timeout(500)
        violations = page.evaluate("window.violations")
        title = page.locator(".info .title").inner_text()
        messages = list(console)
        # The watch works: an image from elsewhere is a violation it sees.
        page.evaluate(
            "document.body.appendChild(new Image()).src = 'http://192.0.2.1/x.png'"
        )
        page.wait_for_function("window.violations.length > 0", timeout=10_000)
    assert operations >= 5 and "Gongkai API" in title
    assert violations == []
    assert not [m for m in messages if "Content Security Policy" in m], messages
