"""The daily digest: per user, the open cases due within N working days or overdue —
the cases assigned to them, and for an approver also the unassigned ones.

N is the agency's (`AgencyNotifySettings`). A user gets one mail a day covering every
agency where they handle or approve cases, only when there is something in it, only
with an e-mail address, and not after switching it off. The digest of a day is
written once (its outbox key names user and day): cron and beat may both run it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import F, Q

from gongkai.calendar import WorkCalendar
from gongkai_web.agencies.access import Account, roles_in
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.applications.models import Application
from gongkai_web.applications.urgency import Urgency, due_within, urgency_of
from gongkai_web.notifications.models import digest_workdays, wants_digest
from gongkai_web.outbox import services as outbox
from gongkai_web.outbox.models import Audience, Channel, Message, NoticeKind
from gongkai_web.outbox.wording import render

DIGEST_ROLES = frozenset({Role.HANDLER, Role.APPROVER})


def due_cases(
    agency: Agency, user: Account, today: date, calendar: WorkCalendar
) -> list[tuple[Application, Urgency]]:
    """Return the user's open cases of `agency` due within N working days or overdue:
    those assigned to them, and for an approver (who assigns) the unassigned ones."""
    window = due_within(today, digest_workdays(agency), calendar)
    theirs = Q(handler=user)
    if Role.APPROVER in roles_in(user, agency):
        theirs |= Q(handler__isnull=True)
    cases = (
        Application.objects.filter(theirs, agency=agency, is_open=True)
        .filter(Q(due_date__lte=window.limit) | Q(calendar_missing_year__isnull=False))
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )
    return [(case, urgency_of(case, today, calendar)) for case in cases]


def digest_line(agency: Agency, case: Application, urgency: Urgency) -> str:
    due = case.due_date.isoformat() if case.due_date else "—"
    return (
        f"· {agency.name} {case.tracking_number} {case.applicant_name} "
        f"答复期限 {due}（{urgency.text}）"
    )


def digest_for(
    user: Account, agencies: list[Agency], today: date, calendar: WorkCalendar
) -> Message | None:
    """Write the user's digest of `today` to the outbox; None when there is nothing."""
    lines = [
        digest_line(agency, case, urgency)
        for agency in agencies
        for case, urgency in due_cases(agency, user, today, calendar)
    ]
    if not lines:
        return None
    only = agencies[0] if len(agencies) == 1 else None
    subject, text = render(
        only.pk if only else None,
        NoticeKind.DIGEST,
        {
            "user": user.get_full_name() or user.get_username(),
            "count": str(len(lines)),
            "cases": "\n".join(lines),
        },
    )
    return outbox.enqueue(
        kind=NoticeKind.DIGEST,
        recipient=outbox.Recipient(Audience.STAFF, Channel.EMAIL, user.email, user.pk),
        subject=subject,
        text=text,
        agency=only,
        key=f"digest:{user.pk}:{today.isoformat()}",
    )


def send_digests(today: date, *, agency: Agency | None = None) -> list[Message]:
    """Write today's digest of every user who wants one (of `agency`'s users only, when
    given: each digest still covers all of the user's agencies); return the messages.
    """
    agencies: dict[int, list[Agency]] = defaultdict(list)
    users: dict[int, Account] = {}
    memberships = (
        Membership.objects.filter(role__in=DIGEST_ROLES, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "agency")
        .order_by("user_id", "agency__code")
    )
    if agency is not None:
        memberships = memberships.filter(
            user__in=Membership.objects.filter(agency=agency).values("user")
        )
    for membership in memberships:
        users[membership.user_id] = membership.user
        if membership.agency not in agencies[membership.user_id]:
            agencies[membership.user_id].append(membership.agency)
    calendar = work_calendar()
    written = []
    for user_id, user in users.items():
        if not wants_digest(user_id):
            continue
        message = digest_for(user, agencies[user_id], today, calendar)
        if message is not None:
            written.append(message)
    return written
