"""The language switch: `?lang=en` or `?lang=zh-hans` on any page, remembered in a cookie.

Django's LocaleMiddleware already reads the cookie and the browser's Accept-Language;
this middleware runs after it so that an explicit `?lang=` wins and sticks.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh-hans": "zh-hans", "en": "en"}


class QueryLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        wanted = ALIASES.get(request.GET.get("lang", "").strip().lower())
        if wanted:
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted  # type: ignore[attr-defined]
        response = self.get_response(request)
        if wanted:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, wanted, samesite="Lax", httponly=True
            )
        return response
