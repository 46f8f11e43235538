"""Which catalog roles (`gongkai.proactive.CatalogRole`) a user holds in an agency.

The core's workflow knows three roles: 信息员 (editor), 保密审查员 (confidentiality
reviewer, 条例第十七条) and 审批人 (approver). They follow from the agency roles:

| agency role | catalog role |
|---|---|
| 机关管理员, 登记人员, 承办人员 | 信息员 (drafts and submits items) |
| 审批负责人 | 审批人 (publishes and repeals) |
| 审计人员 | none (reads only) |

The agency roles have no 保密审查员, so that role (or any catalog role) is granted to a
user per agency with a `CatalogRoleGrant`, by the agency administrator.
"""

from __future__ import annotations

from django.http import Http404

from gongkai.proactive import ACTION_ROLES, CatalogAction, CatalogRole, check_role
from gongkai.workflow import IllegalTransition
from gongkai_web.agencies.access import User, roles_in
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.catalog.models import CatalogRoleGrant

IMPLIED: dict[Role, frozenset[CatalogRole]] = {
    Role.AGENCY_ADMIN: frozenset({CatalogRole.EDITOR}),
    Role.REGISTRAR: frozenset({CatalogRole.EDITOR}),
    Role.HANDLER: frozenset({CatalogRole.EDITOR}),
    Role.APPROVER: frozenset({CatalogRole.APPROVER}),
    Role.AUDITOR: frozenset(),
}
GRANTING_ROLES = frozenset({Role.AGENCY_ADMIN})  # who may grant catalog roles
COUNTING_ROLES = frozenset(
    {Role.AGENCY_ADMIN, Role.REGISTRAR, Role.HANDLER, Role.APPROVER}
)


def catalog_roles(user: User, agency: Agency) -> frozenset[CatalogRole]:
    """Return the catalog roles `user` holds in `agency`: implied plus granted."""
    if not user.is_authenticated:
        return frozenset()
    implied = {r for role in roles_in(user, agency) for r in IMPLIED[role]}
    granted = CatalogRoleGrant.objects.filter(user=user, agency=agency).values_list(
        "role", flat=True
    )
    return frozenset(implied | {CatalogRole(r) for r in granted})


def acting_role(roles: frozenset[CatalogRole], action: CatalogAction) -> CatalogRole:
    """Return the role in which a holder of `roles` does `action`.

    Raises:
        IllegalTransition: naming the action and who may do it (the core's message).
    """
    for role in CatalogRole:
        if role in roles and role in ACTION_ROLES[action]:
            return role
    if not roles:
        names = "、".join(r.label for r in CatalogRole if r in ACTION_ROLES[action])
        raise IllegalTransition(
            f"您在本机关没有目录岗位，不能{action.label}，应由{names}办理 "
            f"(no catalog role; may not {action.value})"
        )
    for role in sorted(roles):
        check_role(role, action)  # raises: none of `roles` may do `action`
    raise IllegalTransition(f"不能{action.label} (may not {action.value})")


def get_agency_for_catalog(
    user: User, code: str
) -> tuple[Agency, frozenset[Role], frozenset[CatalogRole]]:
    """Return the agency, the user's agency roles and catalog roles; 404 for strangers.

    A user with only a granted catalog role (a 保密审查员 of another office) may open
    the agency's catalog pages, and nothing else of the agency.
    """
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404("no such agency")
    roles, catalog = roles_in(user, agency), catalog_roles(user, agency)
    if not roles and not catalog:
        raise Http404("no such agency")
    return agency, roles, catalog
