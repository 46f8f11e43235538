"""Publication: approver only, validated, frozen, corrections as new versions."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.annual import content_hash
from gongkai.errors import ActionRefused, InvalidInput, RendererUnavailable
from gongkai.report.codec import parse_report
from gongkai_web.agencies.models import Agency
from gongkai_web.annual import services
from gongkai_web.annual.files import FileNotStored, has_pdf, version_bytes
from gongkai_web.annual.models import Channel, ReportVersion
from gongkai_web.audit.models import AppendOnlyError, AuditLog
from gongkai_web.catalog.models import CategoryCount
from tests.gongkai_web.annual.conftest import LATE_PDF, install_libreoffice, quick_files

pytestmark = pytest.mark.usefixtures("quick")
real_render_files = services.render_files


def test_only_the_approver_publishes(demo: Agency, demo_handler: Any) -> None:
    with pytest.raises(ActionRefused, match="只有审批负责人"):
        services.publish(demo, 2021, demo_handler)
    assert not ReportVersion.objects.exists()


def test_unfilled_sections_block_publication(agency: Agency, approver: Any) -> None:
    with pytest.raises(ActionRefused, match="第一、五、六部分尚有待填写内容"):
        services.publish(agency, 2023, approver)


def test_publication_freezes_the_report_with_its_hash_and_files(
    demo: Agency, demo_approver: Any
) -> None:
    version = services.publish(demo, 2021, demo_approver)
    frozen = parse_report(version.canonical_json)
    assert (version.number, version.published_by, version.published_via) == (
        1,
        demo_approver,
        "web",
    )
    assert (
        frozen.published_on is not None
        and frozen.published_on.isoformat() == "2024-06-03"
    )
    assert version.content_hash == content_hash(frozen)
    assert (
        bytes(version.html).startswith(b"<!DOCTYPE html>")
        and bytes(version.docx)[:2] == b"PK"
    )
    assert AuditLog.objects.filter(
        summary__contains="批准发布2021年度报告第1版"
    ).exists()


def test_a_version_cannot_be_changed_or_deleted(
    demo: Agency, demo_approver: Any
) -> None:
    version = services.publish(demo, 2021, demo_approver)
    version.correction_note = "改"
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        ReportVersion.objects.filter(pk=version.pk).update(correction_note="改")
    with pytest.raises(AppendOnlyError):
        version.delete()


def test_a_correction_needs_a_note_and_a_change_and_keeps_the_old_version(
    demo: Agency, demo_approver: Any
) -> None:
    first = services.publish(demo, 2021, demo_approver)
    with pytest.raises(ActionRefused, match="须填写公开的更正说明"):
        services.publish(demo, 2021, demo_approver)
    with pytest.raises(ActionRefused, match="内容与已发布的第1版相同"):
        services.publish(demo, 2021, demo_approver, correction_note="更正")
    CategoryCount.objects.filter(year=2021, category="licensing").update(value=2)
    second = services.publish(
        demo, 2021, demo_approver, correction_note="行政许可处理决定数量更正为2件。"
    )
    assert second.number == 2 and second.content_hash != first.content_hash
    old = ReportVersion.objects.get(pk=first.pk)
    assert old.content_hash == content_hash(parse_report(old.canonical_json))
    assert (
        parse_report(old.canonical_json).proactive.row("licensing").cell("decisions")
        == 0
    )  # type: ignore[union-attr]


def test_the_command_line_publication_is_recorded_as_such(demo: Agency) -> None:
    version = services.publish(demo, 2021, None, via=Channel.COMMAND_LINE)
    assert (
        version.published_by is None and version.get_published_via_display() == "命令行"
    )


def test_a_first_publication_takes_no_correction_note(
    demo: Agency, demo_approver: Any
) -> None:
    with pytest.raises(ActionRefused, match="首次发布不需要更正说明"):
        services.publish(demo, 2021, demo_approver, correction_note="x")


def test_a_version_published_meanwhile_is_not_overwritten_or_silently_corrected(
    demo: Agency, demo_approver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def render_and_race(report: Any, **options: bool) -> dict[str, bytes]:
        monkeypatch.setattr(services, "render_files", quick_files)
        services.publish(
            demo, 2021, None, via=Channel.COMMAND_LINE
        )  # the other approver
        return quick_files(report, **options)

    monkeypatch.setattr(services, "render_files", render_and_race)
    with pytest.raises(ActionRefused, match="刚刚发布了第1版"):
        services.publish(demo, 2021, demo_approver)
    assert ReportVersion.objects.count() == 1


@pytest.mark.parametrize("year", [2024, 2025])
def test_a_year_that_has_not_ended_is_not_published(
    demo: Agency, demo_approver: Any, year: int
) -> None:
    with pytest.raises(InvalidInput, match=f"{year}年度尚未结束.*今天是 2024-06-03"):
        services.publish(demo, year, demo_approver)
    assert not ReportVersion.objects.exists()


def test_without_libreoffice_publication_needs_the_pdf_unless_told_otherwise(
    demo: Agency, demo_approver: Any, no_libreoffice: None, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "render_files", real_render_files)
    with pytest.raises(RendererUnavailable, match="LibreOffice"):
        services.publish(demo, 2021, demo_approver)
    assert not ReportVersion.objects.exists()
    version = services.publish(demo, 2021, demo_approver, require_pdf=False)
    assert bytes(version.pdf) == b"" and bytes(version.docx)[:2] == b"PK"
    assert not has_pdf(version)
    with pytest.raises(FileNotStored, match="第1版没有PDF文件.*gongkai report add-pdf"):
        version_bytes(version, "pdf")


def test_the_pdf_added_later_is_drawn_from_the_frozen_version(
    demo: Agency,
    demo_approver: Any,
    demo_handler: Any,
    no_libreoffice: None,
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(services, "render_files", real_render_files)
    version = services.publish(demo, 2021, demo_approver, require_pdf=False)
    CategoryCount.objects.filter(year=2021, category="licensing").update(value=7)
    drawn = install_libreoffice(monkeypatch)
    with pytest.raises(ActionRefused, match="只有审批负责人"):
        services.add_pdf(version, demo_handler)
    added = services.add_pdf(version, demo_approver)
    assert [content_hash(report) for report in drawn] == [version.content_hash]
    assert version_bytes(version, "pdf") == LATE_PDF == bytes(added.data)
    assert ReportVersion.objects.get().content_hash == version.content_hash
    with pytest.raises(ActionRefused, match="已有PDF"):
        services.add_pdf(version, demo_approver)
    assert AuditLog.objects.filter(summary__contains="第1版的PDF").exists()
