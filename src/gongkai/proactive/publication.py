"""How a catalog item gets published: the review workflow and the Art. 26 deadline.

条例第十七条 requires a review mechanism before publication (保密审查), and 第二十六条
publication within 20 working days of the day the information was formed or changed.
The workflow is one table (`TRANSITIONS`), one function (`next_status`); each action
belongs to a role (`ACTION_ROLES`), and the web layer writes one audit event per change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.calendar import WorkCalendar
from gongkai.deadlines import PROACTIVE_PUBLICATION_WORKDAYS, proactive_publication_due
from gongkai.errors import IllegalTransition
from gongkai.proactive.catalog import CatalogItem


class ItemStatus(StrEnum):
    DRAFT = "draft"
    CONFIDENTIALITY_REVIEW = "confidentiality_review"  # 保密审查（条例第十七条）
    APPROVAL = "approval"  # 待审批发布
    PUBLISHED = "published"
    REPEALED = "repealed"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ItemStatus.DRAFT: "草稿",
    ItemStatus.CONFIDENTIALITY_REVIEW: "保密审查中",
    ItemStatus.APPROVAL: "待审批",
    ItemStatus.PUBLISHED: "已公开",
    ItemStatus.REPEALED: "已废止",
}


class CatalogAction(StrEnum):
    SUBMIT = "submit"
    CLEAR_REVIEW = "clear_review"
    PUBLISH = "publish"
    RETURN_TO_DRAFT = "return_to_draft"
    REPEAL = "repeal"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    CatalogAction.SUBMIT: "提交保密审查",
    CatalogAction.CLEAR_REVIEW: "保密审查通过",
    CatalogAction.PUBLISH: "批准公开",
    CatalogAction.RETURN_TO_DRAFT: "退回修改",
    CatalogAction.REPEAL: "废止",
}


class CatalogRole(StrEnum):
    EDITOR = "editor"  # 信息员：起草、提交
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer"  # 保密审查员
    APPROVER = "approver"  # 审批人（分管领导或公开办负责人）

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    CatalogRole.EDITOR: "信息员",
    CatalogRole.CONFIDENTIALITY_REVIEWER: "保密审查员",
    CatalogRole.APPROVER: "审批人",
}

S = ItemStatus
A = CatalogAction
TRANSITIONS: dict[CatalogAction, tuple[frozenset[ItemStatus], ItemStatus]] = {
    A.SUBMIT: (frozenset({S.DRAFT}), S.CONFIDENTIALITY_REVIEW),
    A.CLEAR_REVIEW: (frozenset({S.CONFIDENTIALITY_REVIEW}), S.APPROVAL),
    A.PUBLISH: (frozenset({S.APPROVAL}), S.PUBLISHED),
    A.RETURN_TO_DRAFT: (frozenset({S.CONFIDENTIALITY_REVIEW, S.APPROVAL}), S.DRAFT),
    A.REPEAL: (frozenset({S.PUBLISHED}), S.REPEALED),
}

R = CatalogRole
ACTION_ROLES: dict[CatalogAction, frozenset[CatalogRole]] = {
    A.SUBMIT: frozenset({R.EDITOR}),
    A.CLEAR_REVIEW: frozenset({R.CONFIDENTIALITY_REVIEWER}),
    A.PUBLISH: frozenset({R.APPROVER}),
    A.RETURN_TO_DRAFT: frozenset({R.CONFIDENTIALITY_REVIEWER, R.APPROVER}),
    A.REPEAL: frozenset({R.APPROVER}),
}


def next_status(current: ItemStatus, action: str) -> ItemStatus:
    """Return the status of a catalog item after `action`.

    Raises:
        IllegalTransition: for an unknown action or one not allowed from `current`.
    """
    try:
        known = CatalogAction(action)
    except ValueError:
        raise IllegalTransition(
            f"未知操作 {action!r} (unknown action {action!r})"
        ) from None
    sources, target = TRANSITIONS[known]
    if current not in sources:
        raise IllegalTransition(
            f"目录条目{current.label}，不能{known.label} "
            f"(cannot {known.value} an item that is {current.value})"
        )
    return target


def check_role(role: CatalogRole, action: CatalogAction) -> None:
    """Refuse `action` to anyone without a role it belongs to.

    Raises:
        IllegalTransition: naming the action and the roles that may do it.
    """
    allowed = ACTION_ROLES[action]
    if role not in allowed:
        names = "、".join(r.label for r in CatalogRole if r in allowed)
        raise IllegalTransition(
            f"{role.label}不能{action.label}，应由{names}办理 "
            f"({role.value} may not {action.value})"
        )


def allowed_actions(
    current: ItemStatus, role: CatalogRole
) -> tuple[CatalogAction, ...]:
    """Return what `role` may do with an item in `current`, in table order."""
    return tuple(
        action
        for action, (sources, _target) in TRANSITIONS.items()
        if current in sources and role in ACTION_ROLES[action]
    )


# 条例第十七条: publication follows a review. The person who submitted an item neither
# clears its confidentiality review nor approves it, and its reviewer does not approve
# it, so every published item passed through at least two people.
SEPARATE_FROM: dict[CatalogAction, tuple[CatalogAction, ...]] = {
    A.CLEAR_REVIEW: (A.SUBMIT,),
    A.PUBLISH: (A.SUBMIT, A.CLEAR_REVIEW),
}


def check_separation(
    action: CatalogAction, actor: str, done_by: Mapping[CatalogAction, str]
) -> None:
    """Refuse `action` to the person who did an earlier step it must be kept apart from.

    `done_by` maps the steps of the item's current pass through review (since it was
    last submitted) to whoever did them; `actor` is whoever asks now.

    Raises:
        IllegalTransition: naming the earlier step the actor did.
    """
    for earlier in SEPARATE_FROM.get(action, ()):
        if done_by.get(earlier) == actor:
            raise IllegalTransition(
                f"您已{earlier.label}此目录条目，不能再{action.label}："
                f"保密审查和审批应由他人办理（条例第十七条） "
                f"(whoever did {earlier.value} may not {action.value} the same item)"
            )


# --- 条例第二十六条 -----------------------------------------------------------------


@dataclass(frozen=True)
class LatePublication:
    """A warning: an item published (or still unpublished) after its Art. 26 due date.

    `published_on` is None when the item was still unpublished on `as_of`.
    """

    index_no: str
    title: str
    formed_or_changed_on: date
    due_on: date
    published_on: date | None
    as_of: date | None = None

    @property
    def message_zh(self) -> str:
        head = (
            f"「{self.title}」（索引号 {self.index_no}）于 "
            f"{self.formed_or_changed_on.isoformat()} 形成或变更，按条例第二十六条应在"
            f"{PROACTIVE_PUBLICATION_WORKDAYS}个工作日内即 {self.due_on.isoformat()} 前公开，"
        )
        if self.published_on is not None:
            return head + f"实际于 {self.published_on.isoformat()} 公开，已超期。"
        shown = self.as_of.isoformat() if self.as_of else ""
        return head + f"截至 {shown} 尚未公开，已超期。"

    @property
    def message_en(self) -> str:
        head = (
            f"{self.index_no} {self.title!r}: formed or changed on "
            f"{self.formed_or_changed_on.isoformat()}, due for publication by "
            f"{self.due_on.isoformat()} (Art. 26, {PROACTIVE_PUBLICATION_WORKDAYS} working "
            f"days), "
        )
        if self.published_on is not None:
            return head + f"published late on {self.published_on.isoformat()}"
        shown = self.as_of.isoformat() if self.as_of else ""
        return head + f"still unpublished on {shown}"

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


def publication_due(item: CatalogItem, calendar: WorkCalendar) -> date:
    """Return the last day to publish `item` under Art. 26.

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    return proactive_publication_due(item.formed_or_changed_on, calendar)


def check_publication(
    item: CatalogItem, calendar: WorkCalendar, *, as_of: date | None = None
) -> LatePublication | None:
    """Return a warning when `item` was published after its Art. 26 due date.

    An unpublished item is late when `as_of` (the day of the check, given by the edge)
    is past its due date; without `as_of` it is not judged. None means on time.

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    if item.published_on is None and as_of is None:
        return None
    due = publication_due(item, calendar)
    if item.published_on is not None and item.published_on <= due:
        return None
    if item.published_on is None and as_of is not None and as_of <= due:
        return None
    return LatePublication(
        index_no=item.index_no,
        title=item.title,
        formed_or_changed_on=item.formed_or_changed_on,
        due_on=due,
        published_on=item.published_on,
        as_of=None if item.published_on is not None else as_of,
    )


def late_publications(
    items: Iterable[CatalogItem], calendar: WorkCalendar, *, as_of: date | None = None
) -> list[LatePublication]:
    """Return the Art. 26 warning of every late item, in the order given.

    Raises:
        CalendarDataMissing: when a count needs a year nobody has entered.
    """
    found = (check_publication(item, calendar, as_of=as_of) for item in items)
    return [warning for warning in found if warning is not None]
