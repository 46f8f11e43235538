"""Letter templates: the agency's own wording per letter (and outcome), or the default.

A template is addressed by a key: the kind of letter (`receipt`, `correction`, …) or,
for the 答复书 and the 终止办理告知书, the outcome it is worded for (`granted`, …).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.letters import (
    PLACEHOLDERS,
    TERMINATION_OUTCOMES,
    LetterKind,
    letter_outcomes,
)
from gongkai.vocabulary import Outcome
from gongkai_web.agencies.access import TEMPLATE_ROLES, get_agency_for_staff
from gongkai_web.applications.forms import TemplateForm
from gongkai_web.applications.letters import template_for
from gongkai_web.applications.models import ReplyTemplate
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record


def template_key(kind: LetterKind, outcome: Outcome | None) -> str:
    """Return the key of a template in URLs: the outcome's id, or the kind's."""
    return outcome.value if outcome is not None else kind.value


def parse_key(key: str) -> tuple[LetterKind, Outcome | None]:
    """Return the (kind, outcome) a template key names.

    Raises:
        Http404: for a key that names no template.
    """
    closing = {*TERMINATION_OUTCOMES.values(), Outcome.OTHER}
    try:
        outcome = Outcome(key)
    except ValueError:
        pass
    else:
        kind = LetterKind.TERMINATION if outcome in closing else LetterKind.REPLY
        return kind, outcome
    try:
        kind = LetterKind(key)
    except ValueError:
        raise Http404("no such template") from None
    if kind.has_outcome:
        raise Http404("no such template")
    return kind, None


@login_required
def template_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    own = set(
        ReplyTemplate.objects.filter(agency=agency).values_list("kind", "outcome")
    )
    items = [
        (
            template_key(kind, outcome),
            kind,
            outcome,
            template_for(agency.pk, kind, outcome)[0],
            (kind.value, outcome.value if outcome else "") in own,
        )
        for kind in LetterKind
        for outcome in letter_outcomes(kind)
    ]
    return render(
        request,
        "applications/template_list.html",
        {
            "agency": agency,
            "roles": roles,
            "items": items,
            "can_edit": bool(roles & TEMPLATE_ROLES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, code: str, outcome: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    kind, chosen = parse_key(outcome)
    can_edit = bool(roles & TEMPLATE_ROLES)
    title, body = template_for(agency.pk, kind, chosen)
    form = TemplateForm(request.POST or None, initial={"title": title, "body": body})
    if request.method == "POST" and can_edit and form.is_valid():
        ReplyTemplate.objects.update_or_create(
            agency=agency,
            kind=kind.value,
            outcome=chosen.value if chosen else "",
            defaults={**form.cleaned_data, "updated_by": request.user},
        )
        what = kind.label + (f" · {chosen.letter_label}" if chosen else "")
        record(
            request.user,
            AuditAction.TEMPLATE,
            agency=agency,
            summary=f"修改文书模板 {what}",
            data={"kind": kind.value, "outcome": chosen.value if chosen else ""},
        )
        messages.success(request, _("模板已保存"))
        return redirect("applications:templates", code=agency.code)
    return render(
        request,
        "applications/template_edit.html",
        {
            "agency": agency,
            "roles": roles,
            "kind": kind,
            "outcome": chosen,
            "form": form,
            "can_edit": can_edit,
            "placeholders": PLACEHOLDERS.items(),
        },
        status=403 if request.method == "POST" and not can_edit else 200,
    )
