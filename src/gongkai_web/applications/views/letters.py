"""Letters of a case (issue, download as DOCX or PDF) and the agency's letter settings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.errors import GongkaiError, RendererUnavailable
from gongkai.letters import render_letter_docx, render_letter_pdf
from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.applications.access import get_application_for_staff
from gongkai_web.applications.letters import as_letter
from gongkai_web.applications.models import Letter
from gongkai_web.applications.services.letters import can_handle_letters, issue_letter
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.language import message_of
from gongkai_web.pages import pdf_unavailable, refused

SETTINGS_ROLES = frozenset({Role.AGENCY_ADMIN})
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
@require_POST
def issue(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    application, _roles = get_application_for_staff(request, pk)
    try:
        letter = issue_letter(application.pk, event_pk, request.user)
    except GongkaiError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(
            request,
            _("已出具%(title)s，文号 %(number)s")
            % {"title": letter.title, "number": letter.document_number},
        )
    return redirect("applications:detail", pk=application.pk)


@login_required
def download(request: HttpRequest, pk: int, letter_pk: int, fmt: str) -> HttpResponse:
    application, roles = get_application_for_staff(request, pk)
    stored = get_object_or_404(Letter, pk=letter_pk, application=application)
    if fmt not in CONTENT_TYPES:
        raise Http404("no such format")
    if not can_handle_letters(roles):
        return refused(
            request,
            application.agency,
            _("文书含申请人的个人信息，只有办理案件的岗位可以下载"),
            status=403,
        )
    letter = as_letter(stored)
    try:
        data = render_letter_pdf(letter) if fmt == "pdf" else render_letter_docx(letter)
    except RendererUnavailable as exc:
        return pdf_unavailable(request, application.agency, exc)
    record(
        request.user,
        AuditAction.LETTER,
        agency=application.agency,
        target=application,
        summary=f"{application.tracking_number} 下载{stored.title} "
        f"{stored.document_number}（{fmt.upper()}）",
        data={"letter": stored.pk, "kind": stored.kind, "format": fmt},
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{stored.kind}-{application.tracking_number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


class LetterSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Agency
        fields = ["document_prefix", "reconsideration_body", "court"]
        labels = {
            "document_prefix": gettext_lazy("文号机关代字"),
            "reconsideration_body": gettext_lazy("行政复议机关"),
            "court": gettext_lazy("管辖法院"),
        }


@login_required
@require_http_methods(["GET", "POST"])
def letter_settings(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    can_edit = bool(roles & SETTINGS_ROLES)
    form = LetterSettingsForm(request.POST or None, instance=agency)
    if request.method == "POST" and can_edit and form.is_valid():
        old = {
            name: getattr(Agency.objects.get(pk=agency.pk), name)
            for name in form.fields
        }
        form.save()
        record(
            request.user,
            AuditAction.TEMPLATE,
            agency=agency,
            summary="修改文书设置（文号机关代字、行政复议机关、管辖法院）",
            data={"old": old, "new": {n: form.cleaned_data[n] for n in form.fields}},
        )
        messages.success(request, _("文书设置已保存"))
        return redirect("applications:templates", code=agency.code)
    return render(
        request,
        "applications/letter_settings.html",
        {"agency": agency, "roles": roles, "form": form, "can_edit": can_edit},
        status=403 if request.method == "POST" and not can_edit else 200,
    )
