"""Who may do what: roles of a user in an agency, and the capabilities they carry."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from gongkai_web.agencies.models import Agency, Membership, Role

User = AbstractBaseUser | AnonymousUser

LEDGER_ROLES = frozenset({Role.AGENCY_ADMIN, Role.REGISTRAR})
TEMPLATE_ROLES = frozenset({Role.AGENCY_ADMIN, Role.APPROVER})


def can_enter_calendar(user: User) -> bool:
    """Tell whether `user` may enter holiday arrangements.

    The working calendar serves every agency of the installation, so entering it is an
    installation-level right (Django staff or superuser), not an agency role.
    """
    return bool(
        user.is_authenticated
        and user.is_active
        and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))
    )


def roles_in(user: User, agency: Agency) -> frozenset[Role]:
    """Return the roles `user` holds in `agency` (empty for anyone else)."""
    if not user.is_authenticated:
        return frozenset()
    cache: dict[int, frozenset[Role]] = getattr(user, "_gongkai_roles", None) or {}
    if agency.pk not in cache:
        cache[agency.pk] = frozenset(
            Role(r)
            for r in Membership.objects.filter(user=user, agency=agency).values_list(
                "role", flat=True
            )
        )
        user._gongkai_roles = cache  # type: ignore[union-attr]
    return cache[agency.pk]


def agencies_of(user: User) -> list[Agency]:
    """Return the agencies `user` works in, by code."""
    if not user.is_authenticated:
        return []
    return list(
        Agency.objects.filter(memberships__user=user).distinct().order_by("code")
    )


def get_agency_for_staff(user: User, code: str) -> tuple[Agency, frozenset[Role]]:
    """Return the agency with `code` and the user's roles there; 404 if not a member."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404("no such agency")
    roles = roles_in(user, agency)
    if not roles:
        raise Http404("no such agency")
    return agency, roles
