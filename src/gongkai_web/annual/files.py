"""The stored files of a published version as HTTP responses (back office and portal)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.encoding import escape_uri_path

from gongkai_web.annual.models import ReportVersion

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}


def version_file_name(version: ReportVersion, kind: str) -> str:
    """Return e.g. 示范市人民防空办公室2021年政府信息公开工作年度报告（第2版）.pdf."""
    stem = f"{version.agency.name}{version.year}年政府信息公开工作年度报告"
    return f"{stem}（第{version.number}版）.{kind}"


def version_bytes(version: ReportVersion, kind: str) -> bytes:
    """Return one stored file of the version: html, docx, pdf, or the canonical json.

    Raises:
        Http404: for any other kind.
    """
    if kind == "json":
        return version.canonical_json.encode("utf-8")
    if kind not in ("html", "docx", "pdf"):
        raise Http404("no such file")
    return bytes(getattr(version, kind))


def version_response(
    version: ReportVersion, kind: str, *, inline: bool | None = None
) -> HttpResponse:
    """Return the file as a response: HTML shown in the browser, the others downloaded."""
    data = version_bytes(version, kind)
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    shown = inline if inline is not None else kind == "html"
    disposition = "inline" if shown else "attachment"
    name = escape_uri_path(version_file_name(version, kind))
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{name}"
    response["X-Content-Hash"] = version.content_hash
    return response
