"""Back-office pages: agency isolation, masking with audit, register, events, statistics."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.vocabulary import Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application, Attachment
from gongkai_web.applications.views.events import SERVICES
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import make_application

Login = Callable[[Any], Client]


@pytest.fixture
def case(agency: Agency, registrar: Any) -> Application:
    return make_application(agency, registrar, received=date(2024, 5, 20))


@pytest.fixture
def attachment(case: Application, registrar: Any) -> Attachment:
    upload = SimpleUploadedFile("身份证复印件.pdf", b"%PDF-1.4 identity")
    return services.add_attachment(case, registrar, upload)


@pytest.fixture
def answered(agency: Agency, registrar: Any, handler: Any) -> Application:
    case = make_application(agency, registrar, received=date(2024, 5, 21))
    return services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)


def object_urls(
    case: Application, answered: Application, attachment: Attachment
) -> list[str]:
    """Every URL of the applications app that names one case or attachment."""
    return [
        f"/cases/{case.pk}/",
        f"/cases/{answered.pk}/letters/{answered.letters.get().pk}.docx",
        f"/cases/{case.pk}/attachments/{attachment.pk}/",
        *(f"/cases/{case.pk}/{action.value}/" for action in SERVICES),
    ]


def test_every_object_url_works_for_its_agency(
    case: Application,
    answered: Application,
    attachment: Attachment,
    handler: Any,
    login: Login,
) -> None:
    client = login(handler)
    for url in object_urls(case, answered, attachment):
        assert client.get(url).status_code == 200, url


def test_outsider_gets_404_for_every_object_url_of_another_agency(
    case: Application,
    answered: Application,
    attachment: Attachment,
    outsider: Any,
    login: Login,
) -> None:
    client = login(outsider)
    for url in object_urls(case, answered, attachment):
        assert client.get(url).status_code == 404, url
    assert not AuditLog.objects.filter(actor=outsider).exists()


def test_outsider_cannot_post_to_any_object_url_of_another_agency(
    case: Application, outsider: Any, login: Login
) -> None:
    client = login(outsider)
    for action in SERVICES:
        response = client.post(
            f"/cases/{case.pk}/{action.value}/",
            {"on": "2024-05-31", "outcome": "granted", "amount": "100"},
        )
        assert response.status_code == 404, action
    upload = SimpleUploadedFile("x.pdf", b"%PDF")
    response = client.post(f"/cases/{case.pk}/attachments/", {"file": upload})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.is_open and [e.action for e in case.events.all()] == ["register"]
    assert not case.attachments.exists()


def test_an_attachment_is_found_only_under_its_own_case(
    case: Application,
    attachment: Attachment,
    other_agency: Agency,
    outsider: Any,
    login: Login,
) -> None:
    own = make_application(other_agency, outsider, received=date(2024, 5, 20))
    url = f"/cases/{own.pk}/attachments/{attachment.pk}/"
    assert login(outsider).get(url).status_code == 404


@pytest.mark.parametrize(
    "page",
    [
        "",
        "cases/",
        "cases/?cell=granted:total&year=2024",
        "cases/new/",
        "ledger/",
        "ledger/export/?year=2024",
        "statistics/",
        "templates/",
        "templates/granted/",
        "calendar/",
    ],
)
def test_outsider_gets_404_for_another_agencys_pages(
    agency: Agency, outsider: Any, login: Login, page: str
) -> None:
    assert login(outsider).get(f"/a/{agency.code}/{page}").status_code == 404


def test_anonymous_visitor_is_sent_to_login(case: Application) -> None:
    response = Client().get(f"/cases/{case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("persona", ["auditor", "agency_admin"])
def test_auditor_and_agency_admin_see_identity_masked_and_nothing_is_logged(
    case: Application, login: Login, persona: str, request: pytest.FixtureRequest
) -> None:
    html = login(request.getfixturevalue(persona)).get(f"/cases/{case.pk}/")
    html = html.content.decode()
    assert "110101199001011234" not in html and "110*************34" in html
    assert "13812345678" not in html and "138******78" in html
    assert "zhang@example.com" not in html and "z***@example.com" in html
    assert not AuditLog.objects.filter(action=AuditAction.VIEW_IDENTITY).exists()


@pytest.mark.parametrize("persona", ["registrar", "handler", "approver"])
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


@pytest.mark.parametrize("persona", ["auditor", "agency_admin"])
def test_auditor_and_agency_admin_cannot_download_attachments(
    case: Application,
    attachment: Attachment,
    login: Login,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    client = login(request.getfixturevalue(persona))
    response = client.get(f"/cases/{case.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 403
    assert "您的岗位不能下载附件" in response.content.decode()
    assert not AuditLog.objects.filter(action=AuditAction.DOWNLOAD_ATTACHMENT).exists()
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "身份证复印件.pdf" in detail
    assert f"/attachments/{attachment.pk}/" not in detail


@pytest.mark.parametrize("persona", ["registrar", "handler", "approver"])
def test_case_roles_download_attachments_and_each_download_is_logged(
    case: Application,
    attachment: Attachment,
    login: Login,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    user = request.getfixturevalue(persona)
    response = login(user).get(f"/cases/{case.pk}/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 identity"
    log = AuditLog.objects.get(action=AuditAction.DOWNLOAD_ATTACHMENT)
    assert (log.actor, log.object_id) == (user, str(case.pk))
    assert log.data == {"attachment": attachment.pk, "name": "身份证复印件.pdf"}


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
    assert counts == {
        "open": 3,
        "overdue": 1,
        "near": 1,
        "paused": 0,
        "calendar_missing": 0,
    }


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


def test_register_offered_exactly_to_the_roles_that_may_register(
    agency: Agency,
    agency_admin: Any,
    registrar: Any,
    handler: Any,
    auditor: Any,
    login: Login,
) -> None:
    new_case = f"/a/{agency.code}/cases/new/"
    for user, offered in (
        (agency_admin, False),
        (auditor, False),
        (registrar, True),
        (handler, True),
    ):
        listing = login(user).get(f"/a/{agency.code}/cases/")
        assert listing.context["can_register"] is offered
        button = f'class="button" href="{new_case}"'
        assert (button in listing.content.decode()) is offered
        assert login(user).get(new_case).context["allowed"] is offered


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?cell=granted:total&year=abc", "年度 'abc' 不是数字"),
        ("?cell=granted:total&year=0", "年度 0 超出范围，应为 2008–2025 之间的年份"),
        ("?cell=granted:total&year=2010", "2010年度报告没有统一格式"),
        ("?cell=granted:total&year=2024&format=xyz", "统计表格式 'xyz' 不存在"),
        ("?cell=nonsense:total&year=2024", "没有单元格 'nonsense'/'total'"),
        ("?cell=granted:martians&year=2024", "没有单元格 'granted'/'martians'"),
        ("?cell=other:total&year=2024&format=2021", "2021版统计表没有单元格 'other'"),
    ],
)
def test_bad_cell_filters_are_a_400_with_a_clear_message(
    agency: Agency, handler: Any, login: Login, query: str, message: str
) -> None:
    response = login(handler).get(f"/a/{agency.code}/cases/{query}")
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("statistics/?year=0", "年度 0 超出范围"),
        ("statistics/?year=99999", "年度 99999 超出范围"),
        ("statistics/?year=1990", "年度 1990 超出范围"),
        ("statistics/?year=2012", "2012年度报告没有统一格式"),
        ("statistics/?year=2024&format=xyz", "统计表格式 'xyz' 不存在"),
        ("ledger/export/?year=0", "年度 0 超出范围"),
        ("ledger/export/?year=abc", "年度 'abc' 不是数字"),
    ],
)
def test_bad_years_of_statistics_and_export_are_a_400(
    agency: Agency, registrar: Any, login: Login, path: str, message: str
) -> None:
    response = login(registrar).get(f"/a/{agency.code}/{path}")
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not AuditLog.objects.filter(action=AuditAction.LEDGER_EXPORT).exists()


@pytest.mark.parametrize(
    ("page", "shown"),
    [("99999999999999999999", 100_000), ("-3", 1), ("abc", 1), ("2", 2)],
)
def test_case_list_page_is_clamped(
    case: Application, handler: Any, login: Login, page: str, shown: int
) -> None:
    response = login(handler).get(f"/a/{case.agency.code}/cases/?page={page}")
    assert response.status_code == 200
    assert response.context["page"] == shown
