"""The 受理回执 as PDF with the applicant's verification code, for whoever holds the code.

The code is kept only as an HMAC, so a letter can print it only while someone holds it:
the page that shows the code (the applicant's receipt after submitting; a staff page that
issues a code) sends it back with the tracking number. The pair is checked like a status
lookup (throttled per client), the receipt is issued once with its 文号 (by the staff
member, or by the portal's system user), and the PDF is laid out with the code; the code
is never stored with the letter.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.errors import GongkaiError, RendererUnavailable
from gongkai.letters import render_letter_pdf
from gongkai.workflow import Action
from gongkai_web.agencies.access import User, roles_in
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.letters import as_letter
from gongkai_web.applications.models import Application
from gongkai_web.applications.services.letters import can_handle_letters, issue_letter
from gongkai_web.pages import pdf_unavailable, refused
from gongkai_web.portal import services, throttle


def issuer_for(request: HttpRequest, agency: Agency) -> User:
    """Return who issues the receipt: a case role signed in, else the portal's user."""
    user = request.user
    if user.is_authenticated and can_handle_letters(roles_in(user, agency)):
        return user
    return services.portal_user(agency)


@require_POST
def receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    number = request.POST.get("tracking_number", "")
    try:
        found = services.follow(
            agency,
            number,
            request.POST.get("code", ""),
            client=throttle.client_of(request),
            now=timezone.now(),
        )
    except throttle.Throttled as exc:
        return refused(request, agency, str(exc), status=429)
    if found is None:
        return refused(request, agency, _("申请编号或查询码不正确"), status=404)
    return _receipt_response(request, agency, found, request.POST["code"])


def _receipt_response(
    request: HttpRequest, agency: Agency, application: Application, code: str
) -> HttpResponse:
    register = application.events.filter(
        action=Action.REGISTER.value, seq__gte=application.history_start
    ).first()
    if register is None:
        message = _("该申请没有登记记录，不能出具受理回执")
        return refused(request, agency, message, status=409)
    try:
        stored = issue_letter(application.pk, register.pk, issuer_for(request, agency))
        shown = services.normalize_code(code)
        data = render_letter_pdf(
            as_letter(stored, verification_code=f"{shown[:4]}-{shown[4:]}")
        )
    except RendererUnavailable as exc:
        return pdf_unavailable(request, agency, exc)
    except GongkaiError as exc:
        return refused(request, agency, str(exc), status=503)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"receipt-{application.tracking_number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
