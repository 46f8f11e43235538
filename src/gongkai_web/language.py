"""The language of the back office: Simplified Chinese unless English is chosen.

`?lang=en` or `?lang=zh-hans` on any page switches and is remembered in a cookie. The
browser's Accept-Language is not followed: the UI is Chinese by default (an office PC
with an English browser still gets the Chinese UI until someone chooses English).
Runs after Django's LocaleMiddleware and overrides its choice.
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
        chosen = ALIASES.get(request.GET.get("lang", "").strip().lower())
        remembered = ALIASES.get(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
        language = chosen or remembered or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax", httponly=True
            )
        return response
