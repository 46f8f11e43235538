"""A mailed letter goes as PDF as well as DOCX: the PDF is made after the event's
commit (LibreOffice, seconds; no lock held meanwhile) and added before the message is
due; without LibreOffice the DOCX goes alone. A real SMTP server receives the mails.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pdfplumber
import pytest
from django.db import transaction
from django.test import Client
from lxml import html

from gongkai.render.pdf import find_soffice
from gongkai.vocabulary import Outcome
from gongkai.workflow import Action
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from gongkai_web.applications.services.letters import issue_letter
from gongkai_web.outbox import services as outbox
from gongkai_web.outbox.delivery import due_ids
from gongkai_web.outbox.models import Message, NoticeKind, State
from tests.gongkai_web.conftest import make_application
from tests.gongkai_web.outbox.smtp import SmtpServer, attachments_of
from tests.gongkai_web.outbox.test_delivery import receipt_code
from tests.gongkai_web.portal.conftest import submit

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
TODAY = date(2024, 6, 3)
REASONS = "第三方的商业秘密部分不予公开，其余部分予以公开"


@pytest.fixture
def with_pdf(settings: Any) -> None:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    settings.GONGKAI_MAIL_LETTER_PDF = True


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        assert {(round(p.width), round(p.height)) for p in document.pages} == {
            (595, 842)
        }
        return re.sub(
            r"\s+", "", "".join(p.extract_text() or "" for p in document.pages)
        )


def test_the_reply_is_mailed_as_pdf_and_docx_and_both_are_on_the_status_page(
    smtp: SmtpServer, agency: Agency, handler: Any, with_pdf: None
) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    code = receipt_code(client, submit(client, agency))
    case = Application.objects.get()
    services.reply(
        case.pk, handler, TODAY, outcome=Outcome.PARTIALLY_GRANTED, note=REASONS
    )
    receipt, reply = smtp.sink.received
    files = attachments_of(reply)
    assert [name.rsplit(".", 1)[1] for name, _data in files] == ["docx", "pdf"]
    text = pdf_text(files[1][1])
    assert "答复书" in text and case.tracking_number in text and REASONS in text
    assert "请填写" not in text and "只计这一情形" not in text
    message = Message.objects.get(kind=NoticeKind.REPLY)
    assert (message.state, message.attempts) == (State.SENT, 1)

    page = Client(REMOTE_ADDR="198.51.100.8").post(
        f"/portal/{agency.code}/status/",
        {"tracking_number": case.tracking_number, "code": code},
    )
    links = html.fromstring(page.content).xpath('//a[contains(@href, "/letters/")]')
    names = [link.text_content().strip() for link in links]
    assert [name.rsplit(".", 1)[1] for name in names] == ["docx", "pdf"]
    pdf = Client(REMOTE_ADDR="198.51.100.8")
    pdf.post(
        f"/portal/{agency.code}/status/",
        {"tracking_number": case.tracking_number, "code": code},
    )
    served = pdf.get(links[1].get("href"))
    assert served["Content-Type"] == "application/pdf"
    assert REASONS in pdf_text(served.content)


def test_a_letter_issued_later_is_mailed_as_pdf_too(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any, with_pdf: None
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.ask_correction(case.pk, handler, TODAY, note="请写明项目名称")
    issue_letter(case.pk, case.events.get(action=Action.ASK_CORRECTION).pk, handler)
    files = attachments_of(smtp.sink.received[-1])
    assert [name.rsplit(".", 1)[1] for name, _data in files] == ["docx", "pdf"]
    assert "请写明项目名称" in pdf_text(files[1][1])


def test_the_message_is_not_due_before_its_pdf_is_added(
    smtp: SmtpServer, agency: Agency, registrar: Any, handler: Any, with_pdf: None
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    with transaction.atomic():
        services.withdraw(case.pk, handler, TODAY)
        closing = Message.objects.get(kind=NoticeKind.REPLY)
        assert closing.attachments.count() == 1  # the DOCX, written with the event
        assert closing.pk not in due_ids()  # a sweep meanwhile leaves it alone
    closing.refresh_from_db()
    assert closing.state == State.SENT and closing.attachments.count() == 2
    assert len(attachments_of(smtp.sink.received[-1])) == 2


def test_without_libreoffice_the_docx_goes_alone(
    smtp: SmtpServer,
    agency: Agency,
    registrar: Any,
    handler: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.GONGKAI_MAIL_LETTER_PDF = True
    monkeypatch.setenv("PATH", "/nonexistent")  # no soffice to be found
    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.reply(case.pk, handler, TODAY, outcome=Outcome.GRANTED)
    [(name, _data)] = attachments_of(smtp.sink.received[-1])
    assert name.endswith(".docx")
    assert Message.objects.get(kind=NoticeKind.REPLY).state == State.SENT


def test_a_file_is_never_added_to_a_message_that_was_tried(
    smtp: SmtpServer, agency: Agency, registrar: Any
) -> None:
    make_application(agency, registrar)
    message = Message.objects.get()
    assert message.state == State.SENT
    late = outbox.Attachment("late.pdf", "application/pdf", b"%PDF-")
    assert outbox.attach(message.pk, late) is False
    assert not message.attachments.exists()
