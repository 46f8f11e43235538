"""The token page of an agency: its administrator (or the system administrator, for
any agency) issues, lists and revokes the API tokens of named clients.

A new token is shown once, in the answer to the form that issued it (never in a
message kept in the session, never again); the list shows its first characters only.
Issuing and revoking are written to the audit log (`tokens.create`, `tokens.revoke`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.errors import ActionRefused
from gongkai_web.accounts.views import agency_for
from gongkai_web.agencies.access import can_manage_users
from gongkai_web.agencies.models import Agency
from gongkai_web.api import tokens
from gongkai_web.api.forms import TokenForm
from gongkai_web.api.models import ApiToken, Scope
from gongkai_web.language import message_of
from gongkai_web.pages import refused


def _refuse(request: HttpRequest, agency: Agency) -> HttpResponse:
    return refused(
        request, agency, _("只有机关管理员或系统管理员可以管理接口令牌"), status=403
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest, code: str) -> HttpResponse:
    agency, roles = agency_for(request, code)
    if not can_manage_users(request.user, agency):
        return _refuse(request, agency)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = tokens.create(
                agency,
                form.cleaned_data["client"],
                form.cleaned_data["scopes"],
                by=request.user,
            )
        except ActionRefused as exc:
            form.add_error(None, message_of(exc))
        else:
            form = TokenForm()
    labels = dict(Scope.choices)
    found = (
        ApiToken.objects.filter(agency=agency)
        .select_related("created_by")
        .order_by("revoked_at", "-created_at", "-id")
    )
    return render(
        request,
        "api/tokens.html",
        {
            "agency": agency,
            "roles": roles,
            "form": form,
            "issued": issued,
            "tokens": [(t, [labels.get(s, s) for s in t.scopes]) for t in found],
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, code: str, token_id: int) -> HttpResponse:
    agency, _roles = agency_for(request, code)
    if not can_manage_users(request.user, agency):
        return _refuse(request, agency)
    token = get_object_or_404(ApiToken, pk=token_id, agency=agency)
    tokens.revoke(token, by=request.user)
    messages.success(request, _("已吊销令牌：%(c)s") % {"c": token.client})
    return redirect("api_tokens", code=agency.code)
