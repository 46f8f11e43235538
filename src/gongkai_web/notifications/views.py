"""Staff pages: failed messages (with resend), notice templates, my digest setting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai_web.agencies.access import Account, actor_of, get_agency_for_staff
from gongkai_web.notifications import services
from gongkai_web.notifications.forms import (
    DigestSettingsForm,
    NoticeTemplateForm,
    PreferenceForm,
)
from gongkai_web.notifications.models import digest_workdays, wants_digest
from gongkai_web.outbox.models import Message, NoticeKind, NoticeTemplate, State
from gongkai_web.outbox.wording import PLACEHOLDERS, template_for

PAGE_SIZE = 50


def _account(request: HttpRequest) -> Account:
    account = actor_of(request.user)
    if account is None:  # login_required lets nobody else in
        raise PermissionDenied("not signed in")
    return account


@login_required
def message_list(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's messages that failed (default) or all of them (`?all=1`)."""
    agency, roles = get_agency_for_staff(request.user, code)
    show_all = request.GET.get("all") == "1"
    rows = Message.objects.filter(agency=agency)
    if not show_all:
        rows = rows.filter(state=State.FAILED)
    page = Paginator(rows.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/message_list.html",
        {
            "agency": agency,
            "roles": roles,
            "page": page,
            "show_all": show_all,
            "failed_count": Message.objects.filter(
                agency=agency, state=State.FAILED
            ).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    can_edit = bool(roles & services.NOTICE_TEMPLATE_ROLES)
    form = DigestSettingsForm(
        request.POST or None, initial={"digest_workdays": digest_workdays(agency)}
    )
    if request.method == "POST" and can_edit and form.is_valid():
        account = _account(request)
        services.save_digest_workdays(
            agency, account, form.cleaned_data["digest_workdays"]
        )
        messages.success(request, _("已保存提醒设置"))
        return redirect("notifications:templates", code=agency.code)
    own = set(
        NoticeTemplate.objects.filter(agency=agency).values_list("kind", flat=True)
    )
    items = [(k, template_for(agency.pk, k)[0], k.value in own) for k in NoticeKind]
    return render(
        request,
        "notifications/template_list.html",
        {
            "agency": agency,
            "roles": roles,
            "items": items,
            "form": form,
            "can_edit": can_edit,
        },
        status=403 if request.method == "POST" and not can_edit else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    try:
        chosen = NoticeKind(kind)
    except ValueError:
        raise Http404("no such notice") from None
    can_edit = bool(roles & services.NOTICE_TEMPLATE_ROLES)
    subject, body = template_for(agency.pk, chosen)
    form = NoticeTemplateForm(
        request.POST or None, initial={"subject": subject, "body": body}
    )
    if request.method == "POST" and can_edit and form.is_valid():
        account = _account(request)
        services.save_template(
            agency,
            account,
            chosen,
            form.cleaned_data["subject"],
            form.cleaned_data["body"],
        )
        messages.success(request, _("模板已保存"))
        return redirect("notifications:templates", code=agency.code)
    return render(
        request,
        "notifications/template_edit.html",
        {
            "agency": agency,
            "roles": roles,
            "kind": chosen,
            "form": form,
            "can_edit": can_edit,
            "placeholders": PLACEHOLDERS.items(),
        },
        status=403 if request.method == "POST" and not can_edit else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own notification settings (the daily digest on or off)."""
    account = _account(request)
    # An unticked box posts nothing: bind on the method, not on the data.
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"wants_digest": wants_digest(account.pk)},
    )
    if request.method == "POST" and form.is_valid():
        services.save_preference(
            account, wants_digest=form.cleaned_data["wants_digest"]
        )
        messages.success(request, _("已保存通知设置"))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(account.email)},
    )
