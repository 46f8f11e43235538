"""Who is recorded as having acted, and who may enter the installation's calendar."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from gongkai_web.agencies.access import actor_of, can_enter_calendar, roles_in
from gongkai_web.agencies.models import Agency, Role


def test_the_actor_is_the_signed_in_account_and_nobody_otherwise(
    handler: Any,
) -> None:
    assert actor_of(handler) == handler
    assert actor_of(AnonymousUser()) is None
    assert actor_of(None) is None  # the command line


def test_only_an_active_system_administrator_enters_the_calendar(
    handler: Any,
) -> None:
    assert not can_enter_calendar(handler)
    handler.is_staff = True  # Django's staff flag alone is not the role
    assert not can_enter_calendar(handler)
    handler.is_superuser = True
    assert can_enter_calendar(handler)
    handler.is_active = False
    assert not can_enter_calendar(handler)
    assert not can_enter_calendar(AnonymousUser())


def test_roles_of_an_anonymous_visitor_are_empty(agency: Agency, handler: Any) -> None:
    assert roles_in(AnonymousUser(), agency) == frozenset()
    assert roles_in(handler, agency) == {Role.HANDLER}
