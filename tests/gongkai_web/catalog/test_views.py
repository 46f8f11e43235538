"""Catalog pages: isolation, the reviewer's access, Art. 26 warnings, steps, figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.proactive import CatalogAction, CatalogRole, Category, ItemStatus, Measure
from gongkai_web.agencies.models import Agency
from gongkai_web.catalog import services
from gongkai_web.catalog.models import CatalogItem, CatalogRoleGrant, CategoryCount
from tests.gongkai_web.catalog.conftest import make_item

Login = Callable[[Any], Client]


@pytest.mark.parametrize(
    "page", ["catalog/", "catalog/new/", "catalog/counts/", "catalog/roles/"]
)
def test_outsider_gets_404(
    agency: Agency, outsider: Any, login: Login, page: str
) -> None:
    assert login(outsider).get(f"/a/{agency.code}/{page}").status_code == 404


def test_outsider_cannot_open_or_step_an_item(
    agency: Agency, handler: Any, outsider: Any, login: Login
) -> None:
    item = make_item(agency, handler)
    client = login(outsider)
    assert client.get(f"/catalog/{item.pk}/").status_code == 404
    response = client.post(f"/catalog/{item.pk}/step/submit/", {"on": "2024-06-03"})
    assert response.status_code == 404
    assert CatalogItem.objects.get(pk=item.pk).status == ItemStatus.DRAFT


def test_a_granted_reviewer_sees_the_catalog_but_not_the_cases(
    agency: Agency, reviewer: Any, login: Login
) -> None:
    client = login(reviewer)
    assert client.get(f"/a/{agency.code}/catalog/").status_code == 200
    assert client.get(f"/a/{agency.code}/cases/").status_code == 404


def test_list_shows_the_article_26_warning(
    agency: Agency, handler: Any, login: Login
) -> None:
    make_item(
        agency,
        handler,
        index_no="l-1",
        made_on=date(2024, 4, 1),
        formed_or_changed_on=date(2024, 4, 1),
    )
    page = login(handler).get(f"/a/{agency.code}/catalog/").content.decode()
    assert "按条例第二十六条应在20个工作日内即 2024-04-29 前公开" in page


def test_list_searches(agency: Agency, handler: Any, login: Login) -> None:
    make_item(agency, handler, index_no="s-1", title="防空警报试鸣通告", summary="")
    make_item(agency, handler, index_no="s-2", title="部门预算", summary="")
    page = (
        login(handler).get(f"/a/{agency.code}/catalog/", {"q": "警报"}).content.decode()
    )
    assert "防空警报试鸣通告" in page and "部门预算" not in page


def test_draft_form_creates_an_item(agency: Agency, handler: Any, login: Login) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/catalog/new/",
        {
            "index_no": "n-1",
            "title": "新条目",
            "category": "other",
            "issuing_body": "示范",
            "made_on": "2024-06-01",
            "formed_or_changed_on": "2024-06-01",
        },
    )
    item = CatalogItem.objects.get(index_no="n-1")
    assert (
        response.status_code == 302 and response["Location"] == f"/catalog/{item.pk}/"
    )


def test_draft_form_shows_the_core_refusal(
    agency: Agency, handler: Any, login: Login
) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/catalog/new/",
        {
            "index_no": "n-1",
            "title": "新条目",
            "category": "other",
            "issuing_body": "示范",
            "made_on": "2024-06-01",
            "formed_or_changed_on": "2024-05-01",
        },
    )
    assert response.status_code == 400
    assert "形成或变更日期 2024-05-01 早于成文日期" in response.content.decode()


def test_detail_offers_only_the_steps_of_the_users_roles(
    agency: Agency, handler: Any, reviewer: Any, login: Login
) -> None:
    item = make_item(agency, handler)
    services.perform(item.pk, handler, CatalogAction.SUBMIT)
    as_handler = login(handler).get(f"/catalog/{item.pk}/").content.decode()
    as_reviewer = login(reviewer).get(f"/catalog/{item.pk}/").content.decode()
    assert "保密审查通过" not in as_handler
    assert "保密审查通过" in as_reviewer and "退回修改" in as_reviewer


def test_a_step_refused_shows_why_and_changes_nothing(
    agency: Agency, handler: Any, login: Login
) -> None:
    item = make_item(agency, handler)
    response = login(handler).post(
        f"/catalog/{item.pk}/step/publish/", {"on": "2024-06-03"}
    )
    assert response.status_code == 403
    assert "信息员不能批准公开，应由审批人办理" in response.content.decode()
    assert CatalogItem.objects.get(pk=item.pk).status == ItemStatus.DRAFT


def test_a_step_by_the_right_role_is_recorded(
    agency: Agency, handler: Any, login: Login
) -> None:
    item = make_item(agency, handler)
    response = login(handler).post(
        f"/catalog/{item.pk}/step/submit/", {"on": "2024-06-03", "note": "请审查"}
    )
    assert response.status_code == 302
    assert (
        CatalogItem.objects.get(pk=item.pk).status == ItemStatus.CONFIDENTIALITY_REVIEW
    )


def test_counts_page_enters_a_figure_and_shows_section_two(
    agency: Agency, handler: Any, login: Login
) -> None:
    client = login(handler)
    response = client.post(
        f"/a/{agency.code}/catalog/counts/?year=2023",
        {
            "year": "2023",
            "category": "fee",
            "measure": "fee_amount",
            "value": "25000",
            "unit": "元",
            "source": "非税收入系统",
        },
    )
    assert response.status_code == 302
    assert CategoryCount.objects.get().value == 25000
    page = client.get(
        f"/a/{agency.code}/catalog/counts/", {"year": 2023}
    ).content.decode()
    assert "本年收费金额（单位：万元）" in page and "2.5" in page
    assert "以下数据本年度尚未录入" in page and "行政许可：处理决定数量" in page


def test_counts_page_refuses_the_auditor(
    agency: Agency, auditor: Any, login: Login
) -> None:
    response = login(auditor).post(
        f"/a/{agency.code}/catalog/counts/",
        {
            "year": "2023",
            "category": "penalty",
            "measure": "decisions",
            "value": "1",
            "unit": "",
            "source": "x",
        },
    )
    assert response.status_code == 400 and not CategoryCount.objects.exists()


def test_admin_grants_the_reviewer_role_on_the_roles_page(
    agency: Agency, agency_admin: Any, handler: Any, login: Login
) -> None:
    response = login(agency_admin).post(
        f"/a/{agency.code}/catalog/roles/",
        {
            "username": "handler",
            "role": "confidentiality_reviewer",
        },
    )
    assert response.status_code == 302
    page = login(agency_admin).get(f"/a/{agency.code}/catalog/roles/").content.decode()
    assert "handler" in page and "保密审查员" in page


def test_pages_are_available_in_english(
    agency: Agency, handler: Any, login: Login
) -> None:
    page = (
        login(handler)
        .get(f"/a/{agency.code}/catalog/", {"lang": "en"})
        .content.decode()
    )
    assert "Proactive disclosure catalog" in page and "Draft a catalog item" in page


def test_outsider_cannot_edit_an_item(
    agency: Agency, handler: Any, outsider: Any, login: Login
) -> None:
    item = make_item(agency, handler)
    client = login(outsider)
    assert client.get(f"/catalog/{item.pk}/edit/").status_code == 404
    response = client.post(
        f"/catalog/{item.pk}/edit/",
        {
            "index_no": item.index_no,
            "title": "被改掉的标题",
            "category": "other",
            "issuing_body": "示范",
            "made_on": "2024-06-01",
            "formed_or_changed_on": "2024-06-01",
        },
    )
    assert response.status_code == 404
    assert CatalogItem.objects.get(pk=item.pk).title == item.title


def test_outsider_cannot_delete_a_figure(
    agency: Agency, handler: Any, outsider: Any, login: Login
) -> None:
    row = services.save_count(
        agency, handler, 2023, Category.PENALTY, Measure.DECISIONS, 3, "执法平台"
    )
    response = login(outsider).post(f"/catalog/counts/{row.pk}/delete/")
    assert response.status_code == 404
    assert CategoryCount.objects.filter(pk=row.pk, value=3).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("made_on", "9999-01-01"), ("formed_or_changed_on", "2024-06-04")],
)
def test_draft_form_refuses_a_date_after_today_by_its_field(
    agency: Agency, handler: Any, login: Login, field: str, value: str
) -> None:
    data = {
        "index_no": "n-1",
        "title": "新条目",
        "category": "other",
        "issuing_body": "示范",
        "made_on": "2024-06-01",
        "formed_or_changed_on": "2024-06-01",
    }
    response = login(handler).post(
        f"/a/{agency.code}/catalog/new/", {**data, field: value}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors[field] == [f"日期 {value} 晚于今天（2024-06-03），请核对"]
    assert not CatalogItem.objects.exists()


def test_a_step_dated_after_today_is_refused(
    agency: Agency, handler: Any, login: Login
) -> None:
    item = make_item(agency, handler)
    response = login(handler).post(
        f"/catalog/{item.pk}/step/submit/", {"on": "9999-12-31"}, follow=True
    )
    assert "日期 9999-12-31 晚于今天（2024-06-03），请核对" in response.content.decode()
    assert CatalogItem.objects.get(pk=item.pk).status == ItemStatus.DRAFT


def test_counts_form_refuses_a_year_that_has_not_begun(
    agency: Agency, handler: Any, login: Login
) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/catalog/counts/",
        {
            "year": "9999",
            "category": "penalty",
            "measure": "decisions",
            "value": "1",
            "unit": "",
            "source": "执法平台",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["year"] == [
        "9999年度尚未开始（今年是2024年）"
    ]
    assert not CategoryCount.objects.exists()


def test_the_roles_page_refuses_a_grant_to_oneself(
    agency: Agency, agency_admin: Any, login: Login
) -> None:
    response = login(agency_admin).post(
        f"/a/{agency.code}/catalog/roles/",
        {"username": "admin", "role": "approver"},
    )
    assert response.status_code == 400
    assert "不能给自己授予目录岗位" in response.content.decode()
    assert not CatalogRoleGrant.objects.exists()


def test_the_submitter_is_refused_the_review_step_on_the_page(
    agency: Agency, handler: Any, agency_admin: Any, login: Login
) -> None:
    services.grant_role(
        agency, agency_admin, handler, CatalogRole.CONFIDENTIALITY_REVIEWER
    )
    item = make_item(agency, handler)
    services.perform(item.pk, handler, CatalogAction.SUBMIT)
    response = login(handler).post(
        f"/catalog/{item.pk}/step/clear_review/", {"on": "2024-06-03"}
    )
    assert response.status_code == 403
    assert "保密审查和审批应由他人办理" in response.content.decode()
    assert (
        CatalogItem.objects.get(pk=item.pk).status == ItemStatus.CONFIDENTIALITY_REVIEW
    )


@pytest.mark.parametrize("year", ["abc", "0", "99999"])
def test_counts_page_answers_a_bad_year_with_400(
    agency: Agency, handler: Any, login: Login, year: str
) -> None:
    response = login(handler).get(f"/a/{agency.code}/catalog/counts/", {"year": year})
    assert response.status_code == 400
    assert "应为 2008–2025 之间的年份" in response.content.decode()
