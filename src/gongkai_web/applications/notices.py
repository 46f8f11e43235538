"""What the applicant and the handler are told about a case, written to the outbox.

The services that record an event call `notify_applicant` in the event's transaction
(explicitly; no signals), so the notice is written exactly when the event is: a
refused or rolled-back event notifies nobody. The outbox (`gongkai_web.outbox`) sits
below this app and knows nothing of applications; this module turns a case and its
event into a rendered message. Ledger imports record history and notify nobody unless
asked (`import_ledger(..., notify=True)`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from gongkai.errors import RendererUnavailable
from gongkai.letters import LetterKind, render_letter_docx, render_letter_pdf
from gongkai.letters.text import chinese_date
from gongkai.workflow import Action
from gongkai_web.agencies.access import Account
from gongkai_web.applications.letters import as_letter
from gongkai_web.applications.models import Application, ApplicationEvent, Letter
from gongkai_web.outbox import services as outbox
from gongkai_web.outbox.models import Audience, Channel, Message, NoticeKind
from gongkai_web.outbox.sms import has_sms
from gongkai_web.outbox.wording import render

A = Action
# The notice each event sends the applicant; events not listed send none (the
# applicant's own correction or payment, the end of a consultation).
KIND_OF_ACTION: dict[Action, NoticeKind] = {
    A.REGISTER: NoticeKind.RECEIPT,
    A.ASK_CORRECTION: NoticeKind.CORRECTION,
    A.EXTEND: NoticeKind.EXTENSION,
    A.START_CONSULTATION: NoticeKind.CONSULTATION,
    A.FEE_NOTICE: NoticeKind.FEE,
    A.REPLY: NoticeKind.REPLY,
    A.CORRECTION_LAPSED: NoticeKind.REPLY,
    A.FEE_LAPSED: NoticeKind.REPLY,
    A.WITHDRAW: NoticeKind.REPLY,
}
# The letters addressed to the applicant. The 第三方意见征询函 is addressed to the
# third party and names it (the applicant's consultation notice does not); the
# 受理回执 is printed or downloaded with the code where the code is shown.
APPLICANT_LETTERS = frozenset(
    {
        LetterKind.CORRECTION,
        LetterKind.EXTENSION,
        LetterKind.FEE,
        LetterKind.REPLY,
        LetterKind.TERMINATION,
    }
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
log = logging.getLogger("gongkai.outbox")


def event_key(application: Application, event: ApplicationEvent) -> str:
    """Return the outbox key of the notice of `event` (one per event)."""
    return f"case:{application.pk}:event:{event.seq}"


def applicant_recipient(application: Application) -> outbox.Recipient | None:
    """Return where the applicant is told: the e-mail address, else SMS, else None."""
    if "@" in application.email:
        return outbox.Recipient(Audience.APPLICANT, Channel.EMAIL, application.email)
    if application.phone and has_sms():
        return outbox.Recipient(Audience.APPLICANT, Channel.SMS, application.phone)
    return None


def status_url(application: Application) -> str:
    """Return the portal's status page of the case's agency (absolute when configured)."""
    try:
        path = reverse("portal:status", kwargs={"code": application.agency.code})
    except NoReverseMatch:
        return settings.GONGKAI_SITE_URL
    return settings.GONGKAI_SITE_URL + path


def _day(day: date | None, missing: str = "") -> str:
    return chinese_date(day) if day is not None else missing


def case_values(application: Application) -> dict[str, str]:
    """Return the placeholder values every notice of a case may use."""
    content, outcome = application.content, application.outcome_enum
    return {
        "applicant": application.applicant_name,
        "tracking_number": application.tracking_number,
        "agency": application.agency.name,
        "received": _day(application.received),
        "due_date": _day(application.due_date, "（待节假日安排录入后确定）"),
        "content": content if len(content) <= 100 else content[:100] + "……",
        "outcome": str(outcome.label) if outcome is not None else "",
        "reply_date": _day(application.reply_date),
        "status_url": status_url(application),
    }


def letter_files(stored: Letter) -> list[outbox.Attachment]:
    """Return a stored letter as the files written with the applicant's mail (DOCX;
    the PDF is added after the commit, `pdf_of_letters`)."""
    return [
        outbox.Attachment(
            f"{stored.title}-{stored.application.tracking_number}.docx",
            DOCX,
            render_letter_docx(as_letter(stored)),
        )
    ]


def pdf_of_letters(letter_ids: list[int]) -> Callable[[int], None] | None:
    """Return what adds the PDF of each letter to a message once the event committed.

    LibreOffice takes a second or more per letter: made inside the event's transaction
    it would hold the case's lock and the agency's 文号 counter (on SQLite, the whole
    database) that long. So the message is written with the DOCX and completed after
    the commit (`outbox.enqueue(prepare=…)`); without LibreOffice, or with
    GONGKAI_MAIL_LETTER_PDF=false, the DOCX goes alone.
    """
    if not letter_ids or not settings.GONGKAI_MAIL_LETTER_PDF:
        return None

    def prepare(pk: int) -> None:
        letters = Letter.objects.filter(pk__in=letter_ids).select_related("application")
        for stored in letters.order_by("id"):
            try:
                data = render_letter_pdf(as_letter(stored))
            except RendererUnavailable as exc:
                log.warning("message #%s goes without the PDF: %s", pk, exc)
                return
            name = f"{stored.title}-{stored.application.tracking_number}.pdf"
            outbox.attach(pk, outbox.Attachment(name, PDF, data))

    return prepare


def letters_of(event: ApplicationEvent) -> list[Letter]:
    """Return the letters issued with `event` (the 答复书 of a reply …).

    A letter issued later from the case page goes in a notice of its own
    (`notify_letter`).
    """
    return list(
        Letter.objects.filter(event=event).select_related("application").order_by("id")
    )


def notify_applicant(
    application: Application, event: ApplicationEvent
) -> Message | None:
    """Write the notice `event` sends the applicant, if any and if they can be reached.

    Call it inside the transaction that recorded `event`.
    """
    kind = KIND_OF_ACTION.get(event.action_enum)
    recipient = applicant_recipient(application)
    if kind is None or recipient is None:
        return None
    values = case_values(application) | {
        "note": event.note,
        "amount": f"{event.data.get('amount', '')}元" if "amount" in event.data else "",
    }
    subject, text = render(application.agency_id, kind, values)
    letters = letters_of(event) if recipient.channel == Channel.EMAIL else []
    return outbox.enqueue(
        kind=kind,
        recipient=recipient,
        subject=subject,
        text=text,
        agency=application.agency,
        case=(application.pk, application.tracking_number),
        attachments=[file for stored in letters for file in letter_files(stored)],
        key=event_key(application, event),
        prepare=pdf_of_letters([stored.pk for stored in letters]),
    )


def notify_letter(application: Application, stored: Letter) -> Message | None:
    """Send the applicant a letter issued after its event (补正告知书 …), attached.

    Call it inside the transaction that issued the letter. Only letters addressed to
    the applicant go (`APPLICANT_LETTERS`), only by e-mail (a letter cannot go by
    SMS), and only when the applicant was told of the letter's event: a letter for
    an event imported from a ledger without `--notify` is not mailed either. A
    letter issued with its event is in that event's notice already.
    """
    kind = LetterKind(stored.kind)
    recipient = applicant_recipient(application)
    if kind not in APPLICANT_LETTERS or recipient is None:
        return None
    if recipient.channel != Channel.EMAIL:
        return None
    event = stored.event
    if not Message.objects.filter(key=event_key(application, event)).exists():
        return None
    values = case_values(application) | {
        "note": event.note,
        "letter": kind.label,
        "document_number": stored.document_number,
    }
    subject, text = render(application.agency_id, NoticeKind.LETTER, values)
    return outbox.enqueue(
        kind=NoticeKind.LETTER,
        recipient=recipient,
        subject=subject,
        text=text,
        agency=application.agency,
        case=(application.pk, application.tracking_number),
        attachments=letter_files(stored),
        key=f"case:{application.pk}:letter:{stored.pk}",
        prepare=pdf_of_letters([stored.pk]),
    )


def notify_assigned(
    application: Application, handler: Account, *, note: str = ""
) -> Message | None:
    """Tell `handler` at once that the case is now theirs (if they have an address)."""
    if "@" not in (handler.email or ""):
        return None
    name = handler.get_full_name() or handler.get_username()
    subject, text = render(
        application.agency_id,
        NoticeKind.ASSIGNED,
        case_values(application) | {"handler": name, "note": note},
    )
    return outbox.enqueue(
        kind=NoticeKind.ASSIGNED,
        recipient=outbox.Recipient(
            Audience.STAFF, Channel.EMAIL, handler.email, handler.pk
        ),
        subject=subject,
        text=text,
        agency=application.agency,
        case=(application.pk, application.tracking_number),
    )
