"""The online application form: validated, receipt with code, throttled, honeypot."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client
from lxml import html

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application
from gongkai_web.portal import services as portal_services
from gongkai_web.portal.models import PortalSubmission
from gongkai_web.portal.services import lookup
from gongkai_web.portal.views import RECEIPT_KEY
from tests.gongkai_web.conftest import NOW
from tests.gongkai_web.portal.conftest import FIELDS, submit


def test_every_visible_field_has_a_label(agency: Agency) -> None:
    page = html.fromstring(Client().get(f"/portal/{agency.code}/apply/").content)
    inputs = page.xpath(
        '//form[@id="apply-form"]//*[self::input or self::select or self::textarea]'
        '[not(@type="hidden")]'
    )
    assert len(inputs) == 11
    for element in inputs:
        labels = page.xpath(f'//label[@for="{element.get("id")}"]')
        assert labels and labels[0].text_content().strip(), element.get("name")


def test_a_valid_application_gets_a_number_and_a_receipt_with_a_code(
    agency: Agency,
) -> None:
    client = Client()
    response = submit(client, agency)
    assert (
        response.status_code == 302
        and response["Location"] == f"/portal/{agency.code}/apply/receipt/"
    )
    application = Application.objects.get()
    assert (application.channel, application.received.isoformat()) == (
        "online",
        "2024-06-03",
    )
    assert (
        application.tracking_number == "2024-0001" and application.due_date is not None
    )
    assert PortalSubmission.objects.filter(application=application).exists()
    receipt = html.fromstring(client.get(response["Location"]).content)
    code = receipt.xpath('//*[@id="verification-code"]')[0].text_content()
    assert receipt.xpath('//*[@id="tracking-number"]')[0].text_content() == "2024-0001"
    assert len(code) == 9 and code[4] == "-"
    assert lookup(agency, "2024-0001", code) == application
    assert lookup(agency, "2024-0001", code.lower().replace("-", " ")) == application


def test_the_receipt_is_only_shown_to_the_browser_that_submitted(
    agency: Agency,
) -> None:
    submit(Client(), agency)
    response = Client().get(f"/portal/{agency.code}/apply/receipt/")
    assert response.status_code == 302 and response["Location"].endswith("/status/")


def test_the_same_application_submitted_twice_in_a_row_is_throttled(
    agency: Agency,
) -> None:
    client = Client()
    assert submit(client, agency).status_code == 302
    response = submit(client, agency)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    page = response.content.decode()
    # It claims nothing about an earlier application (it may be someone else's).
    assert "本申请尚未提交" in page and "已经收到" not in page
    assert Application.objects.count() == 1


def test_a_script_without_cookies_is_throttled_by_its_address(agency: Agency) -> None:
    assert submit(Client(), agency).status_code == 302
    assert submit(Client(), agency).status_code == 429
    assert submit(Client(REMOTE_ADDR="203.0.113.9"), agency).status_code == 302
    assert Application.objects.count() == 2


def test_after_a_minute_the_same_client_may_submit_again(agency: Agency) -> None:
    client = Client()
    assert submit(client, agency).status_code == 302
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert submit(client, agency).status_code == 302
    assert Application.objects.count() == 2


def test_a_filled_honeypot_is_refused(agency: Agency) -> None:
    response = submit(Client(), agency, website="http://spam.example")
    assert response.status_code == 400 and "提交未被接受" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.real_fill_time
def test_a_form_sent_back_at_once_is_refused(agency: Agency) -> None:
    response = submit(Client(), agency)
    assert response.status_code == 400 and "提交过快" in response.content.decode()
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        client = Client()
        page = html.fromstring(client.get(f"/portal/{agency.code}/apply/").content)
    started = page.xpath('//input[@name="started"]/@value')[0]
    with time_machine.travel(NOW + timedelta(seconds=10), tick=False):
        from tests.gongkai_web.portal.conftest import FIELDS

        response = client.post(
            f"/portal/{agency.code}/apply/", {**FIELDS, "started": started}
        )
    assert response.status_code == 302


def test_a_forged_start_is_refused(agency: Agency) -> None:
    response = submit(Client(), agency, started="1700000000:forged")
    assert (
        "表单已过期" in response.content.decode() and not Application.objects.exists()
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "", "email": ""}, "请至少填写联系电话或电子邮箱中的一项"),
        ({"delivery": "post", "address": ""}, "选择邮寄的，请填写通信地址"),
        ({"content": "文件"}, 'id="id_content_error"'),
        ({"id_document": "无"}, "身份证明号码应为4至64位字母或数字"),
        ({"affirm": ""}, 'id="id_affirm_error"'),
        ({"phone": "call me"}, "联系电话只能包含数字"),
    ],
)
def test_invalid_input_is_refused_with_a_message_by_the_field(
    agency: Agency, overrides: dict[str, Any], message: str
) -> None:
    response = submit(Client(), agency, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_the_code_is_shown_once_and_not_kept(agency: Agency) -> None:
    client = Client()
    location = submit(client, agency)["Location"]
    first = html.fromstring(client.get(location).content)
    code = first.xpath('//*[@id="verification-code"]')[0].text_content()
    assert RECEIPT_KEY not in client.session
    again = client.get(location)  # shown once: then only with the code (status page)
    assert again.status_code == 302 and again["Location"].endswith("/status/")
    stored = PortalSubmission.objects.get()
    assert code.replace("-", "") not in stored.code_digest
    assert all(code not in str(value) for value in client.session.values())


def test_a_submission_arriving_while_the_first_is_registered_is_throttled(
    agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second request runs inside the first one's registration (check-then-act)."""
    seconds: list[int] = []
    real_register = portal_services.register

    def register_meanwhile(*args: Any, **kwargs: Any) -> Any:
        if not seconds:
            seconds.append(0)
            seconds.append(submit(Client(), agency).status_code)
        return real_register(*args, **kwargs)

    monkeypatch.setattr(portal_services, "register", register_meanwhile)
    assert submit(Client(), agency).status_code == 302
    assert seconds == [0, 429]
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_from_one_address_let_one_through(
    agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real threads, each with its own connection (PostgreSQL: `make test-postgres`)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database locks tables, not rows")
    clients = [Client(), Client()]
    pages = [
        html.fromstring(c.get(f"/portal/{agency.code}/apply/").content) for c in clients
    ]
    started = [p.xpath('//input[@name="started"]/@value')[0] for p in pages]
    both_inside = threading.Barrier(2, timeout=3)
    real_register = portal_services.register

    def register_together(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            both_inside.wait()  # before the fix both threads got here
        return real_register(*args, **kwargs)

    monkeypatch.setattr(portal_services, "register", register_together)
    statuses: list[int] = []

    def post(client: Client, start: str) -> None:
        try:
            response = client.post(
                f"/portal/{agency.code}/apply/", {**FIELDS, "started": start}
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=post, args=pair)
        for pair in zip(clients, started, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 429]
    assert Application.objects.count() == 1
