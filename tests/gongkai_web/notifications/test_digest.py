"""The daily digest and the notice settings pages, mails through a real SMTP server."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.services import work
from gongkai_web.notifications.models import AgencyNotifySettings
from gongkai_web.outbox.models import Message, NoticeKind
from tests.gongkai_web.conftest import make_application
from tests.gongkai_web.outbox.smtp import SmtpServer, body_of

pytestmark = pytest.mark.django_db(transaction=True)


def digest() -> str:
    out = io.StringIO()
    call_command("notify", "digest", stdout=out)
    return out.getvalue()


@pytest.fixture
def cases(
    agency: Agency, registrar: Any, approver: Any, handler: Any
) -> tuple[Any, Any, Any]:
    """Three cases assigned to `handler` (who has no address yet: no message)."""
    # Received 05-06: due 05-31, overdue; 05-20: due 06-18, 10 working days; 05-31: later.
    made = tuple(
        make_application(agency, registrar, received=received, email="")
        for received in (date(2024, 5, 6), date(2024, 5, 20), date(2024, 5, 31))
    )
    for case in made:
        work.assign(case.pk, approver, handler)
    return made  # type: ignore[return-value]


def test_digest_lists_cases_due_within_the_agencys_workdays(
    smtp: SmtpServer, agency: Agency, handler: Any, cases: Any
) -> None:
    handler.email = "handler@city.example.gov.cn"
    handler.save()
    AgencyNotifySettings.objects.create(agency=agency, digest_workdays=10)
    assert "1 封期限提醒" in digest()
    [mail] = smtp.sink.received
    assert mail["To"] == "handler@city.example.gov.cn"
    body = body_of(mail)
    assert cases[0].tracking_number in body and cases[1].tracking_number in body
    assert cases[2].tracking_number not in body  # more than 10 working days away
    assert "已超期 1 个工作日" in body and "剩余 10 个工作日" in body
    digest()  # cron ran twice: one digest a day
    assert len(smtp.sink.received) == 1


def test_digest_can_be_switched_off_on_the_users_page(
    smtp: SmtpServer, agency: Agency, handler: Any, cases: Any, login: Any
) -> None:
    handler.email = "handler@city.example.gov.cn"
    handler.save()
    client = login(handler)
    assert client.get("/me/notifications/").status_code == 200
    client.post("/me/notifications/", {})  # the box unticked
    assert "0 封期限提醒" in digest()
    assert not smtp.sink.received


def test_no_address_no_digest(
    smtp: SmtpServer, agency: Agency, handler: Any, cases: Any
) -> None:
    assert "0 封期限提醒" in digest()


def test_the_agency_admin_rewords_a_notice_and_the_next_one_uses_it(
    smtp: SmtpServer, agency: Agency, agency_admin: Any, registrar: Any, login: Any
) -> None:
    client = login(agency_admin)
    url = f"/a/{agency.code}/notices/receipt/"
    assert "收到申请回执" in client.get(url).content.decode()
    refused = client.post(url, {"subject": "回执 {code}", "body": "x"})
    assert refused.status_code == 200 and "{code}" in refused.content.decode()
    client.post(
        url,
        {
            "subject": "回执 {tracking_number}",
            "body": "{applicant}您好，编号 {tracking_number}。",
        },
    )
    case = make_application(agency, registrar)
    [mail] = smtp.sink.received
    assert mail["Subject"] == f"回执 {case.tracking_number}"
    assert body_of(mail).strip() == f"张三您好，编号 {case.tracking_number}。"


def test_only_the_admin_or_approver_rewords_notices(
    agency: Agency, handler: Any, login: Any
) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/notices/reply/", {"subject": "x", "body": "y"}
    )
    assert response.status_code == 403
    assert not Message.objects.filter(kind=NoticeKind.REPLY).exists()


def test_the_daily_job_writes_each_users_digest_once(
    smtp: SmtpServer, agency: Agency, other_agency: Agency, handler: Any, cases: Any
) -> None:
    from gongkai_web.agencies.models import Membership, Role
    from gongkai_web.jobs.services import enqueue_daily

    handler.email = "handler@city.example.gov.cn"
    handler.save()
    Membership.objects.create(user=handler, agency=other_agency, role=Role.HANDLER)
    jobs = enqueue_daily("notifications.digest", date(2024, 6, 3))
    assert [job.state for job in jobs] == ["done", "done"]
    assert len(smtp.sink.received) == 1  # one digest for both agencies


def test_a_case_assigned_elsewhere_is_not_in_the_digest(
    smtp: SmtpServer, agency: Agency, handler: Any, approver: Any, cases: Any
) -> None:
    from gongkai_web.agencies.models import Role
    from tests.gongkai_web.conftest import make_user

    other = make_user("other", agency, Role.HANDLER)
    work.assign(cases[0].pk, approver, other)
    AgencyNotifySettings.objects.create(agency=agency, digest_workdays=10)
    handler.email = "handler@city.example.gov.cn"
    handler.save()
    digest()
    [mail] = smtp.sink.received
    assert cases[0].tracking_number not in body_of(mail)
    assert cases[1].tracking_number in body_of(mail)


def test_the_handler_is_told_at_once_when_a_case_is_assigned(
    smtp: SmtpServer, agency: Agency, registrar: Any, approver: Any, handler: Any
) -> None:
    handler.email = "handler@city.example.gov.cn"
    handler.save()
    case = make_application(agency, registrar, email="")
    work.assign(case.pk, approver, handler, note="请优先办理")
    work.assign(case.pk, approver, handler)  # the same handler again: no new message
    [mail] = smtp.sink.received
    assert mail["To"] == "handler@city.example.gov.cn"
    assert case.tracking_number in str(mail["Subject"])
    assert "请优先办理" in body_of(mail)
