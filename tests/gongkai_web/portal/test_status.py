"""The status page: number + code show the stage and due date; nothing else, to no one else."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client
from lxml import html

from gongkai.vocabulary import Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from gongkai_web.portal.throttle import LOOKUP_FAILURES
from tests.gongkai_web.conftest import make_application
from tests.gongkai_web.portal.conftest import submit


def applied(agency: Agency) -> tuple[Application, str]:
    client = Client(REMOTE_ADDR="198.51.100.7")
    receipt = client.get(submit(client, agency)["Location"]).content
    code = (
        html.fromstring(receipt).xpath('//*[@id="verification-code"]')[0].text_content()
    )
    return Application.objects.get(), code


def ask(agency: Agency, number: str, code: str, client: Client | None = None) -> Any:
    return (client or Client()).post(
        f"/portal/{agency.code}/status/", {"tracking_number": number, "code": code}
    )


def without_tokens(page: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.decode())


def test_the_right_code_shows_the_stage_and_the_due_date(agency: Agency) -> None:
    application, code = applied(agency)
    page = html.fromstring(ask(agency, application.tracking_number, code).content)
    assert page.xpath('//*[@id="stage"]')[0].text_content() == "办理中"
    assert (
        page.xpath('//*[@id="due-date"]')[0].text_content()
        == application.due_date.isoformat()
    )  # type: ignore[union-attr]
    text = page.text_content()
    assert "李四" not in text and "13912345678" not in text and "老旧小区" not in text


def test_after_a_reply_the_status_shows_it_replied(
    agency: Agency, handler: Any
) -> None:
    application, code = applied(agency)
    services.reply(application.pk, handler, date(2024, 6, 3), outcome=Outcome.GRANTED)
    page = html.fromstring(ask(agency, application.tracking_number, code).content)
    assert page.xpath('//*[@id="stage"]')[0].text_content() == "已答复"
    assert page.xpath('//*[@id="outcome"]')[0].text_content() == "予以公开"


def test_a_wrong_code_and_an_unknown_number_give_the_same_page(agency: Agency) -> None:
    application, code = applied(agency)
    wrong = ask(
        agency,
        application.tracking_number,
        "ABCD-EFGH" if code != "ABCD-EFGH" else "HGFE-DCBA",
    )
    unknown = ask(agency, "2024-9999", code)
    assert wrong.status_code == unknown.status_code == 200
    assert without_tokens(wrong.content) == without_tokens(unknown.content)
    assert application.tracking_number not in wrong.content.decode()
    assert "没有找到与该申请编号和查询码相符的申请" in wrong.content.decode()


def test_a_case_registered_in_the_back_office_has_no_portal_code(
    agency: Agency, registrar: Any
) -> None:
    case = make_application(agency, registrar)
    page = ask(agency, case.tracking_number, "").content.decode()
    assert "办理阶段" not in page


def test_the_same_number_at_another_agency_is_not_found(
    agency: Agency, other_agency: Agency
) -> None:
    application, code = applied(agency)
    assert (
        "没有找到"
        in ask(other_agency, application.tracking_number, code).content.decode()
    )


def test_guessing_codes_is_throttled(agency: Agency) -> None:
    application, code = applied(agency)
    client = Client()
    for _ in range(LOOKUP_FAILURES):
        assert (
            ask(agency, application.tracking_number, "AAAA-AAAA", client).status_code
            == 200
        )
    response = ask(agency, application.tracking_number, code, client)
    assert (
        response.status_code == 429
        and "查询未果的次数过多" in response.content.decode()
    )
    assert "办理阶段" not in response.content.decode()


def test_lookups_that_find_the_case_do_not_use_up_the_attempts(agency: Agency) -> None:
    application, code = applied(agency)
    client = Client()
    for _ in range(LOOKUP_FAILURES - 1):
        assert (
            ask(agency, application.tracking_number, "AAAA-AAAA", client).status_code
            == 200
        )
    for _ in range(3):
        page = ask(agency, application.tracking_number, code, client).content.decode()
        assert "办理阶段" in page
    assert (
        ask(agency, application.tracking_number, "AAAA-AAAA", client).status_code == 200
    )
    assert ask(agency, application.tracking_number, code, client).status_code == 429
