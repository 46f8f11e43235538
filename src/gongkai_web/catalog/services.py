"""The only code that changes catalog records: one function per change, one transaction.

A workflow step locks the item, finds the role the user acts in, asks the core's
`next_status`, sets the date the step fixes (公开日期 on publish, 废止日期 on repeal),
lets the core's `CatalogItem` check the dates, saves, and appends one `CatalogEvent`
and one audit-log entry. A refused step raises `IllegalTransition`, `ActionRefused` or
`InvalidInput` with a message for the person who tried; nothing is written then.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongkai import proactive
from gongkai.errors import ActionRefused
from gongkai.proactive import CatalogAction, CatalogRole, Category, ItemStatus, Measure
from gongkai_web.agencies.access import Account, User, actor_of, roles_in
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.catalog.models import (
    IMPORT,
    CatalogEvent,
    CatalogItem,
    CatalogRoleGrant,
    CategoryCount,
)
from gongkai_web.catalog.records import core_count, core_item
from gongkai_web.catalog.roles import (
    COUNTING_ROLES,
    GRANTING_ROLES,
    acting_role,
    catalog_roles,
)
from gongkai_web.catalog.search import index_item


@dataclass(frozen=True)
class ItemData:
    """What the item form (or a loader) hands over; dates of the workflow excluded."""

    index_no: str
    title: str
    category: Category
    issuing_body: str
    made_on: date
    formed_or_changed_on: date
    document_no: str = ""
    summary: str = ""
    body: str = ""


def _check_unique(agency: Agency, index_no: str, pk: int | None = None) -> None:
    taken = CatalogItem.objects.filter(agency=agency, index_no=index_no.strip())
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise ActionRefused(f"索引号 {index_no} 已被使用 (index number already used)")


def _fill(item: CatalogItem, data: ItemData) -> None:
    for field in fields(ItemData):
        value = getattr(data, field.name)
        setattr(item, field.name, value.strip() if isinstance(value, str) else value)
    _check(item)


def _check(item: CatalogItem) -> None:
    """Let the core refuse impossible dates, dates after today and empty titles."""
    core_item(item).check_not_after(timezone.localdate())


def create_item(agency: Agency, user: User, data: ItemData) -> CatalogItem:
    """Draft a new catalog item (信息员).

    Raises:
        ActionRefused: for a user who is not an editor here, or an index number
            the agency already uses.
        InvalidInput: dates or fields the core refuses, or a date after today.
    """
    if CatalogRole.EDITOR not in catalog_roles(user, agency):
        raise ActionRefused("只有信息员可以起草目录条目 (only editors draft items)")
    item = CatalogItem(
        agency=agency, status=ItemStatus.DRAFT.value, created_by=actor_of(user)
    )
    _fill(item, data)
    with transaction.atomic():
        _check_unique(agency, item.index_no)
        item.save()
        index_item(item)
        record(
            user,
            AuditAction.EVENT,
            agency=agency,
            target=item,
            summary=f"起草目录条目 {item.index_no} {item.title}",
        )
    return item


def update_item(pk: int, user: User, data: ItemData) -> CatalogItem:
    """Change a draft item; items in review or published are not edited in place.

    Raises:
        ActionRefused: for an item that is not a draft, or a user who is not an editor.
        InvalidInput: dates or fields the core refuses, or a date after today.
    """
    with transaction.atomic():
        item = (
            CatalogItem.objects.select_for_update().select_related("agency").get(pk=pk)
        )
        if CatalogRole.EDITOR not in catalog_roles(user, item.agency):
            raise ActionRefused("只有信息员可以修改目录条目 (only editors edit items)")
        if item.status != ItemStatus.DRAFT:
            raise ActionRefused(
                f"目录条目{item.status_enum.label}，只有草稿可以修改；请先退回修改 "
                f"(only drafts can be edited)"
            )
        _fill(item, data)
        _check_unique(item.agency, item.index_no, item.pk)
        item.save()
        index_item(item)
        record(
            user,
            AuditAction.EVENT,
            agency=item.agency,
            target=item,
            summary=f"修改目录条目 {item.index_no} {item.title}",
        )
    return item


def perform(
    pk: int,
    user: User,
    action: CatalogAction,
    on: date | None = None,
    *,
    note: str = "",
    today: date | None = None,
) -> CatalogItem:
    """Do one step of the review workflow on an item, dated `on` (default today).

    Raises:
        IllegalTransition: a step not allowed in the item's status or to the user's
            roles, or one the user may not do after an earlier step of the same item
            (条例第十七条: whoever submitted neither clears nor approves; whoever
            cleared does not approve).
        ActionRefused: a date after today.
        InvalidInput: a publication or repeal date before the item was made.
    """
    today = today or timezone.localdate()
    on = on or today
    if on > today:
        raise ActionRefused(
            f"{action.label}日期 {on.isoformat()} 晚于今天 (date in the future)"
        )
    with transaction.atomic():
        item = (
            CatalogItem.objects.select_for_update().select_related("agency").get(pk=pk)
        )
        role = acting_role(catalog_roles(user, item.agency), action)
        proactive.check_separation(action, str(user.pk), _done_by(item))
        old = item.status_enum
        new = proactive.next_status(old, action)
        if action is CatalogAction.PUBLISH:
            item.published_on = on
        elif action is CatalogAction.REPEAL:
            item.repealed_on, item.is_valid = on, False
        item.status = new.value
        core_item(item)
        item.save()
        step = CatalogEvent.objects.create(
            item=item,
            action=action.value,
            on=on,
            old_status=old.value,
            new_status=new.value,
            role=role.value,
            actor=actor_of(user),
            note=note,
        )
        _record_step(item, user, step)
    return item


def _done_by(item: CatalogItem) -> dict[CatalogAction, str]:
    """Who did each step of the item's current pass through review (since submitted)."""
    done: dict[CatalogAction, str] = {}
    events = item.events.order_by("-at", "-pk").values_list("action", "actor_id")
    for action, actor in events:
        if action == IMPORT:
            continue
        step = CatalogAction(action)
        if actor is not None and step not in done:
            done[step] = str(actor)
        if step is CatalogAction.SUBMIT:
            break
    return done


def _record_step(item: CatalogItem, user: User, step: CatalogEvent) -> None:
    action, role = CatalogAction(step.action), CatalogRole(step.role)
    record(
        user,
        AuditAction.EVENT,
        agency=item.agency,
        target=item,
        summary=f"目录条目 {item.index_no} {action.label}（{role.label}） "
        f"{step.on.isoformat()}",
        data={
            "action": step.action,
            "old": step.old_status,
            "new": step.new_status,
            "role": step.role,
            "on": step.on.isoformat(),
            "note": step.note,
        },
    )


def load_item(
    agency: Agency,
    record_: proactive.CatalogItem,
    status: ItemStatus,
    *,
    summary: str = "",
) -> tuple[CatalogItem, bool]:
    """Store a catalog record from another system as it stands (idempotent).

    Returns the item and whether anything changed. The change is one `import` event.

    Raises:
        InvalidInput: a date after today.
    """
    values = {
        "title": record_.title,
        "category": record_.category.value,
        "issuing_body": record_.issuing_body,
        "made_on": record_.made_on,
        "formed_or_changed_on": record_.formed_or_changed_on,
        "document_no": record_.document_no,
        "published_on": record_.published_on,
        "repealed_on": record_.repealed_on,
        "is_valid": record_.is_valid,
        "status": status.value,
        "summary": summary or record_.title,
    }
    with transaction.atomic():
        item = (
            CatalogItem.objects.select_for_update()
            .filter(agency=agency, index_no=record_.index_no)
            .first()
        )
        old = item.status if item else ""
        if item is not None and all(getattr(item, k) == v for k, v in values.items()):
            return item, False
        item = item or CatalogItem(agency=agency, index_no=record_.index_no)
        for key, value in values.items():
            setattr(item, key, value)
        _check(item)
        item.save()
        index_item(item)
        CatalogEvent.objects.create(
            item=item,
            action=IMPORT,
            on=timezone.localdate(),
            old_status=old,
            new_status=status.value,
            note="导入 (loaded)",
        )
    return item, True


def save_count(
    agency: Agency,
    user: User | None,
    year: int,
    category: Category,
    measure: Measure,
    value: int | Decimal,
    source: str,
    unit: str = "",
) -> CategoryCount:
    """Enter (or correct) one yearly figure from another system; one per source.

    Raises:
        ActionRefused: for an auditor or a stranger.
        InvalidInput: a measure the category lacks, a negative value, a bad unit, a
            year after this one…
    """
    if user is not None and not roles_in(user, agency) & COUNTING_ROLES:
        raise ActionRefused("您的岗位不能录入数据 (your role may not enter figures)")
    checked = proactive.CategoryCount(year, category, measure, value, source, unit)
    checked.check_not_after(timezone.localdate())
    with transaction.atomic():
        row, created = CategoryCount.objects.select_for_update().get_or_create(
            agency=agency,
            year=year,
            category=category.value,
            measure=measure.value,
            source=checked.source.strip(),
            defaults={
                "value": Decimal(value),
                "unit": unit,
                "entered_by": actor_of(user),
            },
        )
        before = None if created else (row.value, row.unit)
        if before == (Decimal(value), unit):
            return row  # the same figure again: nothing to change or log
        if not created:
            row.value, row.unit, row.entered_by = Decimal(value), unit, actor_of(user)
            row.entered_at = timezone.now()
            row.save()
        core_count(row)
        record(
            user,
            AuditAction.EVENT,
            agency=agency,
            target=row,
            summary=f"录入{year}年「{category.label}」{measure.label} {value}{unit}（{row.source}）",
            data={
                "before": [str(v) for v in before] if before else None,
                "value": str(value),
                "unit": unit,
            },
        )
    return row


def delete_count(pk: int, user: User) -> None:
    """Remove a figure entered by mistake (the audit log keeps what it was)."""
    with transaction.atomic():
        row = (
            CategoryCount.objects.select_for_update()
            .select_related("agency")
            .get(pk=pk)
        )
        if not roles_in(user, row.agency) & COUNTING_ROLES:
            raise ActionRefused(
                "您的岗位不能删除数据 (your role may not delete figures)"
            )
        record(
            user,
            AuditAction.EVENT,
            agency=row.agency,
            target=row,
            summary=f"删除{row.year}年{row.category}/{row.measure} {row.value}{row.unit}（{row.source}）",
        )
        row.delete()


def grant_role(
    agency: Agency, by: User, user: Account, role: CatalogRole
) -> CatalogRoleGrant:
    """Give `user` a catalog role in `agency` (agency administrator only).

    Raises:
        ActionRefused: for a granter who is not the agency administrator, or who names
            themselves: an administrator who could grant themselves 保密审查员 and 审批人
            would do every step of the review alone (条例第十七条).
    """
    if not roles_in(by, agency) & GRANTING_ROLES:
        raise ActionRefused(
            "只有机关管理员可以授权目录岗位 (only the agency admin grants roles)"
        )
    if user == by:
        raise ActionRefused(
            "不能给自己授予目录岗位，应由另一位机关管理员授予（条例第十七条） "
            "(no one grants a catalog role to themselves)"
        )
    with transaction.atomic():
        grant, _created = CatalogRoleGrant.objects.get_or_create(
            user=user,
            agency=agency,
            role=role.value,
            defaults={"granted_by": actor_of(by)},
        )
        record(
            by,
            AuditAction.EVENT,
            agency=agency,
            target=grant,
            summary=f"授予 {user} 目录岗位：{role.label}",
        )
    return grant


def revoke_role(pk: int, by: User) -> None:
    """Take a granted catalog role back (agency administrator only)."""
    with transaction.atomic():
        grant = CatalogRoleGrant.objects.select_related("agency", "user").get(pk=pk)
        if not roles_in(by, grant.agency) & GRANTING_ROLES:
            raise ActionRefused(
                "只有机关管理员可以收回目录岗位 (only the agency admin revokes roles)"
            )
        record(
            by,
            AuditAction.EVENT,
            agency=grant.agency,
            target=grant,
            summary=f"收回 {grant.user} 目录岗位：{CatalogRole(grant.role).label}",
        )
        grant.delete()
