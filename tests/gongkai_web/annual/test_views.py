"""Drafting pages: linked numbers, sections on the scaffold, validation, publication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from lxml import html

from gongkai_web.agencies.models import Agency, Role
from gongkai_web.annual import services
from gongkai_web.annual.models import ReportDraft, ReportVersion
from gongkai_web.jobs.models import Job, JobState
from tests.gongkai_web.annual.conftest import LATE_PDF, install_libreoffice
from tests.gongkai_web.conftest import make_application, make_user

Login = Callable[[Any], Client]


@pytest.mark.parametrize(
    "path",
    ["annual/", "annual/2021/", "annual/2021/preview.html", "annual/2021/v1.html"],
)
def test_outsider_gets_404(
    demo: Agency, outsider: Any, login: Login, path: str
) -> None:
    assert login(outsider).get(f"/a/demo/{path}").status_code == 404


def test_every_number_of_section_three_links_to_the_cases_it_counts(
    demo: Agency, demo_handler: Any, login: Login
) -> None:
    client = login(demo_handler)
    page = html.fromstring(client.get("/a/demo/annual/2021/").content)
    links = page.xpath('//table[@id="applications-table"]//td/a')
    assert len(links) == 25 * 7  # the 25 rows of the 2021 table
    checked = 0
    for link in links:
        if link.text_content() == "0" and checked % 5:
            checked += 1
            continue  # a sample of the zeros is enough
        listed = html.fromstring(client.get(link.get("href")).content)
        rows = listed.xpath("//main//table//tbody/tr[td/a]")
        assert len(rows) == int(link.text_content()), link.get("href")
        checked += 1
    granted = page.xpath('//tr[@data-row="granted"]/td[1]/a')[0]
    assert granted.text_content() == "4"


def test_every_number_of_section_four_links_to_the_register(
    demo: Agency, demo_handler: Any, login: Login
) -> None:
    client = login(demo_handler)
    page = html.fromstring(client.get("/a/demo/annual/2021/").content)
    upheld = page.xpath(
        '//table[@id="review-table"]//tr[@data-row="litigation_direct"]/td[1]/a'
    )[0]
    assert upheld.text_content() == "1"
    listed = client.get(upheld.get("href")).content.decode()
    assert "（2021）示0102行初58号" in listed and "示政复〔2020〕47号" not in listed


def test_the_validation_panel_lists_unfilled_sections(
    agency: Agency, handler: Any, login: Login
) -> None:
    page = login(handler).get(f"/a/{agency.code}/annual/2023/").content.decode()
    assert "一、总体情况：尚有“（待填写：…）”内容" in page


def test_the_validation_panel_compares_with_last_years_published_report(
    demo: Agency, demo_approver: Any, login: Login, quick: None
) -> None:
    services.publish(demo, 2021, demo_approver)
    # a case of 2021 registered after publication: 2022's 上年结转 no longer matches
    make_application(
        demo, make_user("reg-x", demo, Role.REGISTRAR), received=date(2021, 12, 1)
    )
    page = login(demo_approver).get("/a/demo/annual/2022/").content.decode()
    assert "2021年「结转下年度继续办理」自然人 1 不等于2022年「上年结转」2" in page


def test_sections_are_written_by_staff_but_not_by_the_auditor(
    agency: Agency, handler: Any, auditor: Any, login: Login
) -> None:
    form = {
        "format": "2021",
        "section_1": "总体情况正文",
        "section_5": "",
        "section_6": "",
    }
    assert (
        login(auditor).post(f"/a/{agency.code}/annual/2023/", form).status_code == 400
    )
    assert not ReportDraft.objects.exists()
    assert (
        login(handler).post(f"/a/{agency.code}/annual/2023/", form).status_code == 302
    )
    assert ReportDraft.objects.get().section_1 == "总体情况正文"


def test_the_approver_publishes_from_the_page_and_the_handler_cannot(
    demo: Agency, demo_handler: Any, demo_approver: Any, login: Login, quick: None
) -> None:
    response = login(demo_handler).post("/a/demo/annual/2021/publish/", follow=True)
    assert "只有审批负责人可以批准发布年度报告" in response.content.decode()
    assert not ReportVersion.objects.exists()
    unconfirmed = login(demo_approver).post("/a/demo/annual/2021/publish/", follow=True)
    assert "请先勾选确认，再发布" in unconfirmed.content.decode()
    assert not ReportVersion.objects.exists()
    login(demo_approver).post("/a/demo/annual/2021/publish/", {"confirm": "on"})
    version = ReportVersion.objects.get()
    page = login(demo_approver).get("/a/demo/annual/2021/").content.decode()
    assert "批准发布更正版本" in page and version.content_hash[:8] in page
    response = login(demo_approver).get("/a/demo/annual/2021/v1.docx")
    assert (
        response["Content-Type"].startswith("application/vnd.openxml")
        and response.content[:2] == b"PK"
    )


def test_preview_is_the_official_layout(
    demo: Agency, demo_handler: Any, login: Login
) -> None:
    response = login(demo_handler).get("/a/demo/annual/2021/preview.html")
    page = response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>示范市人民防空办公室2021年政府信息公开工作年度报告</h1>" in page
    assert 'data-table="applications"' in page


def test_the_current_year_offers_no_publication(
    demo: Agency, demo_approver: Any, login: Login, quick: None
) -> None:
    client = login(demo_approver)
    page = html.fromstring(client.get("/a/demo/annual/2024/").content)
    assert page.xpath('//*[@id="publish-form"]') == []
    notice = page.xpath('//*[@id="year-not-ended"]')[0].text_content()
    assert "2024年度尚未结束" in notice and "2025-01-01起才能发布" in notice
    response = client.post(
        "/a/demo/annual/2024/publish/", {"confirm": "on"}, follow=True
    )
    assert "2024年度尚未结束" in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_a_year_that_has_not_begun_has_no_draft_page(
    demo: Agency, demo_approver: Any, login: Login
) -> None:
    assert login(demo_approver).get("/a/demo/annual/9999/").status_code == 404
    assert login(demo_approver).get("/a/demo/annual/2025/").status_code == 404


def test_a_version_without_pdf_offers_no_pdf_link(
    demo: Agency, demo_approver: Any, login: Login, no_libreoffice: None
) -> None:
    services.publish(demo, 2021, demo_approver, require_pdf=False)
    client = login(demo_approver)
    page = html.fromstring(client.get("/a/demo/annual/2021/").content)
    files = page.xpath('//table[@id="versions"]//td[last()]')[0]
    assert [a.text_content() for a in files.xpath(".//a")] == ["HTML", "DOCX", "JSON"]
    assert "无PDF" in files.text_content()
    assert client.get("/a/demo/annual/2021/v1.pdf").status_code == 404


def test_the_pdf_is_rendered_by_a_job_whose_failure_shows_on_the_report_page(
    demo: Agency,
    demo_approver: Any,
    login: Login,
    quick: None,
    no_libreoffice: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = login(demo_approver)
    client.post("/a/demo/annual/2021/publish/", {"confirm": "on"})
    version = ReportVersion.objects.get()  # published: HTML and DOCX at once
    job = Job.objects.get(kind="annual.render_pdf")
    assert job.state == JobState.FAILED and "LibreOffice" in job.error
    page = html.fromstring(client.get("/a/demo/annual/2021/").content)
    panel = page.xpath(f'//*[@id="job-{job.pk}"]')[0]
    assert "生成2021年度报告第1版PDF" in panel.text_content()
    retry = panel.xpath(".//form/@action")[0]
    install_libreoffice(monkeypatch)
    assert client.post(retry).status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert client.get("/a/demo/annual/2021/v1.pdf").content == LATE_PDF
    assert version.added_files.get().data == LATE_PDF
