"""The notices an applicant was sent, and the letters attached, on the status page.

The status page lists them once the tracking number and code matched. Downloading a
letter needs that same lookup: the match is remembered in the session for
`GRANT_SECONDS` (per case), so a link to a letter is worth nothing to anyone else.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from django.contrib.sessions.backends.base import SessionBase
from django.http import Http404, HttpResponse

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application
from gongkai_web.outbox.models import Audience, Message, MessageAttachment, State

SESSION_KEY = "portal_followed"
GRANT_SECONDS = 30 * 60


def grant(session: SessionBase, case_id: int) -> None:
    """Remember that this browser gave the right code for the case (for a while)."""
    now = int(time.time())
    grants = {
        key: until
        for key, until in (session.get(SESSION_KEY) or {}).items()
        if until > now
    }
    grants[str(case_id)] = now + GRANT_SECONDS
    session[SESSION_KEY] = grants


def is_granted(session: SessionBase, case_id: int) -> bool:
    until = (session.get(SESSION_KEY) or {}).get(str(case_id), 0)
    return bool(until > time.time())


def notices_of(application: Application) -> list[dict[str, Any]]:
    """Return the notices sent to the applicant of the case, newest first."""
    messages = (
        Message.objects.filter(
            case_id=application.pk,
            agency_id=application.agency_id,
            audience=Audience.APPLICANT,
            state=State.SENT,
        )
        .prefetch_related("attachments")
        .order_by("-sent_at", "-id")
    )
    return [
        {
            "kind": message.get_kind_display(),
            "subject": message.subject,
            "sent_at": message.sent_at,
            "channel": message.get_channel_display(),
            "letters": [(a.pk, a.name) for a in message.attachments.all()],
        }
        for message in messages
    ]


def download(session: SessionBase, agency: Agency, pk: int) -> HttpResponse:
    """Return letter `pk` if this browser looked its case up; 404 otherwise."""
    found = (
        MessageAttachment.objects.select_related("message")
        .filter(
            pk=pk,
            message__agency=agency,
            message__audience=Audience.APPLICANT,
            message__state=State.SENT,
        )
        .first()
    )
    if found is None or not is_granted(session, found.message.case_id or 0):
        raise Http404("no such letter")
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(found.name)}"
    )
    response["Cache-Control"] = "no-store"
    return response
