"""Home and dashboard: a user sees only the agencies they work in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from gongkai_web.agencies.models import Agency, Membership, Role


def test_home_redirects_a_one_agency_user_to_its_dashboard(
    agency: Agency, handler: Any, login: Callable[[Any], Client]
) -> None:
    response = login(handler).get("/")
    assert response.status_code == 302 and response["Location"] == f"/a/{agency.code}/"


def test_home_lists_the_agencies_of_a_user_with_several(
    agency: Agency, other_agency: Agency, handler: Any, login: Callable[[Any], Client]
) -> None:
    Membership.objects.create(user=handler, agency=other_agency, role=Role.AUDITOR)
    html = login(handler).get("/").content.decode()
    assert agency.name in html and other_agency.name in html


def test_dashboard_of_an_agency_the_user_is_not_in_is_404(
    agency: Agency, outsider: Any, login: Callable[[Any], Client]
) -> None:
    assert login(outsider).get(f"/a/{agency.code}/").status_code == 404
    assert login(outsider).get("/a/no-such-agency/").status_code == 404
