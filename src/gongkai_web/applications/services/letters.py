"""Issuing a letter at the event that produces it (受理回执, 补正告知书 …), on request.

The 答复书 and the 终止办理告知书 are issued by the event itself (`actions`); the other
letters are issued when a case role asks for them on the case page, once per event:
the 文号 is taken, and the applicant's mail with the letter attached written to the
outbox (`notices.notify_letter`), in the same transaction that stores the letter.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.errors import ActionRefused
from gongkai_web.agencies.access import User, roles_in
from gongkai_web.applications.letters import issue_locked, letter_kind_of
from gongkai_web.applications.models import Application, ApplicationEvent, Letter
from gongkai_web.applications.notices import notify_letter
from gongkai_web.applications.services.actions import CASE_ROLES
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

LETTER_ROLES = CASE_ROLES  # who handles the case issues and downloads its letters


def can_handle_letters(roles: frozenset[object]) -> bool:
    """Tell whether one of `roles` may issue and download a case's letters."""
    return bool(LETTER_ROLES & roles)


def issue_letter(pk: int, event_pk: int, user: User) -> Letter:
    """Issue (or return, when issued before) the letter of one event of a case.

    Raises:
        ActionRefused: for a role that may not, an event of an older history, or an
            event that produces no letter.
        LetterIncomplete: naming what is unfilled; nothing is stored then.
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("agency").get(pk=pk)
        )
        if not can_handle_letters(roles_in(user, application.agency)):
            raise ActionRefused(
                "您的岗位不能出具文书，需要：登记人员、承办人员或审批负责人"
            )
        event = ApplicationEvent.objects.get(pk=event_pk, application=application)
        kind = letter_kind_of(event)
        if kind is None or event.seq < application.history_start:
            raise ActionRefused("该办理事项没有可出具的文书")
        existed = Letter.objects.filter(event=event, kind=kind.value).exists()
        letter = issue_locked(application, event, user)
        if not existed:
            notify_letter(application, letter)  # the applicant's copy, attached
            record(
                user,
                AuditAction.LETTER,
                agency=application.agency,
                target=application,
                summary=f"{application.tracking_number} 出具{kind.label} "
                f"{letter.document_number}",
                data={"kind": kind.value, "number": letter.document_number},
            )
    return letter
