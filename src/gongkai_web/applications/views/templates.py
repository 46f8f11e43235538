"""Reply-letter templates: the agency's own text per outcome, or the default."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.vocabulary import Outcome
from gongkai_web.agencies.access import TEMPLATE_ROLES, get_agency_for_staff
from gongkai_web.applications.forms import TemplateForm
from gongkai_web.applications.letters import PLACEHOLDERS, template_for
from gongkai_web.applications.models import ReplyTemplate
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record


@login_required
def template_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    own = set(
        ReplyTemplate.objects.filter(agency=agency).values_list("outcome", flat=True)
    )
    items = [(o, template_for(agency.pk, o)[0], o.value in own) for o in Outcome]
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
    try:
        chosen = Outcome(outcome)
    except ValueError:
        raise Http404("no such outcome") from None
    can_edit = bool(roles & TEMPLATE_ROLES)
    title, body = template_for(agency.pk, chosen)
    form = TemplateForm(request.POST or None, initial={"title": title, "body": body})
    if request.method == "POST" and can_edit and form.is_valid():
        ReplyTemplate.objects.update_or_create(
            agency=agency,
            outcome=chosen.value,
            defaults={**form.cleaned_data, "updated_by": request.user},
        )
        record(
            request.user,
            AuditAction.TEMPLATE,
            agency=agency,
            summary=f"修改答复书模板 {chosen.label}",
            data={"outcome": chosen.value},
        )
        messages.success(request, _("模板已保存"))
        return redirect("applications:templates", code=agency.code)
    return render(
        request,
        "applications/template_edit.html",
        {
            "agency": agency,
            "roles": roles,
            "outcome": chosen,
            "form": form,
            "can_edit": can_edit,
            "placeholders": PLACEHOLDERS.items(),
        },
        status=403 if request.method == "POST" and not can_edit else 200,
    )
