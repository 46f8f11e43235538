"""Who supervises what: a supervisor (督查) belongs to a node of the agency hierarchy and
sees the collected reports of that node and of every agency below it.

A supervisor is not a member of those agencies (no `Membership`), so none of the
agencies' own pages — cases, applicants, ledgers, drafts — open for them: those pages
ask for a membership (`agencies.access.get_agency_for_staff`) and answer 404.
"""

from __future__ import annotations

from django.http import Http404

from gongkai_web.agencies.access import User, actor_of
from gongkai_web.agencies.models import Agency


def nodes_of(user: User) -> list[Agency]:
    """The nodes `user` supervises, by code."""
    account = actor_of(user)
    if account is None or not account.is_active:
        return []
    return list(
        Agency.objects.filter(supervisors__user=account).distinct().order_by("code")
    )


def supervises(user: User, agency: Agency) -> bool:
    """Tell whether `agency` is a node of `user` or below one."""
    nodes = {a.pk for a in nodes_of(user)}
    seen: set[int] = set()
    current: Agency | None = agency
    while current is not None and current.pk not in seen:
        if current.pk in nodes:
            return True
        seen.add(current.pk)
        current = current.parent
    return False


def get_region_for_supervisor(user: User, code: str) -> Agency:
    """The agency `code` if `user` supervises it; 404 otherwise (as if it did not exist)."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None or not supervises(user, agency):
        raise Http404("no such region")
    return agency
