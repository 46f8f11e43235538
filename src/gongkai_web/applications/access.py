"""Access to one case: the agency check, and the applicant's identity masked or logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from gongkai_web.agencies.access import roles_in
from gongkai_web.agencies.models import Role
from gongkai_web.applications.models import Application
from gongkai_web.applications.services.actions import CASE_ROLES
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

# Roles that need the applicant's identity document and contacts to do their work:
# the registrar takes them down (条例第二十九条), the handler asks for corrections and
# consults (第三十条、第三十二条), and the approver, who may record the reply itself
# (ACTION_ROLES[REPLY]), has it delivered in the form and by the means the applicant
# asked for (第四十条) and approves extensions the applicant must be told of (第三十三条).
# The agency administrator (users, templates) and the auditor see them masked.
UNMASKING_ROLES = frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER})
# Attachments (often a copy of the identity document) are for the roles that record
# the case's events: the same people, derived from ACTION_ROLES.
ATTACHMENT_ROLES = CASE_ROLES


def can_unmask(roles: frozenset[Role]) -> bool:
    """Tell whether `roles` may see the applicant's identity and contacts in full."""
    return bool(roles & UNMASKING_ROLES)


def can_open_attachments(roles: frozenset[Role]) -> bool:
    """Tell whether `roles` may download a case's attachments (each download logged)."""
    return bool(roles & ATTACHMENT_ROLES)


def get_application_for_staff(
    request: HttpRequest, pk: int
) -> tuple[Application, frozenset[Role]]:
    """Return the case and the user's roles in its agency; 404 for anyone else.

    A case of another agency answers exactly as a case that does not exist.
    """
    application = Application.objects.select_related("agency").filter(pk=pk).first()
    if application is None:
        raise Http404("no such application")
    roles = roles_in(request.user, application.agency)
    if not roles:
        raise Http404("no such application")
    return application, roles


def mask(value: str, keep_start: int, keep_end: int) -> str:
    """Return `value` with all but its first and last few characters starred."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + (value[-keep_end:] if keep_end else "")


def mask_email(value: str) -> str:
    name, at, domain = value.partition("@")
    return (name[:1] + "***" + at + domain) if at else mask(value, 1, 0)


@dataclass(frozen=True)
class Identity:
    """The applicant's identity document and contacts, as the viewer may see them."""

    id_document: str
    phone: str
    email: str
    address: str
    masked: bool


def identity_for(
    request: HttpRequest, application: Application, roles: frozenset[Role]
) -> Identity:
    """Return the identity masked, or in full for a role that needs it (logged)."""
    if not can_unmask(roles):
        return Identity(
            mask(application.id_document, 3, 2),
            mask(application.phone, 3, 2),
            mask_email(application.email),
            mask(application.address, 6, 0),
            masked=True,
        )
    shown = [
        name
        for name in ("id_document", "phone", "email", "address")
        if getattr(application, name)
    ]
    if shown:
        record(
            request.user,
            AuditAction.VIEW_IDENTITY,
            agency=application.agency,
            target=application,
            summary=f"{application.tracking_number} 查看申请人身份和联系方式",
            data={"fields": shown, "path": request.path},
        )
    return Identity(
        application.id_document,
        application.phone,
        application.email,
        application.address,
        masked=False,
    )
