"""Annual-report fixtures: the demo agency loaded, and quick renderings for publication."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.render import RENDERERS, pdf, render
from gongkai.report.model import AnnualReport
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.annual import services
from gongkai_web.demo.annual import load_demo
from tests.gongkai_web.conftest import make_user


def quick_files(
    report: AnnualReport, *, require_pdf: bool = True, with_pdf: bool = True
) -> dict[str, bytes]:
    """Real HTML and DOCX, a stand-in PDF (LibreOffice takes seconds)."""
    files = {"html": render(report, "html"), "docx": render(report, "docx")}
    return files | ({"pdf": b"%PDF-stub"} if with_pdf else {})


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Publication without LibreOffice's seconds, also for the PDF job of the web
    (unless the test is about a machine without LibreOffice)."""
    monkeypatch.setattr(services, "render_files", quick_files)
    if "no_libreoffice" not in request.fixturenames:
        monkeypatch.setitem(RENDERERS, "pdf", lambda report: b"%PDF-stub")


LATE_PDF = b"%PDF-1.7 rendered later"


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without LibreOffice: the PDF renderer finds no `soffice`."""
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


def install_libreoffice(monkeypatch: pytest.MonkeyPatch) -> list[AnnualReport]:
    """LibreOffice installed since: PDFs come out as `LATE_PDF`; returns what was drawn."""
    drawn: list[AnnualReport] = []

    def fake_pdf(report: AnnualReport) -> bytes:
        drawn.append(report)
        return LATE_PDF

    monkeypatch.setitem(RENDERERS, "pdf", fake_pdf)
    return drawn


@pytest.fixture
def demo(db: None) -> Agency:
    load_demo(publish_report=False)
    return Agency.objects.get(code="demo")


@pytest.fixture
def demo_approver(demo: Agency) -> Any:
    return make_user("demo-approver-t", demo, Role.APPROVER)


@pytest.fixture
def demo_handler(demo: Agency) -> Any:
    user = make_user("demo-handler-t", demo, Role.HANDLER)
    assert Membership.objects.filter(user=user).exists()
    return user
