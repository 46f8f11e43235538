"""Public pages: agencies, guide, catalog search, published reports with all versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from lxml import html

from gongkai.proactive import CatalogAction, CatalogRole
from gongkai.render import pdf
from gongkai_web.agencies.models import Agency
from gongkai_web.annual import services as annual
from gongkai_web.catalog import services as catalog
from gongkai_web.catalog.models import CatalogItem, CategoryCount
from gongkai_web.demo.annual import load_demo
from gongkai_web.portal.models import DisclosureGuide
from tests.gongkai_web.annual.conftest import LATE_PDF, install_libreoffice, quick_files
from tests.gongkai_web.catalog.conftest import make_item

Login = Callable[[Any], Client]


@pytest.fixture
def demo(db: None, monkeypatch: pytest.MonkeyPatch) -> Agency:
    monkeypatch.setattr(annual, "render_files", quick_files)
    load_demo(publish_report=True)
    return Agency.objects.get(code="demo")


def test_index_lists_every_agency(agency: Agency, other_agency: Agency) -> None:
    page = Client().get("/portal/").content.decode()
    assert agency.name in page and other_agency.name in page


def test_the_guide_shows_the_office_and_how_to_apply(demo: Agency) -> None:
    page = Client().get("/portal/demo/").content.decode()
    assert "示范市人民防空办公室政务公开办公室" in page and "0571-88880000" in page
    assert 'href="/portal/demo/apply/"' in page


def test_an_agency_without_guide_says_so(agency: Agency) -> None:
    assert (
        "公开指南正在编制中" in Client().get(f"/portal/{agency.code}/").content.decode()
    )


def test_catalog_shows_public_items_only_and_searches_two_characters(
    demo: Agency,
) -> None:
    page = Client().get("/portal/demo/catalog/", {"q": "警报"}).content.decode()
    assert "关于2021年9月18日全市防空警报试鸣的通告" in page and "共 1 条" in page
    assert (
        "2022年政务公开工作要点"
        not in Client().get("/portal/demo/catalog/").content.decode()
    )
    hidden = CatalogItem.objects.get(title__contains="2022年政务公开工作要点")
    assert Client().get(f"/portal/demo/catalog/{hidden.pk}/").status_code == 404


def test_repealed_items_stay_listed_as_repealed(demo: Agency) -> None:
    page = Client().get("/portal/demo/catalog/", {"q": "工程平时使用"}).content.decode()
    assert "（已废止）" in page


def test_the_report_page_shows_the_frozen_report_with_downloads(demo: Agency) -> None:
    client = Client()
    assert "2021年度报告" in client.get("/portal/demo/reports/").content.decode()
    page = html.fromstring(client.get("/portal/demo/reports/2021/").content)
    report = page.xpath('//article[@id="report"]')[0]
    granted = report.xpath(
        './/table[@data-table="applications"]//tr[th[contains(., "予以公开")]]/td'
    )
    assert [cell.text_content() for cell in granted][:1] == ["4"]
    for kind, start in (
        ("html", b"<!DOCTYPE html>"),
        ("docx", b"PK"),
        ("pdf", b"%PDF"),
    ):
        response = client.get(f"/portal/demo/reports/2021/v1.{kind}")
        assert response.status_code == 200 and response.content.startswith(start)
    assert client.get("/portal/demo/reports/2021/v1.json").status_code == 404
    assert client.get("/portal/demo/reports/2020/").status_code == 404


def test_a_correction_is_shown_with_its_note_and_the_old_version_stays_readable(
    demo: Agency,
) -> None:
    CategoryCount.objects.filter(year=2021, category="licensing").update(value=3)
    annual.publish(demo, 2021, None, correction_note="行政许可处理决定数量更正为3件。")
    client = Client()
    latest = client.get("/portal/demo/reports/2021/").content.decode()
    assert "更正说明（第2版）" in latest and "行政许可处理决定数量更正为3件。" in latest
    old = client.get("/portal/demo/reports/2021/", {"v": 1}).content.decode()
    assert "这是第1版，已被更正；现行版本为第2版。" in old
    assert client.get("/portal/demo/reports/2021/v1.docx").status_code == 200


def test_a_published_item_appears_on_the_portal(
    agency: Agency, handler: Any, approver: Any, agency_admin: Any
) -> None:
    reviewer = handler  # 承办人员 granted the 保密审查员 role by the administrator
    catalog.grant_role(
        agency, agency_admin, reviewer, CatalogRole.CONFIDENTIALITY_REVIEWER
    )
    item = make_item(agency, handler, title="示范市人防工程名录")
    url = f"/portal/{agency.code}/catalog/{item.pk}/"
    assert Client().get(url).status_code == 404
    for action, user in (
        (CatalogAction.SUBMIT, agency_admin),  # not the reviewer (条例第十七条)
        (CatalogAction.CLEAR_REVIEW, reviewer),
        (CatalogAction.PUBLISH, approver),
    ):
        catalog.perform(item.pk, user, action)
    assert "示范市人防工程名录" in Client().get(url).content.decode()


def test_english_is_available(demo: Agency) -> None:
    page = Client().get("/portal/demo/apply/", {"lang": "en"}).content.decode()
    assert (
        '<html lang="en">' in page
        and "Submit application" in page
        and "(required)" in page
    )


def test_the_guide_is_edited_by_the_agency_admin_only(
    agency: Agency, agency_admin: Any, handler: Any, login: Login
) -> None:
    form = {
        "classification": "分类",
        "arrangement": "编排",
        "how_to_obtain": "获取",
        "office_name": "公开办",
        "office_address": "示范路1号",
        "office_hours": "工作日",
        "phone": "0571-1",
        "application_procedure": "",
        "postcode": "",
        "fax": "",
        "email": "",
        "website": "",
    }
    assert login(handler).post(f"/a/{agency.code}/guide/", form).status_code == 400
    assert not DisclosureGuide.objects.exists()
    assert login(agency_admin).post(f"/a/{agency.code}/guide/", form).status_code == 302
    assert "公开办" in Client().get(f"/portal/{agency.code}/").content.decode()


def test_outsider_cannot_open_or_change_the_guide(
    agency: Agency, agency_admin: Any, outsider: Any, login: Login
) -> None:
    form = {
        "classification": "分类",
        "arrangement": "编排",
        "how_to_obtain": "获取",
        "office_name": "公开办",
        "office_address": "示范路1号",
        "office_hours": "工作日",
        "phone": "0571-1",
    }
    login(agency_admin).post(f"/a/{agency.code}/guide/", form)
    client = login(outsider)
    assert client.get(f"/a/{agency.code}/guide/").status_code == 404
    response = client.post(
        f"/a/{agency.code}/guide/", {**form, "office_name": "冒名的公开办"}
    )
    assert response.status_code == 404
    assert DisclosureGuide.objects.get(agency=agency).office_name == "公开办"


def test_a_report_published_without_pdf_offers_no_pdf_until_it_is_added(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)  # no LibreOffice
    load_demo(publish_report=True)
    client = Client()
    for url in ("/portal/demo/reports/", "/portal/demo/reports/2021/"):
        page = client.get(url).content.decode()
        assert "v1.docx" in page and "v1.pdf" not in page, url
    assert client.get("/portal/demo/reports/2021/v1.pdf").status_code == 404
    install_libreoffice(monkeypatch)
    load_demo(publish_report=True)
    for url in ("/portal/demo/reports/", "/portal/demo/reports/2021/"):
        assert "v1.pdf" in client.get(url).content.decode(), url
    response = client.get("/portal/demo/reports/2021/v1.pdf")
    assert response.status_code == 200 and response.content == LATE_PDF
