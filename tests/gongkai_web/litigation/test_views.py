"""Register pages: the section 四 table links every number to its cases; the option."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from lxml import html

from gongkai.litigation import ReviewKind, ReviewResult
from gongkai_web.agencies.models import Agency
from gongkai_web.litigation import services
from gongkai_web.litigation.models import ReviewCase, ReviewCounting

Login = Callable[[Any], Client]


@pytest.fixture
def cases(agency: Agency, handler: Any) -> None:
    for no, kind, filed, result, concluded in (
        (
            "复1",
            ReviewKind.RECONSIDERATION,
            date(2023, 2, 1),
            ReviewResult.UPHELD,
            date(2023, 4, 1),
        ),
        (
            "复2",
            ReviewKind.RECONSIDERATION,
            date(2023, 5, 1),
            ReviewResult.PENDING,
            None,
        ),
        (
            "诉1",
            ReviewKind.LITIGATION_DIRECT,
            date(2023, 6, 1),
            ReviewResult.CORRECTED,
            date(2023, 8, 1),
        ),
    ):
        services.save_case(
            agency, handler, services.CaseData(no, kind, filed, result, concluded)
        )


@pytest.mark.parametrize("page", ["review/", "review/new/", "review/section/"])
def test_outsider_gets_404(
    agency: Agency, outsider: Any, login: Login, page: str
) -> None:
    assert login(outsider).get(f"/a/{agency.code}/{page}").status_code == 404


def test_every_number_links_to_the_cases_it_counts(
    agency: Agency, handler: Any, cases: None, login: Login
) -> None:
    client = login(handler)
    page = html.fromstring(
        client.get(f"/a/{agency.code}/review/section/", {"year": 2023}).content
    )
    links = page.xpath('//table[@id="review-table"]//td/a')
    assert len(links) == 15
    for link in links:
        listed = html.fromstring(client.get(link.get("href")).content)
        shown = listed.xpath('//table[@id="review-cases"]/tbody/tr[td[3]]')
        assert len(shown) == int(link.text_content()), link.get("href")
    recon_total = page.xpath('//tr[@data-group="reconsideration"]/td[5]/a')[0]
    listed = client.get(recon_total.get("href")).content.decode()
    assert "复1" in listed and "复2" in listed and "诉1" not in listed


def test_the_option_is_shown_in_the_notes_and_set_by_the_approver(
    agency: Agency, approver: Any, handler: Any, login: Login
) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/review/section/?year=2023",
        {"count_concluded_from_previous_year": "on"},
    )
    assert response.status_code == 302 and not ReviewCounting.objects.exists()
    login(approver).post(
        f"/a/{agency.code}/review/section/?year=2023",
        {"count_concluded_from_previous_year": "on"},
    )
    assert ReviewCounting.objects.get(year=2023).count_concluded_from_previous_year
    page = (
        login(approver)
        .get(f"/a/{agency.code}/review/section/", {"year": 2023})
        .content.decode()
    )
    assert "按审结结果一并计入本表" in page


def test_case_form_registers_and_edits(
    agency: Agency, handler: Any, login: Login
) -> None:
    client = login(handler)
    response = client.post(
        f"/a/{agency.code}/review/new/",
        {
            "case_no": "新1",
            "kind": "reconsideration",
            "filed_on": "2024-05-06",
            "result": "pending",
            "concluded_on": "",
            "body": "示范市人民政府",
            "applications": "",
        },
    )
    assert response.status_code == 302
    case = ReviewCase.objects.get(case_no="新1")
    response = client.post(
        f"/review/{case.pk}/",
        {
            "case_no": "新1",
            "kind": "reconsideration",
            "filed_on": "2024-05-06",
            "result": "upheld",
            "concluded_on": "",
            "body": "",
            "applications": "",
        },
    )
    assert response.status_code == 400
    assert "结果为「结果维持」但没有审结日期" in response.content.decode()


def test_outsider_cannot_open_or_change_a_case(
    agency: Agency, handler: Any, outsider: Any, cases: None, login: Login
) -> None:
    case = ReviewCase.objects.get(case_no="复2")
    client = login(outsider)
    assert client.get(f"/review/{case.pk}/").status_code == 404
    response = client.post(
        f"/review/{case.pk}/",
        {
            "case_no": "改1",
            "kind": "reconsideration",
            "filed_on": "2023-05-01",
            "result": "corrected",
            "concluded_on": "2023-06-01",
            "body": "",
            "applications": "",
        },
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert (case.case_no, case.result, case.concluded_on) == ("复2", "pending", None)


@pytest.mark.parametrize("field", ["filed_on", "concluded_on"])
def test_case_form_refuses_a_date_after_today_by_its_field(
    agency: Agency, handler: Any, login: Login, field: str
) -> None:
    form = {
        "case_no": "新1",
        "kind": "reconsideration",
        "filed_on": "2024-05-06",
        "result": "upheld",
        "concluded_on": "2024-05-30",
        "body": "",
        "applications": "",
    }
    response = login(handler).post(
        f"/a/{agency.code}/review/new/", {**form, field: "9999-01-01"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [
        "日期 9999-01-01 晚于今天（2024-06-03），请核对"
    ]
    assert not ReviewCase.objects.exists()


@pytest.mark.parametrize("page", ["review/", "review/section/"])
def test_a_bad_year_is_answered_with_400(
    agency: Agency, handler: Any, login: Login, page: str
) -> None:
    response = login(handler).get(f"/a/{agency.code}/{page}", {"year": "20x3"})
    assert response.status_code == 400
    assert "不是数字，应为 2008–2025 之间的年份" in response.content.decode()
