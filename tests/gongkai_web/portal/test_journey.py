"""The applicant's journey (security review F15, issue 10 deliver 6): the throttle keys
on the trusted client address and never claims anything about someone else's
application; the receipt is shown once; the status page says why a due date is unknown.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from tests.gongkai_web.portal.conftest import submit
from tests.gongkai_web.portal.test_status import applied, ask


def test_someone_else_behind_the_same_address_is_not_told_their_application_arrived(
    agency: Agency,
) -> None:
    assert submit(Client(REMOTE_ADDR="203.0.113.9"), agency).status_code == 302
    other = submit(Client(REMOTE_ADDR="203.0.113.9"), agency)
    assert other.status_code == 429
    text = other.content.decode()
    assert "已经收到" not in text and "请勿重复提交" not in text
    assert "同一网络地址" in text and "秒后" in text


def test_behind_a_trusted_proxy_each_client_is_its_own_address(
    agency: Agency, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    first = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert submit(first, agency).status_code == 302
    assert submit(second, agency).status_code == 302
    spoofed = Client(
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.1"
    )
    assert submit(spoofed, agency).status_code == 429  # the proxy saw 198.51.100.1


def test_an_untrusted_sender_cannot_choose_its_address(
    agency: Agency, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    one = Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    two = Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert submit(one, agency).status_code == 302
    assert submit(two, agency).status_code == 429


def test_the_receipt_is_shown_once_then_only_with_the_code(agency: Agency) -> None:
    client = Client()
    receipt = client.get(submit(client, agency)["Location"])
    assert "李四" in receipt.content.decode()
    again = client.get(f"/portal/{agency.code}/apply/receipt/")
    assert again.status_code == 302
    assert again["Location"].endswith(f"/portal/{agency.code}/status/")


def test_status_says_why_the_due_date_is_unknown(agency: Agency, handler: Any) -> None:
    case, code = applied(agency)
    Application.objects.filter(pk=case.pk).update(
        due_date=None, calendar_missing_year=2027
    )
    page = ask(agency, case.tracking_number, code).content.decode()
    assert "待2027年节假日安排公布后计算" in page
    assert "暂停计算" not in page
    Application.objects.filter(pk=case.pk).update(calendar_missing_year=None)
    services.ask_correction(case.pk, handler, date(2024, 6, 3))
    page = ask(agency, case.tracking_number, code).content.decode()
    assert "补正" in page and "重新计算" in page


def test_a_double_submit_shows_the_same_receipt_with_a_working_code(
    agency: Agency,
) -> None:
    from lxml import html

    from gongkai_web.portal.services import lookup

    page = html.fromstring(Client().get(f"/portal/{agency.code}/apply/").content)
    started = page.xpath('//input[@name="started"]/@value')[0]
    from tests.gongkai_web.portal.conftest import FIELDS

    # The first response is lost on a slow link (its session cookie too); the browser
    # sends the same form again and shows that answer.
    first = Client().post(
        f"/portal/{agency.code}/apply/", {**FIELDS, "started": started}
    )
    assert first.status_code == 302
    browser = Client()
    again = browser.post(
        f"/portal/{agency.code}/apply/", {**FIELDS, "started": started}
    )
    assert again.status_code == 302
    receipt = html.fromstring(browser.get(again["Location"]).content)
    code = receipt.xpath('//*[@id="verification-code"]')[0].text_content()
    assert Application.objects.count() == 1
    assert lookup(agency, "2024-0001", code) == Application.objects.get()


def test_staff_issue_and_reissue_a_code_for_a_case_of_any_channel(
    agency: Agency, registrar: Any, auditor: Any
) -> None:
    from lxml import html

    from gongkai.vocabulary import Channel
    from gongkai_web.audit.models import AuditAction, AuditLog
    from gongkai_web.portal.services import lookup
    from tests.gongkai_web.conftest import make_application

    case = make_application(agency, registrar, channel=Channel.POST)
    staff = Client()
    staff.force_login(registrar)
    url = f"/portal/{agency.code}/cases/{case.pk}/code/"
    assert staff.get(url).status_code == 200
    page = html.fromstring(staff.post(url).content)
    first = page.xpath('//*[@id="verification-code"]')[0].text_content()
    assert case.tracking_number in page.text_content()  # a receipt to print or post
    assert lookup(agency, case.tracking_number, first) == case
    second = (
        html.fromstring(staff.post(url).content)
        .xpath('//*[@id="verification-code"]')[0]
        .text_content()
    )
    assert lookup(agency, case.tracking_number, second) == case
    assert lookup(agency, case.tracking_number, first) is None
    logs = AuditLog.objects.filter(
        action=AuditAction.CODE_REISSUE, object_id=str(case.pk)
    )
    assert logs.count() == 2 and all(first not in log.summary for log in logs)
    outsider = Client()
    outsider.force_login(auditor)
    assert outsider.post(url).status_code in (400, 403)
    assert lookup(agency, case.tracking_number, second) == case
