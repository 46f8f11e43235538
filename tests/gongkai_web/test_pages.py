"""Every back-office page renders for every persona, in Chinese and in English."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.vocabulary import Outcome
from gongkai.workflow import Action
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from tests.gongkai_web.conftest import make_application

DEFAULT_TITLES = {
    "政府信息公开工作平台",
    "Government information disclosure back office",
}
PERSONAS = ["registrar", "handler", "approver", "auditor", "agency_admin"]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_renders(
    agency: Agency,
    registrar: Any,
    handler: Any,
    login: Callable[[Any], Client],
    request: pytest.FixtureRequest,
    persona: str,
    lang: str,
) -> None:
    open_case = make_application(agency, registrar, received=date(2024, 5, 20))
    closed = make_application(agency, registrar, received=date(2024, 5, 21))
    services.reply(closed.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    client = login(request.getfixturevalue(persona))
    pages = [
        f"/a/{agency.code}/",
        f"/a/{agency.code}/cases/",
        f"/a/{agency.code}/cases/?state=all&q=张",
        f"/a/{agency.code}/cases/?state=closed&page=2",
        f"/a/{agency.code}/cases/new/",
        f"/a/{agency.code}/ledger/",
        f"/a/{agency.code}/statistics/?year=2024&format=2019",
        f"/a/{agency.code}/templates/",
        f"/a/{agency.code}/templates/denied_third_party/",
        f"/a/{agency.code}/calendar/",
        f"/a/{agency.code}/catalog/",
        f"/a/{agency.code}/review/",
        f"/a/{agency.code}/review/new/",
        f"/a/{agency.code}/catalog/new/",
        f"/a/{agency.code}/annual/",
        f"/cases/{open_case.pk}/",
        f"/cases/{closed.pk}/",
        "/password/",
        *(
            f"/cases/{open_case.pk}/{a.value}/"
            for a in Action
            if a is not Action.REGISTER
        ),
    ]
    for page in pages:
        response = client.get(page, {"lang": lang})
        assert response.status_code == 200, page
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html, page
        # Its own title (not the site's name alone), a skip link to the content,
        # and the print stylesheet of the back office.
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title and title.group(1).strip() not in DEFAULT_TITLES, page
        assert 'class="skip" href="#main"' in html and 'id="main"' in html, page
        assert "@media print" in html, page
