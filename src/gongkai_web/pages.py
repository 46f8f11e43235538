"""Pages every app may answer with: the page that says why a request was refused.

Every app may use this module; it imports none of them. Its template,
`templates/refused.html`, shows the agency's menu when an agency is given.
"""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai_web.language import in_language


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
