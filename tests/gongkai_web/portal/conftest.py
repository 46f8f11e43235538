"""Portal fixtures: a form filled in like a person would, without waiting."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from lxml import html

from gongkai_web.agencies.models import Agency
from gongkai_web.portal import forms

FIELDS = {
    "applicant_type": "natural_person",
    "applicant_name": "李四",
    "id_document": "110101199003071234",
    "phone": "13912345678",
    "email": "lisi@example.com",
    "address": "示范市解放路8号",
    "content": "2023年本市老旧小区改造项目的名单及资金安排",
    "requested_form": "electronic",
    "delivery": "email",
    "affirm": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def no_wait(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """The form's minimum fill time is 0 unless a test asks for the real one."""
    if not request.node.get_closest_marker("real_fill_time"):
        monkeypatch.setattr(forms, "MIN_FILL_SECONDS", 0)


def submit(client: Client, agency: Agency, **overrides: Any) -> Any:
    """Open the form, then post it with `FIELDS` (and overrides) and its signed start."""
    page = html.fromstring(client.get(f"/portal/{agency.code}/apply/").content)
    started = page.xpath('//input[@name="started"]/@value')[0]
    return client.post(
        f"/portal/{agency.code}/apply/", {**FIELDS, "started": started, **overrides}
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_fill_time: keep the form's minimum fill time"
    )
