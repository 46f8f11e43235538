"""The language of the back office: Simplified Chinese unless English is chosen, and the
labels of the core's vocabularies in that language.

`?lang=en` or `?lang=zh-hans` on any page switches and is remembered in a cookie. The
browser's Accept-Language is not followed: the UI is Chinese by default (an office PC
with an English browser still gets the Chinese UI until someone chooses English).
`QueryLanguageMiddleware` runs after Django's LocaleMiddleware and overrides its choice.

The core holds the Chinese labels (from `report/formats/`); English labels of the
same ids live here (`ENGLISH`), keyed by id, so no Chinese label is written twice.
Every app may use this module; it imports none of them.
"""

from __future__ import annotations

import re
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
        request.LANGUAGE_CODE = language
        # For this request only: the thread's language is restored afterwards, so the
        # next request (or test) served by this thread starts from the default again.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax", httponly=True
            )
        return response


ENGLISH: dict[str, dict[str, str]] = {
    "status": {
        "received": "In progress",
        "awaiting_correction": "Awaiting correction",
        "consulting": "Consultation",
        "awaiting_fee": "Awaiting fee",
        "answered": "Answered",
        "closed": "Closed",
    },
    "action": {
        "register": "Register",
        "ask_correction": "Ask for correction",
        "receive_correction": "Correction received",
        "correction_lapsed": "Correction not received in time",
        "start_consultation": "Start consultation",
        "end_consultation": "End consultation",
        "extend": "Extend the term",
        "fee_notice": "Send fee notice",
        "fee_paid": "Fee paid",
        "fee_lapsed": "Fee not paid in time",
        "reply": "Reply",
        "withdraw": "Withdrawn by applicant",
    },
    "outcome": {
        "granted": "Granted",
        "partially_granted": "Partially granted",
        "denied_state_secret": "Denied - state secret",
        "denied_prohibited_by_law": "Denied - prohibited by other law",
        "denied_security_stability": "Denied - security and stability",
        "denied_third_party": "Denied - third-party rights",
        "denied_internal_affairs": "Denied - internal affairs",
        "denied_process_info": "Denied - process information",
        "denied_enforcement_file": "Denied - enforcement case file",
        "denied_administrative_query": "Denied - administrative query",
        "unable_not_held": "Unable - not held by this agency",
        "unable_needs_creation": "Unable - would need to be created",
        "unable_unclear_after_correction": "Unable - unclear after correction",
        "not_processed_petition": "Not processed - petition or complaint",
        "not_processed_duplicate": "Not processed - duplicate",
        "not_processed_publication": "Not processed - publication",
        "not_processed_excessive": "Not processed - excessive",
        "not_processed_confirmation": "Not processed - confirmation request",
        "other_no_correction": "Other - no correction in time",
        "other_unpaid_fee": "Other - fee not paid",
        "other_misc": "Other - miscellaneous",
        "other": "Other",
    },
    "row": {
        "new_received": "I. New applications this year",
        "carried_over": "II. Carried over from last year",
        "total": "(7) Total",
        "carried_forward": "IV. Carried forward to next year",
    },
    "applicant_type": {
        "natural_person": "Natural person",
        "commercial": "Business",
        "research": "Research institution",
        "social_welfare": "Social welfare org.",
        "legal_service": "Legal service",
        "other_org": "Other",
        "total": "Total",
    },
    "channel": {
        "in_person": "In person",
        "post": "Post (signed)",
        "ordinary_letter": "Ordinary letter",
        "online": "Online",
        "fax": "Fax",
        "email": "E-mail",
        "other": "Other",
    },
}


def is_english() -> bool:
    return (translation.get_language() or "").startswith("en")


def label(kind: str, value: str, chinese: str) -> str:
    """Return the label of `value` of `kind` in the active language."""
    if is_english():
        return ENGLISH.get(kind, {}).get(value, ENGLISH["outcome"].get(value, chinese))
    return chinese


# A core message in both languages: "中文说明 (English text)" — the English part is
# printable ASCII in brackets at the end.
_BILINGUAL = re.compile(r"^(?P<zh>.*?\S)\s*\((?P<en>[\x20-\x7e]+)\)\s*$", re.S)


def in_language(text: str) -> str:
    """Return one language of a message the core writes in both ("中文 (English)"):
    the Chinese part in Chinese mode, the English part in English mode. Any other
    message is returned as it is."""
    found = _BILINGUAL.match(text)
    if found is None or not re.search(r"[\u4e00-\u9fff]", found["zh"]):
        return text
    return found["en"] if is_english() else found["zh"]


def message_of(exc: BaseException) -> str:
    """Return the message of an error raised on purpose, in the request's language."""
    return in_language(str(exc))


# 「（区分处理的，只计这一情形，不计其他情形）」 tells report compilers how to count; a case
# list or letter shows the outcome without it.
_COUNTING_NOTE = re.compile(r"[（(][^（）()]*(?:只计|不计)[^（）()]*[）)]")


def without_counting_note(text: str) -> str:
    """Return an outcome label without the statutory report's counting note."""
    return _COUNTING_NOTE.sub("", text)
