"""Template filters: vocabulary labels in the request's language, masking."""

from __future__ import annotations

from django import template

from gongkai.report.formats import APPLICANT_COLUMNS, FORMATS
from gongkai.vocabulary import ApplicantType, Channel, Outcome
from gongkai.workflow import Action, Status
from gongkai_web import language

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    return language.label("status", value, Status(value).label) if value else ""


@register.filter
def action_label(value: str) -> str:
    return language.label("action", value, Action(value).label) if value else ""


@register.filter
def outcome_label(value: str) -> str:
    if not value:
        return ""
    return language.label(
        "outcome", value, language.without_counting_note(Outcome(value).label)
    )


@register.filter
def applicant_type_label(value: str) -> str:
    if value == "total":
        return language.label("applicant_type", value, APPLICANT_COLUMNS[-1].label)
    return (
        language.label("applicant_type", value, ApplicantType(value).label)
        if value
        else ""
    )


@register.filter
def channel_label(value: str) -> str:
    return language.label("channel", value, Channel(value).label) if value else ""


@register.filter
def row_label(row_id: str) -> str:
    found = next(
        (r for f in FORMATS.values() for r in f.applications if r.id == row_id), None
    )
    chinese = found.full_label if found else row_id
    return language.label("row", row_id, chinese)
