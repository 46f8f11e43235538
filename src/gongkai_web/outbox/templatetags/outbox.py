"""`{% case_messages application %}`: the notices of a case, failures first, on its page;
`|masked_recipient`: an applicant's address shown in part on staff lists."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Case, IntegerField, Value, When

from gongkai_web.outbox.models import Audience, Message, State

register = template.Library()


@register.filter
def masked_recipient(message: Message) -> str:
    """Return the recipient, an applicant's address shortened (a***@example.org)."""
    if message.audience != Audience.APPLICANT:
        return message.recipient
    local, at, domain = message.recipient.partition("@")
    if at:
        return f"{local[:1]}***@{domain}"
    return f"{message.recipient[:3]}****{message.recipient[-4:]}"


@register.inclusion_tag("outbox/_case_messages.html", takes_context=True)
def case_messages(context: dict[str, Any], case_id: int) -> dict[str, Any]:
    rows = (
        Message.objects.filter(case_id=case_id)
        .select_related("agency")
        .annotate(
            failed_first=Case(
                When(state=State.FAILED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("failed_first", "-created_at", "-id")
    )
    request = context.get("request")
    return {
        "rows": list(rows),
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }
