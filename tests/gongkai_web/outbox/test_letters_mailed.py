"""Letters issued after their event, from the case page: mailed to the applicant with
the letter attached, written with the letter, listed and served on the status page.

A real SMTP server receives the mails (conftest.py); transactions commit.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from docx import Document
from lxml import html

from gongkai.workflow import Action
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application, ApplicationEvent, Letter
from gongkai_web.applications.services.letters import issue_letter
from gongkai_web.outbox.models import Message, NoticeKind
from tests.gongkai_web.conftest import make_application
from tests.gongkai_web.outbox.smtp import SmtpServer, attachments_of, body_of
from tests.gongkai_web.outbox.test_delivery import (
    HEADER,
    OPEN_ROW,
    REPLIED_ROW,
    receipt_code,
)
from tests.gongkai_web.portal.conftest import submit

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = date(2024, 6, 3)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def event_of(case: Application, action: Action) -> ApplicationEvent:
    return case.events.get(action=action.value)


@pytest.mark.parametrize(
    ("action", "kwargs", "title", "expected"),
    [
        ("ask_correction", {"note": "请写明项目名称"}, "补正告知书", "请写明项目名称"),
        ("extend", {"note": "需要调取档案"}, "延期答复告知书", "因需要调取档案"),
        (
            "fee_notice",
            {"amount": Decimal("100"), "note": "到本机关财务室缴纳"},
            "收费通知",
            "人民币100.00元",
        ),
    ],
)
def test_a_letter_issued_from_the_case_page_is_mailed_with_the_letter_attached(
    smtp: SmtpServer,
    agency: Agency,
    registrar: Any,
    handler: Any,
    approver: Any,
    login: Any,
    action: str,
    kwargs: dict[str, Any],
    title: str,
    expected: str,
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    who = approver if action == "extend" else handler
    getattr(services, action)(case.pk, who, TODAY, **kwargs)
    event = event_of(case, Action(action))
    assert len(smtp.sink.received) == 2  # the receipt, the event's notice
    client = login(handler)
    for _ in range(2):  # issued once: a second click mails nothing more
        client.post(f"/cases/{case.pk}/events/{event.pk}/letter/")
    letter = Letter.objects.get(application=case)
    assert len(smtp.sink.received) == 3
    mail = smtp.sink.received[2]
    assert title in str(mail["Subject"]) and case.tracking_number in mail["Subject"]
    assert letter.document_number in body_of(mail)
    [(name, data)] = attachments_of(mail)
    assert letter.title in name and name.endswith(f"-{case.tracking_number}.docx")
    assert expected in docx_text(data) and letter.document_number in docx_text(data)
    message = Message.objects.get(kind=NoticeKind.LETTER)
    assert (message.state, message.case_id) == ("sent", case.pk)


def test_the_letter_is_listed_and_served_on_the_status_page_with_the_code_only(
    smtp: SmtpServer, agency: Agency, handler: Any, login: Any
) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    code = receipt_code(client, submit(client, agency))
    case = Application.objects.get()
    services.ask_correction(case.pk, handler, TODAY, note="请写明项目名称")
    event = event_of(case, Action.ASK_CORRECTION)
    login(handler).post(f"/cases/{case.pk}/events/{event.pk}/letter/")
    attachment = Message.objects.get(kind=NoticeKind.LETTER).attachments.get()
    url = f"/portal/{agency.code}/status/letters/{attachment.pk}"
    applicant = Client(REMOTE_ADDR="198.51.100.8")
    assert applicant.get(url).status_code == 404  # not before the code is given
    wrong = applicant.post(
        f"/portal/{agency.code}/status/",
        {"tracking_number": case.tracking_number, "code": "AAAA-AAAA"},
    )
    assert url not in wrong.content.decode()
    assert applicant.get(url).status_code == 404
    page = applicant.post(
        f"/portal/{agency.code}/status/",
        {"tracking_number": case.tracking_number, "code": code},
    )
    rows = html.fromstring(page.content).xpath('//tr[@class="notice-row"]')
    kinds = [r.xpath("td")[0].text.strip() for r in rows]
    assert kinds == ["文书送达", "补正申请告知", "收到申请回执"]
    assert url in page.content.decode()
    response = applicant.get(url)
    assert response.status_code == 200
    assert "请写明项目名称" in docx_text(response.content)
    assert Client().get(url).status_code == 404  # another browser


def test_a_letter_issued_with_its_event_is_mailed_once_with_that_event(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any, login: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.withdraw(case.pk, handler, TODAY)
    event = event_of(case, Action.WITHDRAW)
    login(handler).post(f"/cases/{case.pk}/events/{event.pk}/letter/")
    receipt, closing = smtp.sink.received
    [(name, _data)] = attachments_of(closing)
    assert "终止办理告知书" in name
    assert not Message.objects.filter(kind=NoticeKind.LETTER).exists()


def test_letters_not_addressed_to_the_applicant_are_not_mailed(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.start_consultation(case.pk, handler, TODAY, party="某某建设有限公司")
    for action in (Action.REGISTER, Action.START_CONSULTATION):
        issue_letter(case.pk, event_of(case, action).pk, handler)
    assert Letter.objects.count() == 2
    assert len(smtp.sink.received) == 2  # the receipt and consultation notices
    assert all("某某建设有限公司" not in body_of(m) for m in smtp.sink.received)


def test_an_applicant_without_an_address_gets_no_letter(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, email="", received=date(2024, 5, 30))
    services.ask_correction(case.pk, handler, TODAY, note="请写明项目名称")
    issue_letter(case.pk, event_of(case, Action.ASK_CORRECTION).pk, handler)
    assert not Message.objects.exists() and not smtp.sink.received


def test_a_letter_refused_or_rolled_back_mails_nothing(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.ask_correction(case.pk, handler, TODAY, note="请写明项目名称")
    event = event_of(case, Action.ASK_CORRECTION)
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_letter(case.pk, event.pk, handler)
        raise RuntimeError("the request failed after issuing")
    assert not Letter.objects.exists()
    assert not Message.objects.filter(kind=NoticeKind.LETTER).exists()
    assert len(smtp.sink.received) == 2


def import_rows(tmp_path: Path, agency: Agency, row: str, *flags: str) -> None:
    path = tmp_path / f"{abs(hash(row))}.csv"
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    call_command(
        "ledger", "import", str(path), "--agency", agency.code, *flags,
        stdout=io.StringIO(),
    )  # fmt: skip


def import_replied(tmp_path: Path, agency: Agency, *flags: str) -> Application:
    """Import an open case, give it an address, then import its reply with `flags`."""
    import_rows(tmp_path, agency, OPEN_ROW)
    Application.objects.update(email="wangwu@example.com")
    import_rows(tmp_path, agency, REPLIED_ROW, *flags)
    return Application.objects.get()


@pytest.mark.parametrize(("flags", "mailed"), [((), 0), (("--notify",), 1)])
def test_a_reply_letter_for_an_imported_reply_follows_the_imports_notices(
    smtp: SmtpServer,
    agency: Agency,
    handler: Any,
    tmp_path: Path,
    flags: tuple[str, ...],
    mailed: int,
) -> None:
    case = import_replied(tmp_path, agency, *flags)
    before = len(smtp.sink.received)
    issue_letter(case.pk, event_of(case, Action.REPLY).pk, handler)
    assert Message.objects.filter(kind=NoticeKind.LETTER).count() == mailed
    assert len(smtp.sink.received) - before == mailed
