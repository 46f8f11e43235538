"""The letters of a case: the agency's wording, the case's facts, the 文号, the files.

The core (`gongkai.letters`) holds the wording, fills it and lays it out; this module
gathers what a letter says from the case, its event and its agency, allocates the 文号
from the agency's sequence for the year, and stores the issued `Letter`. Issuing runs
inside the caller's transaction: a reply and its 答复书 commit together or not at all.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Q

from gongkai.letters import (
    EVENT_LETTERS,
    TERMINATION_OUTCOMES,
    Letter,
    LetterKind,
    chinese_date,
    compose,
    default_template,
    document_number,
    fields_of,
)
from gongkai.vocabulary import Channel, Outcome
from gongkai.workflow import Action
from gongkai_web.agencies.access import User, actor_of
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import (
    Application,
    ApplicationEvent,
    LetterCounter,
    ReplyTemplate,
)
from gongkai_web.applications.models import Letter as StoredLetter


def check_placeholders(text: str) -> None:
    """Refuse a template with anything but plain `{name}` placeholders of the list.

    Raises:
        InvalidInput: naming the placeholder.
    """
    fields_of(text)


def template_for(
    agency_id: int, kind: LetterKind, outcome: Outcome | None = None
) -> tuple[str, str]:
    """Return the (title, body) in force for an agency: its own, or the default."""
    key = outcome.value if outcome is not None and kind.has_outcome else ""
    own = ReplyTemplate.objects.filter(
        agency_id=agency_id, kind=kind.value, outcome=key
    ).first()
    if own is not None:
        return own.title, own.body
    return default_template(kind, outcome)


def letter_kind_of(event: ApplicationEvent) -> LetterKind | None:
    """Return the letter the event produces, or None."""
    return EVENT_LETTERS.get(Action(event.action))


def outcome_of(event: ApplicationEvent) -> Outcome | None:
    action = Action(event.action)
    if action in TERMINATION_OUTCOMES:
        return TERMINATION_OUTCOMES[action]
    return Outcome(event.outcome) if event.outcome else None


def facts(application: Application, event: ApplicationEvent) -> dict[str, str]:
    """Return every placeholder's value for the letter of `event` ("" when unknown)."""
    agency = application.agency
    outcome = outcome_of(event)
    amount = _money(event.data.get("amount", ""))
    return {
        "agency": agency.name,
        "applicant": application.applicant_name,
        "tracking_number": application.tracking_number,
        "received": chinese_date(application.received),
        "channel": Channel(application.channel).label,
        "content": application.content,
        "due_date": chinese_date(application.due_date) if application.due_date else "",
        "letter_date": chinese_date(event.on),
        "reasons": event.note,
        "correction_items": event.note,
        "party": str(event.data.get("party", "")),
        "amount": amount,
        "payment_method": event.note,
        "outcome": outcome.letter_label if outcome is not None else "",
        "basis": outcome.basis if outcome is not None else "",
        "reconsideration_body": agency.reconsideration_body,
        "court": agency.court,
        "reply_date": chinese_date(application.reply_date)
        if application.reply_date
        else "",
        "fee": f"{application.fee or Decimal(0):.2f}元",
    }


def _money(raw: object) -> str:
    try:
        return f"{Decimal(str(raw)):.2f}元" if raw not in ("", None) else ""
    except InvalidOperation:
        return ""


def next_number(agency: Agency, year: int) -> int:
    """Return the agency's next 文号 number for `year`, never given before.

    Must run inside a transaction: the counter row stays locked until it commits, so
    concurrent issuers wait for each other and a rolled-back issue frees its number.
    """
    counter, _created = LetterCounter.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def issue_locked(
    application: Application, event: ApplicationEvent, user: User
) -> StoredLetter:
    """Issue the letter of `event` inside the caller's transaction; once per event.

    Raises:
        LetterIncomplete: naming what is unfilled (nothing is stored then).
        InvalidInput: for a malformed agency template.
        ValueError: for an event that produces no letter.
    """
    kind = letter_kind_of(event)
    if kind is None:
        raise ValueError(f"event {event.action} produces no letter")
    found = StoredLetter.objects.filter(event=event, kind=kind.value).first()
    if found is not None:
        return found
    agency = application.agency
    template = template_for(agency.pk, kind, outcome_of(event))
    draft = compose(
        kind,
        template,
        facts(application, event),
        number="",
        signer=agency.name,
        issued_on=event.on,
    )  # refused here, before a number is taken
    number = next_number(agency, event.on.year)
    return StoredLetter.objects.create(
        agency=agency,
        application=application,
        event=event,
        kind=kind.value,
        year=event.on.year,
        number=number,
        document_number=document_number(agency.document_prefix, event.on.year, number),
        title=draft.title[:200],
        text=draft.text,
        signer=draft.signer[:200],
        issued_on=event.on,
        issued_by=actor_of(user),
    )


def as_letter(stored: StoredLetter, *, verification_code: str = "") -> Letter:
    """Return the core letter of a stored one, ready to lay out."""
    return Letter(
        kind=LetterKind(stored.kind),
        title=stored.title,
        number=stored.document_number,
        text=stored.text,
        signer=stored.signer,
        issued_on=stored.issued_on,
        verification_code=verification_code,
    )


def letters_by_event(application: Application) -> dict[int, StoredLetter]:
    """Return the case's issued letters keyed by event id."""
    return {
        letter.event_id: letter
        for letter in StoredLetter.objects.filter(application=application)
    }


def reply_letter(application: Application) -> StoredLetter | None:
    """Return the 答复书 or 终止办理告知书 of a closed case, if one was issued."""
    return (
        StoredLetter.objects.filter(application=application)
        .filter(Q(kind=LetterKind.REPLY.value) | Q(kind=LetterKind.TERMINATION.value))
        .order_by("-id")
        .first()
    )
