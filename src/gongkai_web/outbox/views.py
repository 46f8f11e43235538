"""Resending a failed message: a button on the case page and the failed-messages page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.errors import InvalidInput
from gongkai_web.agencies.access import get_agency_for_staff
from gongkai_web.agencies.models import Role
from gongkai_web.language import message_of
from gongkai_web.outbox import services
from gongkai_web.outbox.models import Message, State

# Who may send a message again: who works on cases, and the agency administrator.
RESEND_ROLES = frozenset(
    {Role.AGENCY_ADMIN, Role.REGISTRAR, Role.HANDLER, Role.APPROVER}
)


@login_required
@require_POST
def resend(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency, roles = get_agency_for_staff(request.user, code)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    if not roles & RESEND_ROLES:
        messages.error(request, _("您的岗位不能重新发送消息"))
        return redirect(back, permanent=False)
    get_object_or_404(Message, pk=pk, agency=agency)  # 404 for another agency's
    try:
        message = services.resend(pk, request.user, agency)
    except InvalidInput as exc:
        messages.error(request, message_of(exc))
    else:
        message.refresh_from_db()
        if message.state == State.SENT:
            messages.success(request, _("已重新发送"))
        else:
            messages.warning(
                request,
                _("已重新排队发送，当前状态：%(state)s")
                % {"state": message.get_state_display()},
            )
    return redirect(back)
