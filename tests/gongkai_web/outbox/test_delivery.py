"""Notices to applicants through a real SMTP server: written with the event, sent once.

Every test runs with committed transactions (the outbox sends after the commit) and the
`smtp` server of conftest.py receiving the mails.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from docx import Document
from lxml import html

from gongkai.errors import GongkaiError
from gongkai.vocabulary import Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from gongkai_web.outbox.delivery import deliver, send_due
from gongkai_web.outbox.models import Message, NoticeKind, State
from tests.gongkai_web.conftest import make_application
from tests.gongkai_web.outbox.smtp import (
    SmtpServer,
    attachments_of,
    body_of,
    free_port,
)
from tests.gongkai_web.portal.conftest import submit

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = date(2024, 6, 3)


def receipt_code(client: Client, response: Any) -> str:
    page = html.fromstring(client.get(response["Location"]).content)
    return str(page.xpath('//*[@id="verification-code"]')[0].text_content())


def test_portal_submission_delivers_one_receipt_with_the_number_and_no_code(
    smtp: SmtpServer, agency: Agency
) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    code = receipt_code(client, submit(client, agency))
    case = Application.objects.get()
    [mail] = smtp.sink.received
    assert mail["To"] == "lisi@example.com"
    assert case.tracking_number in mail["Subject"]
    body = body_of(mail)
    assert case.tracking_number in body and "李四" in body
    assert code not in body and code.replace("-", "") not in body
    message = Message.objects.get()
    assert (message.kind, message.state, message.attempts) == ("receipt", "sent", 1)
    assert mail["Message-ID"] == f"<{message.uid}@city.example.gov.cn>"


def test_correction_notice_carries_the_note_and_reply_carries_the_letter(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.ask_correction(case.pk, handler, TODAY, note="请写明项目名称和年份")
    services.receive_correction(case.pk, handler, TODAY)
    services.reply(case.pk, handler, TODAY, outcome=Outcome.GRANTED)
    receipt, correction, reply = smtp.sink.received  # receiving a correction: none
    assert "补正" in correction["Subject"]
    assert "请写明项目名称和年份" in body_of(correction)
    assert "予以公开" in body_of(reply)
    [(name, data)] = attachments_of(reply)
    assert "答复书" in name and name.endswith(f"-{case.tracking_number}.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert case.tracking_number in text and "张三" in text
    kinds = list(Message.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["receipt", "correction", "reply"]


def test_extension_consultation_and_fee_notices(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any, approver: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.start_consultation(case.pk, handler, TODAY, party="某公司")
    services.end_consultation(case.pk, handler, TODAY)
    services.extend(case.pk, approver, TODAY, note="需要调取档案")
    services.fee_notice(case.pk, handler, TODAY, amount=Decimal("100"))
    subjects = [str(mail["Subject"]) for mail in smtp.sink.received]
    assert len(subjects) == 4
    assert "征求第三方意见" in subjects[1] and "延长答复期限" in subjects[2]
    assert "缴费" in subjects[3] and "100元" in body_of(smtp.sink.received[3])
    assert "某公司" not in body_of(
        smtp.sink.received[1]
    )  # the third party is not named


def test_a_refused_event_writes_no_notice(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.ask_correction(case.pk, handler, TODAY)
    services.receive_correction(case.pk, handler, TODAY)
    with pytest.raises(GongkaiError):
        services.ask_correction(case.pk, handler, TODAY)  # only once (条例第三十条)
    assert Message.objects.count() == 2 and len(smtp.sink.received) == 2


def test_an_applicant_without_an_address_is_sent_nothing(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, email="", received=date(2024, 5, 30))
    services.reply(case.pk, handler, TODAY, outcome=Outcome.GRANTED)
    assert not Message.objects.exists() and not smtp.sink.received


HEADER = "编号,收到日期,申请人类型,申请人,申请内容,渠道,补正告知日期,补正收到日期,征求意见开始,征求意见结束,延期,答复日期,办理结果,收费金额,备注"
OPEN_ROW = "2024-001,2024-05-06,自然人,王五,立项批复,当面,,,,,否,,,,"
REPLIED_ROW = (
    "2024-001,2024-05-06,自然人,王五,立项批复,当面,,,,,否,2024-05-20,予以公开,,"
)


def import_rows(tmp_path: Path, agency: Agency, row: str, *flags: str) -> None:
    path = tmp_path / f"{abs(hash(row))}.csv"
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    call_command(
        "ledger",
        "import",
        str(path),
        "--agency",
        agency.code,
        *flags,
        stdout=io.StringIO(),
    )


def test_ledger_import_notifies_nobody_unless_asked(
    smtp: SmtpServer, agency: Agency, tmp_path: Path
) -> None:
    import_rows(tmp_path, agency, OPEN_ROW)
    # The applicant's address entered later (a ledger has no e-mail column).
    Application.objects.update(email="wangwu@example.com")
    import_rows(tmp_path, agency, REPLIED_ROW)
    assert not Message.objects.exists() and not smtp.sink.received
    import_rows(tmp_path, agency, OPEN_ROW, "--notify")
    import_rows(tmp_path, agency, REPLIED_ROW, "--notify")
    kinds = [m.kind for m in Message.objects.order_by("id")]
    assert kinds == ["receipt", "receipt", "reply"]  # each imported history's events
    assert len(smtp.sink.received) == 3


def test_a_message_the_server_refuses_fails_shows_and_resends_once(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any, login: Any
) -> None:
    smtp.sink.refuse = True
    case = make_application(agency, registrar)
    message = Message.objects.get()
    assert message.state == State.FAILED and "550" in message.last_error
    client = login(handler)
    page = client.get(f"/a/{agency.code}/messages/").content.decode()
    assert case.tracking_number in page and "550" in page and "z***@example.com" in page
    assert "zhang@example.com" not in page  # the address in part only
    assert "重新发送" in client.get(f"/cases/{case.pk}/").content.decode()

    smtp.sink.refuse = False
    url = f"/a/{agency.code}/messages/{message.pk}/resend/"
    response = client.post(url, {"next": f"/a/{agency.code}/messages/"})
    assert response.status_code == 302
    assert len(smtp.sink.received) == 1
    again = client.post(url, {"next": "/"}, follow=True)  # sent already: refused
    assert len(smtp.sink.received) == 1
    refusal = again.content.decode()
    assert (
        "只有发送失败的消息可以重新发送" in refusal and "only a failed" not in refusal
    )
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.SENT, 2)
    assert (
        "没有发送失败的通知"
        in client.get(f"/a/{agency.code}/messages/").content.decode()
    )


def test_resend_is_for_staff_of_the_agency_only(
    smtp: SmtpServer, agency: Agency, registrar: Any, outsider: Any, login: Any
) -> None:
    smtp.sink.refuse = True
    make_application(agency, registrar)
    message = Message.objects.get()
    smtp.sink.refuse = False
    response = login(outsider).post(f"/a/{agency.code}/messages/{message.pk}/resend/")
    assert response.status_code == 404
    response = login(outsider).post(
        f"/a/{outsider.memberships.first().agency.code}/messages/{message.pk}/resend/"
    )
    assert response.status_code == 404
    assert not smtp.sink.received


def test_a_server_that_is_down_is_tried_again_later(
    smtp: SmtpServer, settings: Any, agency: Agency, registrar: Any
) -> None:
    settings.EMAIL_PORT = free_port()  # nobody listens there
    make_application(agency, registrar)
    message = Message.objects.get()
    assert (message.state, message.attempts) == (State.PENDING, 1)
    assert message.last_error and message.next_attempt_at
    assert send_due() == {}  # not due yet
    settings.EMAIL_PORT = smtp.port
    assert send_due(timezone.now() + timedelta(minutes=2)) == {"sent": 1}
    assert len(smtp.sink.received) == 1


def test_a_message_is_sent_once_however_often_it_is_delivered(
    smtp: SmtpServer, agency: Agency, registrar: Any
) -> None:
    make_application(agency, registrar)
    message = Message.objects.get()
    assert deliver(message.pk) == State.SENT  # already sent: nothing happens
    assert send_due() == {}
    # Another worker holds the claim (within its lease): this one keeps off.
    Message.objects.update(state=State.SENDING, claimed_at=timezone.now())
    assert deliver(message.pk) == State.SENDING
    assert len(smtp.sink.received) == 1


def test_a_rolled_back_transaction_sends_nothing(
    smtp: SmtpServer, agency: Agency, registrar: Any
) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        make_application(agency, registrar)
        raise RuntimeError("the request failed after registering")
    assert not Message.objects.exists() and not smtp.sink.received


def test_the_status_page_lists_the_notices_and_serves_the_letter(
    smtp: SmtpServer, agency: Agency, handler: Any
) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    code = receipt_code(client, submit(client, agency))
    case = Application.objects.get()
    services.reply(case.pk, handler, TODAY, outcome=Outcome.GRANTED)
    applicant = Client(REMOTE_ADDR="198.51.100.8")
    letter = f"/portal/{agency.code}/status/letters/"
    letter += str(Message.objects.get(kind=NoticeKind.REPLY).attachments.get().pk)
    assert applicant.get(letter).status_code == 404  # not before the code is given
    page = applicant.post(
        f"/portal/{agency.code}/status/",
        {"tracking_number": case.tracking_number, "code": code},
    )
    rows = html.fromstring(page.content).xpath('//tr[@class="notice-row"]')
    assert [r.xpath("td")[0].text.strip() for r in rows] == ["答复", "收到申请回执"]
    response = applicant.get(letter)
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert "no-store" in response["Cache-Control"]
    assert Client().get(letter).status_code == 404  # another browser
