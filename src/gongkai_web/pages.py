"""Pages every app may answer with: the page that says why a request was refused, and
the one for a PDF the machine cannot make just now.

Every app may use this module; it imports none of them. Its template,
`templates/refused.html`, shows the agency's menu when an agency is given.
"""

from __future__ import annotations

import logging

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.errors import RendererUnavailable
from gongkai_web.language import in_language

log = logging.getLogger("gongkai.web")


def refused(
    request: HttpRequest, agency: models.Model | None, message: str, *, status: int
) -> HttpResponse:
    """Return the page that says why a request was refused, with `status`."""
    return render(
        request,
        "refused.html",
        {"agency": agency, "message": in_language(message)},
        status=status,
    )


def pdf_unavailable(
    request: HttpRequest, agency: models.Model | None, exc: RendererUnavailable
) -> HttpResponse:
    """Return a 503 saying the PDF cannot be made now; the technical cause is logged
    for the system administrator, not shown (it is English and names programs)."""
    log.warning("PDF not made: %s", exc)
    message = _("暂时无法生成PDF文件，请下载DOCX文件，或请系统管理员检查PDF转换程序")
    return refused(request, agency, message, status=503)
