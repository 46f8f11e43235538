"""`smtp`: a real SMTP server for the test, with Django's SMTP backend pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.gongkai_web.outbox.smtp import SmtpServer


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "gongkai@city.example.gov.cn"
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The portal form's minimum fill time is 0 (as in tests/gongkai_web/portal)."""
    from gongkai_web.portal import forms

    monkeypatch.setattr(forms, "MIN_FILL_SECONDS", 0)
