"""`gongkai demo`: the demo agency's 2021 report from the database equals seed 004."""

from __future__ import annotations

import json

import pytest

from gongkai.annual import content_hash
from gongkai.demo_records import demo_draft
from gongkai.report.codec import dump_report
from gongkai_cli import main
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.compute import current_report
from gongkai_web.annual.models import AddedFile, ReportVersion
from gongkai_web.applications.models import Application, Letter
from gongkai_web.catalog.models import CatalogEvent, CatalogItem, CategoryCount
from gongkai_web.demo.annual import load_demo
from gongkai_web.litigation.models import ReviewCase
from tests.conftest import SEEDS
from tests.gongkai_web.annual.conftest import LATE_PDF, install_libreoffice

SEED_004 = SEEDS / "004_81e88598a220b34a.gold.json"
TABLES = ("format", "proactive", "applications", "review_litigation")


def test_the_2021_report_of_the_demo_agency_equals_the_gold_tables(
    demo: Agency,
) -> None:
    current = current_report(demo, 2021)
    gold = json.loads(SEED_004.read_text(encoding="utf-8"))
    built = json.loads(dump_report(current.report))
    assert {key: built[key] for key in TABLES} == {key: gold[key] for key in TABLES}
    assert current.findings == () and current.unfilled == () and current.warnings == ()
    assert current.can_publish


def test_the_database_computes_what_the_core_computes_from_the_same_records(
    demo: Agency,
) -> None:
    assert dump_report(current_report(demo, 2021).report) == dump_report(
        demo_draft().report
    )


def test_loading_again_changes_nothing(demo: Agency) -> None:
    before = content_hash(current_report(demo, 2021).report)
    counts = (
        CatalogItem.objects.count(),
        CatalogEvent.objects.count(),
        CategoryCount.objects.count(),
        Application.objects.count(),
        ReviewCase.objects.count(),
    )
    load_demo(publish_report=False)
    assert content_hash(current_report(demo, 2021).report) == before
    assert counts == (
        CatalogItem.objects.count(),
        CatalogEvent.objects.count(),
        CategoryCount.objects.count(),
        Application.objects.count(),
        ReviewCase.objects.count(),
    )


def test_loading_restores_a_changed_record(demo: Agency) -> None:
    CategoryCount.objects.filter(year=2021, category="fee").update(value=1)
    load_demo(publish_report=False)
    assert current_report(demo, 2021).report.proactive.row("fees").cell(
        "amount_wan_yuan"
    ) == (  # type: ignore[union-attr]
        demo_draft().report.proactive.row("fees").cell("amount_wan_yuan")  # type: ignore[union-attr]
    )


@pytest.mark.django_db
def test_gongkai_demo_then_report_build_prints_the_gold_tables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--no-publish"]) == 0
    out, err = capsys.readouterr()
    assert "demo-approver" in out and "applications: 11 created" in out
    # The letters can be issued: every demo case was made, its reply with its letter.
    assert "demo case" not in err
    agency = Agency.objects.get(code="demo")
    assert agency.reconsideration_body and agency.court and agency.document_prefix
    assert Letter.objects.filter(agency=agency, kind="reply").exists()
    assert main(["report", "build", "--agency", "demo", "--year", "2021"]) == 0
    built = json.loads(capsys.readouterr().out)
    gold = json.loads(SEED_004.read_text(encoding="utf-8"))
    assert {key: built[key] for key in TABLES} == {key: gold[key] for key in TABLES}
    assert main(["demo", "--no-publish"]) == 0
    assert "applications: 0 created, 0 updated, 11 unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_gongkai_demo_without_libreoffice_publishes_html_and_docx_and_says_so(
    no_libreoffice: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert "published the 2021 report, version 1" in out
    assert "warning: the 2021 report (version 1) was published as HTML and DOCX" in err
    assert "gongkai report add-pdf --agency demo --year 2021" in err
    version = ReportVersion.objects.get()
    assert bytes(version.html).startswith(b"<!DOCTYPE html>")
    assert bytes(version.docx)[:2] == b"PK" and bytes(version.pdf) == b""
    install_libreoffice(monkeypatch)
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert "added the PDF of the 2021 report, version 1" in out and "warning" not in err
    assert ReportVersion.objects.get().content_hash == version.content_hash
    assert bytes(AddedFile.objects.get(version=version, kind="pdf").data) == LATE_PDF
