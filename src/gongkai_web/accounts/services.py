"""Changing staff accounts: one function per action, each in one transaction.

Adding a user, granting or revoking a role, resetting or changing a password and
creating the system administrator. Passwords go through Django's password validators
(`AUTH_PASSWORD_VALIDATORS`); a refused one raises `InvalidInput` with the validators'
messages. Role grants and revocations are audited where every `Membership` change is
(`gongkai_web.audit.roles`); the other actions write their own audit entry here.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.errors import InvalidInput
from gongkai_web.agencies.access import Account, User, can_manage_users
from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record


class NotAllowed(InvalidInput):
    """An account action the acting user's role does not allow."""


def new_password() -> str:
    """Return a random password that passes the validators (12 URL-safe characters)."""
    return secrets.token_urlsafe(9)


def check_password_rules(password: str, user: Account | None = None) -> None:
    """Refuse a password the installation's validators refuse.

    Raises:
        InvalidInput: with every validator's message.
    """
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput("密码不符合要求：" + "；".join(exc.messages)) from None


def _check_manager(by: User, agency: Agency) -> None:
    if not can_manage_users(by, agency):
        raise NotAllowed("只有本机关的机关管理员或系统管理员可以管理用户和岗位")


def create_user(
    agency: Agency,
    by: User,
    username: str,
    password: str,
    roles: frozenset[Role],
    *,
    full_name: str = "",
) -> Account:
    """Add a staff account to `agency` with `roles` (at least one).

    Raises:
        NotAllowed: when `by` may not manage the agency's users.
        InvalidInput: for a taken user name, no role, or a password the rules refuse.
    """
    _check_manager(by, agency)
    users = get_user_model()
    username = username.strip()
    if not username:
        raise InvalidInput("请填写用户名")
    if users.objects.filter(username=username).exists():
        raise InvalidInput(f"用户名 {username} 已被使用")
    if not roles:
        raise InvalidInput("请至少选择一个岗位")
    candidate = users(username=username, first_name=full_name)
    check_password_rules(password, candidate)
    with transaction.atomic():
        user = users.objects.create_user(
            username=username, password=password, first_name=full_name
        )
        record(
            by,
            AuditAction.USER_CREATE,
            agency=agency,
            target=user,
            summary=f"新增用户 {username}",
            data={"user": username},
        )
        for role in sorted(roles):
            Membership.objects.create(user=user, agency=agency, role=role)
    return user


def grant_role(agency: Agency, by: User, user: Account, role: Role) -> bool:
    """Grant `role` in `agency` to `user`; False when it was already held.

    Raises:
        NotAllowed: when `by` may not manage the agency's users.
    """
    _check_manager(by, agency)
    with transaction.atomic():
        _membership, created = Membership.objects.get_or_create(
            user=user, agency=agency, role=role
        )
    return created


def revoke_role(agency: Agency, by: User, user: Account, role: Role) -> bool:
    """Revoke `role` in `agency` from `user`; False when it was not held.

    An agency administrator cannot revoke their own administrator role (the agency
    would be left without one by accident); another administrator or the system
    administrator can.

    Raises:
        NotAllowed: when `by` may not manage the agency's users, or for the above.
    """
    _check_manager(by, agency)
    if role is Role.AGENCY_ADMIN and getattr(by, "pk", None) == user.pk:
        raise NotAllowed("不能撤销自己的机关管理员岗位，请由其他管理员办理")
    with transaction.atomic():
        found = Membership.objects.filter(user=user, agency=agency, role=role).first()
        if found is None:
            return False
        found.delete()
    return True


def reset_password(agency: Agency, by: User, user: Account, password: str) -> None:
    """Give a user of `agency` a new password chosen by an administrator.

    Raises:
        NotAllowed: when `by` may not manage the agency's users or `user` is not one.
        InvalidInput: for a password the rules refuse.
    """
    _check_manager(by, agency)
    if not Membership.objects.filter(user=user, agency=agency).exists():
        raise NotAllowed(f"{user.username} 不是本机关的用户")
    check_password_rules(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(
            by,
            AuditAction.PASSWORD_RESET,
            agency=agency,
            target=user,
            summary=f"重置 {user.username} 的密码",
            data={"user": user.username},
        )


def change_own_password(user: Account, old: str, new: str) -> None:
    """Change the signed-in user's own password.

    Raises:
        InvalidInput: for a wrong current password or a new one the rules refuse.
    """
    if not user.check_password(old):
        raise InvalidInput("当前密码不正确")
    check_password_rules(new, user)
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        record(
            user,
            AuditAction.PASSWORD_CHANGE,
            target=user,
            summary=f"{user.username} 修改自己的密码",
            data={"user": user.username},
        )


def create_system_admin(username: str, password: str) -> Account:
    """Create the system administrator of the installation (the command line).

    Raises:
        InvalidInput: for a taken user name or a password the rules refuse.
    """
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise InvalidInput(f"用户名 {username} 已被使用")
    check_password_rules(password, users(username=username))
    with transaction.atomic():
        user = users.objects.create_user(
            username=username, password=password, is_superuser=True, is_staff=True
        )
        record(
            None,
            AuditAction.USER_CREATE,
            target=user,
            summary=f"新增系统管理员 {username}",
            data={"user": username, "system_admin": True},
        )
    return user
