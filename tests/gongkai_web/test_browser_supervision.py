"""End to end in Debian's Chromium, the supervisor (督查) of issue 13: the region-year
overview sorted and filtered, a report with its findings marked on the cells, a cell
corrected (the browser refuses it without a reason), the series charts and the
exports page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.gongkai_web.conftest import PASSWORD
from tests.gongkai_web.supervision.conftest import SEED_FILES, region
from tests.gongkai_web.test_browser import chromium, log_in, needs_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["needs_chromium", "region"]


def test_the_supervisor_checks_corrects_and_charts(
    transactional_db: None, region: Path, live_server: Any, needs_chromium: None
) -> None:
    from gongkai_web.agencies.models import Agency
    from gongkai_web.supervision.models import CollectedReport, Correction, Supervisor

    user = get_user_model().objects.create_user("du", password=PASSWORD)
    Supervisor.objects.create(user=user, node=Agency.objects.get(code="city"))
    report = CollectedReport.objects.get(agency__code="s001")
    old = report.report["applications"]["granted"][0]
    # seed 004's text uploaded as s000's report of 2021 (a file not collected yet)
    upload = region / "s000_report.txt"
    upload.write_bytes(
        next(p for p in SEED_FILES if p.name.startswith("004")).read_bytes()
    )
    with chromium() as browser:
        seen = run_supervisor(browser, live_server.url, report.pk, old, upload)
    assert seen["first_by_errors"] == "s003"
    assert seen["filtered"] == ["s003"]
    assert "总计应等于各类申请人之和" in seen["title"]
    assert seen["svg"] == 4
    assert seen["progress"] == ("1", "1") and "已收集 1 份报告" in seen["collected"]
    assert CollectedReport.objects.filter(provenance__via="upload").count() == 1
    correction = Correction.objects.get()
    assert (correction.old_value, correction.new_value) == (str(old), str(old + 1))
    assert correction.reason == "原件为此数"


def run_supervisor(
    browser: Any, base: str, pk: int, old: int, upload: Path
) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    page = log_in(browser, base, "du")
    page.goto(f"{base}/s/city/2020/")
    assert page.locator("h1").inner_text().endswith("2020年度报告督查")
    page.click("table.overview th >> text=错误")
    page.click("table.overview th >> text=错误")  # second click: descending
    seen["first_by_errors"] = page.locator(
        "table.overview tbody tr td"
    ).first.inner_text()
    page.fill("input[name=q]", "池州")
    page.click("form.filters button[type=submit]")
    seen["filtered"] = page.locator(
        "table.overview tbody tr td:first-child"
    ).all_inner_texts()
    page.goto(f"{base}/s/report/{pk}/")
    page.select_option("#id_path", "applications.granted[0]")
    page.fill("#id_value", str(old + 1))
    page.click("#correct button[type=submit]")  # no reason: the browser refuses
    assert page.url.endswith(f"/s/report/{pk}/")
    assert page.locator("table.corrections tbody td").first.inner_text() == "无"
    page.fill("#id_reason", "原件为此数")
    page.click("#correct button[type=submit]")
    page.wait_for_load_state()
    cell = page.locator('td[data-field="applications.granted[0]"]')
    assert cell.locator("del").inner_text() == str(old)
    assert cell.locator("ins").inner_text() == str(old + 1)
    total = page.locator('td[data-field="applications.granted[6]"]')
    seen["title"] = total.get_attribute("title") or ""
    total.locator("a.marker").click()
    assert page.url.split("#")[1].startswith("finding-")
    page.goto(f"{base}/s/s001/series/")
    seen["svg"] = page.locator("figure.chart-figure").count()
    page.goto(f"{base}/s/city/2020/exports/")
    with page.expect_download() as download:
        page.click("text=问题清单（XLSX，每个问题一行）")
    assert download.value.suggested_filename.endswith(".xlsx")
    # an upload for 2021: a collection job with its progress bar
    page.goto(f"{base}/s/city/2021/")
    page.click("text=上传报告文件")
    page.set_input_files("#id_files", [str(upload)])
    page.click("#upload button[type=submit]")
    page.wait_for_load_state()
    assert "/s/collection/" in page.url
    bar = page.locator("progress#collection-progress")
    seen["progress"] = (bar.get_attribute("value"), bar.get_attribute("max"))
    seen["collected"] = page.locator("[aria-live]").inner_text()
    return seen
