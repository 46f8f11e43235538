"""The stored files of a published version as HTTP responses (back office and portal).

A version stores HTML, DOCX and PDF at publication; where LibreOffice was missing its
PDF is empty until an `AddedFile` supplies it. Pages list only the files there are
(`with_file_flags` annotates `pdf_available`), so no link leads to a missing file.
"""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Length
from django.http import Http404, HttpResponse
from django.utils.encoding import escape_uri_path

from gongkai.errors import GongkaiError
from gongkai_web.annual.models import AddedFile, ReportVersion

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}
STORED_KINDS = ("html", "docx", "pdf")


class FileNotStored(GongkaiError):
    """A file a published version does not have (an unknown kind, or no PDF yet)."""


def version_file_name(version: ReportVersion, kind: str) -> str:
    """Return e.g. 示范市人民防空办公室2021年政府信息公开工作年度报告（第2版）.pdf."""
    stem = f"{version.agency.name}{version.year}年政府信息公开工作年度报告"
    return f"{stem}（第{version.number}版）.{kind}"


def with_file_flags(versions: QuerySet[ReportVersion]) -> QuerySet[ReportVersion]:
    """Annotate each version with `pdf_available`: stored at publication or added."""
    added = AddedFile.objects.filter(version=OuterRef("pk"), kind="pdf")
    available = ExpressionWrapper(
        Q(pdf_bytes__gt=0) | Q(pdf_added=True), output_field=BooleanField()
    )
    return versions.annotate(pdf_bytes=Length("pdf"), pdf_added=Exists(added)).annotate(
        pdf_available=available
    )


def has_pdf(version: ReportVersion) -> bool:
    """Tell whether the version has its PDF, stored at publication or added since."""
    return bool(bytes(version.pdf)) or version.added_files.filter(kind="pdf").exists()


def version_bytes(version: ReportVersion, kind: str) -> bytes:
    """Return one stored file of the version: html, docx, pdf, or the canonical json.

    Raises:
        FileNotStored: for any other kind, or a PDF that was never rendered.
    """
    if kind == "json":
        return version.canonical_json.encode("utf-8")
    if kind not in STORED_KINDS:
        raise FileNotStored(f"no file of kind {kind!r}; expected html, docx, pdf, json")
    stored = bytes(getattr(version, kind))
    if stored:
        return stored
    added = AddedFile.objects.filter(version=version, kind=kind).first()
    if added is None:
        raise FileNotStored(
            f"{version.agency.name}{version.year}年度报告第{version.number}版没有"
            f"{kind.upper()}文件（发布时未能生成；安装 LibreOffice 后运行 gongkai report "
            f"add-pdf --agency {version.agency.code} --year {version.year}） "
            f"(version {version.number} has no {kind})"
        )
    return bytes(added.data)


def version_response(
    version: ReportVersion, kind: str, *, inline: bool | None = None
) -> HttpResponse:
    """Return the file as a response: HTML shown in the browser, the others downloaded.

    Raises:
        Http404: for a file the version does not have.
    """
    try:
        data = version_bytes(version, kind)
    except FileNotStored as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    shown = inline if inline is not None else kind == "html"
    disposition = "inline" if shown else "attachment"
    name = escape_uri_path(version_file_name(version, kind))
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{name}"
    response["X-Content-Hash"] = version.content_hash
    return response
