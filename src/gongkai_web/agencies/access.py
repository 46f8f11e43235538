"""Who may do what: roles of a user in an agency, and the capabilities they carry."""

from __future__ import annotations

from django.contrib.auth import models as auth
from django.http import Http404

from gongkai_web.agencies.models import Agency, Membership, Role

# Who is asking: a signed-in account or an anonymous visitor (`request.user`).
Account = auth.User
User = auth.User | auth.AnonymousUser

LEDGER_ROLES = frozenset({Role.AGENCY_ADMIN, Role.REGISTRAR})
TEMPLATE_ROLES = frozenset({Role.AGENCY_ADMIN, Role.APPROVER})


AUDIT_ROLES = frozenset({Role.AGENCY_ADMIN, Role.AUDITOR})


def is_system_admin(user: User) -> bool:
    """Tell whether `user` is a system administrator of the installation.

    The system administrator is an installation-level role, not an agency's: an
    active account with Django's superuser flag (`gongkai admin create`, or the
    demo's `demo-sysadmin`). Django's staff flag alone grants nothing here.
    """
    account = actor_of(user)
    return bool(account and account.is_active and account.is_superuser)


def can_enter_calendar(user: User) -> bool:
    """Tell whether `user` may enter holiday arrangements.

    The working calendar serves every agency of the installation, so entering it is
    the system administrator's right, not an agency role's.
    """
    return is_system_admin(user)


def can_manage_users(user: User, agency: Agency) -> bool:
    """Tell whether `user` may add users to `agency` and grant or revoke its roles:
    its agency administrator, or the system administrator."""
    return is_system_admin(user) or Role.AGENCY_ADMIN in roles_in(user, agency)


def can_read_audit(user: User, agency: Agency) -> bool:
    """Tell whether `user` may read `agency`'s audit log: its auditor or agency
    administrator, or the system administrator (who reads every agency's)."""
    return is_system_admin(user) or bool(roles_in(user, agency) & AUDIT_ROLES)


def actor_of(user: User | None) -> Account | None:
    """Return the account to store as having acted: None for an anonymous visitor or
    for the command line (`user` None)."""
    if (
        user is None
        or isinstance(user, auth.AnonymousUser)
        or not user.is_authenticated
    ):
        return None
    return user


def roles_in(user: User, agency: Agency) -> frozenset[Role]:
    """Return the roles `user` holds in `agency` (empty for anyone else)."""
    account = actor_of(user)
    if account is None:
        return frozenset()
    # Cached on the user object for the request: a page asks several times.
    cache: dict[int, frozenset[Role]] = getattr(account, "_gongkai_roles", None) or {}
    if agency.pk not in cache:
        cache[agency.pk] = frozenset(
            Role(r)
            for r in Membership.objects.filter(user=account, agency=agency).values_list(
                "role", flat=True
            )
        )
        setattr(account, "_gongkai_roles", cache)  # noqa: B010
    return cache[agency.pk]


def agencies_of(user: User) -> list[Agency]:
    """Return the agencies `user` works in, by code."""
    account = actor_of(user)
    if account is None:
        return []
    return list(
        Agency.objects.filter(memberships__user=account).distinct().order_by("code")
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
