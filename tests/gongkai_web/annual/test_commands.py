"""`gongkai report build|publish|export` at the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai_cli import main
from gongkai_web.agencies.models import Agency
from gongkai_web.annual import services
from gongkai_web.annual.models import ReportVersion
from tests.gongkai_web.annual.conftest import LATE_PDF, install_libreoffice

pytestmark = pytest.mark.usefixtures("quick")
real_render_files = services.render_files


def test_publish_then_export_writes_the_latest_version(
    demo: Agency, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "publish", "--agency", "demo", "--year", "2021"]) == 0
    version = ReportVersion.objects.get()
    assert (
        f"published version 1, sha256 {version.content_hash}" in capsys.readouterr().out
    )
    assert version.published_via == "cli" and version.published_by is None
    target = tmp_path / "report.docx"
    assert (
        main(
            [
                "report",
                "export",
                "--agency",
                "demo",
                "--year",
                "2021",
                "--to",
                "docx",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    assert target.read_bytes() == bytes(version.docx)


def test_a_second_publish_needs_a_correction_note(
    demo: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "publish", "--agency", "demo", "--year", "2021"]) == 0
    assert main(["report", "publish", "--agency", "demo", "--year", "2021"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("error: 已发布第1版，再次发布是更正") and "Traceback" not in err
    )


def test_export_of_an_unpublished_year_is_refused_and_writes_nothing(
    demo: Agency, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "r.pdf"
    assert (
        main(
            [
                "report",
                "export",
                "--agency",
                "demo",
                "--year",
                "2020",
                "--to",
                "pdf",
                "-o",
                str(target),
            ]
        )
        == 2
    )
    assert "2020年度报告尚未发布" in capsys.readouterr().err and not target.exists()


@pytest.mark.django_db
def test_an_unknown_agency_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "build", "--agency", "nowhere", "--year", "2021"]) == 2
    assert "no agency with code 'nowhere'" in capsys.readouterr().err


def test_a_year_without_format_is_refused(
    demo: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "build", "--agency", "demo", "--year", "2017"]) == 2
    assert "2017年度报告没有统一格式" in capsys.readouterr().err


def test_the_current_year_is_not_published_from_the_command_line(
    demo: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "publish", "--agency", "demo", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: 2024年度尚未结束") and "Traceback" not in err
    assert not ReportVersion.objects.exists()


def test_a_year_that_has_not_begun_is_not_built(
    demo: Agency, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "build", "--agency", "demo", "--year", "9999"]) == 2
    assert "9999年度尚未开始" in capsys.readouterr().err


def test_add_pdf_completes_a_version_published_without_libreoffice(
    demo: Agency,
    tmp_path: Path,
    no_libreoffice: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(services, "render_files", real_render_files)
    services.publish(demo, 2021, None, require_pdf=False)
    target = tmp_path / "r.pdf"
    export = ["report", "export", "--agency", "demo", "--year", "2021"]
    assert main([*export, "--to", "pdf", "-o", str(target)]) == 2
    assert "第1版没有PDF文件" in capsys.readouterr().err and not target.exists()
    assert main(["report", "add-pdf", "--agency", "demo", "--year", "2021"]) == 2
    assert "LibreOffice (soffice) is not installed" in capsys.readouterr().err
    install_libreoffice(monkeypatch)
    assert main(["report", "add-pdf", "--agency", "demo", "--year", "2021"]) == 0
    assert "added the PDF of version 1" in capsys.readouterr().out
    assert main([*export, "--to", "pdf", "-o", str(target)]) == 0
    assert target.read_bytes() == LATE_PDF
    assert main(["report", "add-pdf", "--agency", "demo", "--year", "2021"]) == 2
    assert "已有PDF" in capsys.readouterr().err
