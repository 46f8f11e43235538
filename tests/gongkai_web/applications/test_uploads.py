"""Attachments (security review): a size limit, a kind read from the content, a safe
stored name, nothing left in the storage when the registration fails."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.errors import ActionRefused
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services, uploads
from gongkai_web.applications.models import Application
from gongkai_web.applications.services import registration
from tests.gongkai_web.conftest import make_application

Login = Callable[[Any], Client]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(30)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(30)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(300)
HTML = "<!DOCTYPE html><html><body><script>alert(1)</script>申请</body></html>"
SVG = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'


def office(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<x/>")
    return out.getvalue()


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def case(agency: Agency, registrar: Any) -> Application:
    return make_application(agency, registrar)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("申请表.pdf", PDF, "pdf"),
        ("scan.png", PNG, "png"),
        ("身份证.JPG", JPEG, "jpg"),
        ("申请.docx", office("word/document.xml"), "docx"),
        ("清单.xlsx", office("xl/workbook.xml"), "xlsx"),
        ("说明.txt", "申请公开某某文件。\n".encode("gb18030"), "txt"),
        ("扫描件", PDF, "pdf"),
    ],
)
def test_accepted_kinds_are_stored_under_a_new_name_with_their_ending(
    case: Application, registrar: Any, name: str, content: bytes, kind: str
) -> None:
    attachment = services.add_attachment(
        case, registrar, SimpleUploadedFile(name, content)
    )
    stored = Path(attachment.file.name)
    assert stored.suffix == f".{kind}" and len(stored.stem) == 32
    assert name.split(".")[0] not in attachment.file.name
    assert attachment.name.startswith(name)
    assert attachment.file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("身份证.pdf", EXE, "的内容是exe 文件"),
        ("setup.exe", EXE, "的内容是exe 文件"),
        ("申请.pdf", HTML.encode(), "不允许的类型"),
        ("申请.html", HTML.encode(), "不允许的类型"),
        ("图.svg", SVG.encode(), "不允许的类型"),
        ("图.png", SVG.encode(), "不允许的类型"),
        ("宏.docx", office("word/document.xml", "word/vbaProject.bin"), "含宏"),
        ("包.pdf", office("readme.txt"), "压缩包"),
        ("空.pdf", b"", "是空文件"),
        ("二进制.txt", b"abc\x00\x01def", "不允许的类型"),
    ],
)
def test_other_content_is_refused_naming_the_file_whatever_its_name(
    case: Application, registrar: Any, name: str, content: bytes, problem: str
) -> None:
    with pytest.raises(ActionRefused) as refused:
        services.add_attachment(case, registrar, SimpleUploadedFile(name, content))
    assert f"附件「{name}」" in str(refused.value) and problem in str(refused.value)
    assert not case.attachments.exists() and stored_files() == []


def test_a_file_over_the_size_limit_is_refused(
    case: Application, registrar: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_ATTACHMENT_BYTES", 2**20)
    big = SimpleUploadedFile("大文件.pdf", PDF + bytes(2**20))
    with pytest.raises(
        ActionRefused, match="附件「大文件.pdf」有 1.0 MB，超过上限 1 MB"
    ):
        services.add_attachment(case, registrar, big)
    assert stored_files() == []


def test_a_200_character_chinese_name_is_kept_for_display_and_download(
    case: Application, handler: Any, login: Login
) -> None:
    """Security review: a long Chinese name was a 500 (600 bytes: too long for
    the file system)."""
    name = "关于申请公开某某项目环境影响评价文件的申请" * 10 + ".pdf"
    assert len(name) == 214
    response = login(handler).post(
        f"/cases/{case.pk}/attachments/",
        {"file": SimpleUploadedFile(name, PDF)},
        follow=True,
    )
    assert response.status_code == 200 and "已上传附件" in response.content.decode()
    attachment = case.attachments.get()
    assert attachment.name == name
    download = login(handler).get(f"/cases/{case.pk}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert "filename*=utf-8''" in download["Content-Disposition"]


def test_a_name_is_cleaned_and_shortened_keeping_its_ending() -> None:
    assert (
        uploads.display_name("C:\\Users\\x\\..\\证\x00件\u202e.pdf", "pdf")
        == "证件.pdf"
    )
    assert uploads.display_name("", "png") == "附件.png"
    assert uploads.display_name("report.exe", "pdf") == "report.exe.pdf"
    long = uploads.display_name("长" * 300 + ".xlsx", "xlsx")
    assert len(long) == uploads.MAX_NAME_CHARS and long.endswith("….xlsx")


def test_the_upload_form_shows_the_refusal_in_chinese(
    case: Application, handler: Any, login: Login
) -> None:
    response = login(handler).post(
        f"/cases/{case.pk}/attachments/",
        {"file": SimpleUploadedFile("病毒.pdf", EXE)},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "附件「病毒.pdf」的内容是exe 文件" in page
    assert not case.attachments.exists()


def register_post(files: list[SimpleUploadedFile]) -> dict[str, Any]:
    return {
        "channel": "in_person",
        "received": "2024-06-03",
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "content": "某文件",
        "attachments": files,
    }


def test_a_registration_with_a_refused_file_registers_and_stores_nothing(
    agency: Agency, registrar: Any, login: Login
) -> None:
    files = [SimpleUploadedFile("身份证.pdf", PDF), SimpleUploadedFile("x.pdf", EXE)]
    response = login(registrar).post(
        f"/a/{agency.code}/cases/new/", register_post(files)
    )
    assert response.status_code == 200
    assert "附件「x.pdf」的内容是exe 文件" in response.content.decode()
    assert not Application.objects.exists() and stored_files() == []


def test_a_registration_failing_after_the_upload_leaves_no_file(
    agency: Agency, registrar: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Security review: a failed registration left the uploaded ID scan on disk.
    Here the receipt fails after both files are stored: the transaction rolls back
    and both files go."""

    def fails(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(registration, "notify_applicant", fails)
    new = services.NewApplication(**_new_fields())
    files = [SimpleUploadedFile("身份证.pdf", PDF), SimpleUploadedFile("a.png", PNG)]
    with pytest.raises(OSError, match="disk full"):
        services.register(agency, registrar, new, files=files)
    assert not Application.objects.exists()
    assert stored_files() == []


def _new_fields() -> dict[str, Any]:
    from datetime import date

    from gongkai.vocabulary import ApplicantType, Channel

    return {
        "channel": Channel.IN_PERSON,
        "received": date(2024, 6, 3),
        "applicant_type": ApplicantType.NATURAL_PERSON,
        "applicant_name": "张三",
        "content": "某文件",
    }


class FullDisk(SimpleUploadedFile):
    """An upload whose writing stops half-way, as on a full disk."""

    def chunks(self, chunk_size: int | None = None) -> Any:
        yield self.read(1000)
        raise OSError(28, "No space left on device")


def test_a_write_failing_half_way_leaves_no_partial_file(
    case: Application, registrar: Any
) -> None:
    """Security review: on a full disk the truncated scan stayed in the media
    folder."""
    with pytest.raises(OSError, match="No space left"):
        services.add_attachment(case, registrar, FullDisk("扫描件.jpg", JPEG * 100))
    assert not case.attachments.exists()
    assert stored_files() == []
