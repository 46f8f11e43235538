"""Back-office pages: agency isolation, masking with audit, register, events, statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.vocabulary import Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import make_application

Login = Callable[[Any], Client]


@pytest.fixture
def case(agency: Agency, registrar: Any) -> Application:
    return make_application(agency, registrar, received=date(2024, 5, 20))


@pytest.mark.parametrize(
    "path",
    [
        "/cases/{pk}/",
        "/cases/{pk}/reply/",
        "/cases/{pk}/letter.docx",
        "/cases/{pk}/attachments/1/",
    ],
)
def test_outsider_gets_404_for_a_case_of_another_agency(
    case: Application, outsider: Any, login: Login, path: str
) -> None:
    assert login(outsider).get(path.format(pk=case.pk)).status_code == 404


def test_outsider_cannot_post_an_event_to_another_agencys_case(
    case: Application, outsider: Any, login: Login
) -> None:
    response = login(outsider).post(
        f"/cases/{case.pk}/reply/", {"on": "2024-05-31", "outcome": "granted"}
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=case.pk).is_open


@pytest.mark.parametrize(
    "page",
    ["", "cases/", "cases/new/", "ledger/", "statistics/", "templates/", "calendar/"],
)
def test_outsider_gets_404_for_another_agencys_pages(
    agency: Agency, outsider: Any, login: Login, page: str
) -> None:
    assert login(outsider).get(f"/a/{agency.code}/{page}").status_code == 404


def test_anonymous_visitor_is_sent_to_login(case: Application) -> None:
    response = Client().get(f"/cases/{case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_auditor_sees_identity_masked_and_nothing_is_logged(
    case: Application, auditor: Any, login: Login
) -> None:
    html = login(auditor).get(f"/cases/{case.pk}/").content.decode()
    assert "110101199001011234" not in html and "110*************34" in html
    assert "13812345678" not in html and "138******78" in html
    assert "zhang@example.com" not in html and "z***@example.com" in html
    assert not AuditLog.objects.filter(action=AuditAction.VIEW_IDENTITY).exists()


@pytest.mark.parametrize(
    "persona", ["registrar", "handler", "approver", "agency_admin"]
)
def test_roles_that_need_it_see_identity_and_each_view_is_logged(
    case: Application, login: Login, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    client = login(user)
    for _ in range(2):
        html = client.get(f"/cases/{case.pk}/").content.decode()
        assert "110101199001011234" in html and "13812345678" in html
    views = AuditLog.objects.filter(action=AuditAction.VIEW_IDENTITY, actor=user)
    assert views.count() == 2
    assert views.first().object_id == str(case.pk)
    assert views.first().data["fields"] == ["id_document", "phone", "email", "address"]


def test_handler_registers_through_the_form_with_an_attachment(
    agency: Agency, handler: Any, login: Login
) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/cases/new/",
        {
            "channel": "online",
            "received": "2024-06-03",
            "applicant_type": "commercial",
            "applicant_name": "某某科技有限公司",
            "content": "招标文件",
            "email": "a@b.cn",
            "attachments": [SimpleUploadedFile("申请表.pdf", b"%PDF-1.4 test")],
        },
        follow=True,
    )
    case = Application.objects.get()
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    assert "已登记，编号 2024-0001" in response.content.decode()
    assert (case.channel, case.applicant_type, case.due_date) == (
        "online",
        "commercial",
        date(2024, 7, 2),
    )
    attachment = case.attachments.get()
    assert attachment.name == "申请表.pdf"
    download = login(handler).get(f"/cases/{case.pk}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_register_form_refuses_a_future_receipt_date(
    agency: Agency, registrar: Any, login: Login
) -> None:
    response = login(registrar).post(
        f"/a/{agency.code}/cases/new/",
        {
            "channel": "in_person",
            "received": "2024-06-04",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "content": "内容",
        },
    )
    assert "收到申请日期 2024-06-04 晚于今天 2024-06-03" in response.content.decode()
    assert not Application.objects.exists()


def test_auditor_cannot_register(agency: Agency, auditor: Any, login: Login) -> None:
    response = login(auditor).post(
        f"/a/{agency.code}/cases/new/",
        {
            "channel": "in_person",
            "received": "2024-06-03",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "content": "内容",
        },
    )
    assert "您的岗位不能办理「登记申请」" in response.content.decode()
    assert not Application.objects.exists()


def test_detail_offers_only_allowed_actions(
    case: Application, handler: Any, login: Login
) -> None:
    html = login(handler).get(f"/cases/{case.pk}/").content.decode()
    for action in (
        "ask_correction",
        "start_consultation",
        "fee_notice",
        "reply",
        "withdraw",
    ):
        assert f"/cases/{case.pk}/{action}/" in html
    for action in ("extend", "receive_correction", "fee_paid", "end_consultation"):
        assert f"/cases/{case.pk}/{action}/" not in html


def test_reply_form_records_the_reply(
    case: Application, handler: Any, login: Login
) -> None:
    response = login(handler).post(
        f"/cases/{case.pk}/reply/",
        {"on": "2024-05-31", "outcome": "granted", "note": ""},
        follow=True,
    )
    assert "已记录：答复" in response.content.decode()
    case.refresh_from_db()
    assert (case.outcome, case.reply_date) == ("granted", date(2024, 5, 31))


def test_event_form_shows_the_refusal_message(
    case: Application, handler: Any, login: Login
) -> None:
    response = login(handler).post(
        f"/cases/{case.pk}/end_consultation/", {"on": "2024-05-31"}
    )
    assert response.status_code == 200
    assert "申请办理中，不能征求意见结束" in response.content.decode()
    response = login(handler).post(f"/cases/{case.pk}/extend/", {"on": "2024-05-31"})
    assert "需要：审批负责人" in response.content.decode()


def test_unknown_action_is_404(case: Application, handler: Any, login: Login) -> None:
    assert login(handler).get(f"/cases/{case.pk}/register/").status_code == 404
    assert login(handler).get(f"/cases/{case.pk}/explode/").status_code == 404


def test_case_list_sorts_and_colours_by_urgency(
    agency: Agency, registrar: Any, handler: Any, login: Login
) -> None:
    late = make_application(
        agency, registrar, received=date(2024, 4, 1), applicant_name="甲"
    )
    soon = make_application(
        agency, registrar, received=date(2024, 5, 8), applicant_name="乙"
    )
    later = make_application(
        agency, registrar, received=date(2024, 5, 31), applicant_name="丙"
    )
    services.ask_correction(later.pk, handler, date(2024, 6, 3))
    response = login(handler).get(f"/a/{agency.code}/cases/")
    rows = response.context["rows"]
    assert [case.pk for case, _u in rows] == [late.pk, soon.pk, later.pk]
    assert [u.level for _c, u in rows] == ["overdue", "urgent", "paused"]
    html = response.content.decode()
    assert 'class="u-overdue"' in html and "已超期" in html and "期限暂停" in html


def test_dashboard_counts_overdue_and_near_due(
    agency: Agency, registrar: Any, auditor: Any, login: Login
) -> None:
    make_application(agency, registrar, received=date(2024, 4, 1))
    make_application(agency, registrar, received=date(2024, 5, 10))
    make_application(agency, registrar, received=date(2024, 6, 3))
    counts = login(auditor).get(f"/a/{agency.code}/").context["counts"]
    assert counts == {"open": 3, "overdue": 1, "near": 1, "paused": 0}


def test_statistics_page_links_every_cell_to_its_cases(
    case: Application, handler: Any, login: Login
) -> None:
    services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    client = login(handler)
    page = client.get(f"/a/{case.agency.code}/statistics/?year=2024")
    granted = dict((row.id, cells) for row, cells in page.context["rows"])["granted"]
    value, url = granted[0]
    assert value == 1
    listed = client.get(url)
    assert [c.pk for c, _u in listed.context["rows"]] == [case.pk]
    value, url = dict((row.id, cells) for row, cells in page.context["rows"])[
        "granted"
    ][1]
    assert value == 0 and client.get(url).context["rows"] == []


def test_language_switch_to_english(
    case: Application, handler: Any, login: Login
) -> None:
    client = login(handler)
    html = client.get(f"/a/{case.agency.code}/cases/?lang=en").content.decode()
    assert "Applications" in html and "In progress" in html
    again = client.get(f"/a/{case.agency.code}/cases/").content.decode()
    assert "Applications" in again  # remembered in the cookie
    chinese = client.get(f"/a/{case.agency.code}/cases/?lang=zh-hans").content.decode()
    assert "政府信息公开申请" in chinese and "办理中" in chinese


def test_chinese_is_the_default_whatever_the_browser_asks(
    case: Application, handler: Any, login: Login
) -> None:
    html = (
        login(handler)
        .get(f"/a/{case.agency.code}/cases/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        .content.decode()
    )
    assert "政府信息公开申请" in html and 'lang="zh-hans"' in html
