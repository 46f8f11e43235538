"""Catalog services: the review workflow by role, events and audit, counts, grants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gongkai import proactive
from gongkai.errors import ActionRefused, GongkaiError, InvalidInput
from gongkai.proactive import CatalogAction, CatalogRole, Category, ItemStatus, Measure
from gongkai.workflow import IllegalTransition
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AuditLog
from gongkai_web.catalog import services
from gongkai_web.catalog.models import (
    CatalogEvent,
    CatalogItem,
    CatalogRoleGrant,
    CategoryCount,
)
from gongkai_web.catalog.roles import catalog_roles
from tests.gongkai_web.catalog.conftest import item_data, make_item

A = CatalogAction


def test_agency_roles_map_onto_catalog_roles(
    agency: Agency,
    registrar: Any,
    handler: Any,
    approver: Any,
    auditor: Any,
    reviewer: Any,
) -> None:
    assert catalog_roles(registrar, agency) == {CatalogRole.EDITOR}
    assert catalog_roles(handler, agency) == {CatalogRole.EDITOR}
    assert catalog_roles(approver, agency) == {CatalogRole.APPROVER}
    assert catalog_roles(auditor, agency) == frozenset()
    assert catalog_roles(reviewer, agency) == {CatalogRole.CONFIDENTIALITY_REVIEWER}


def test_an_item_goes_through_review_by_each_role_and_is_logged(
    agency: Agency, handler: Any, reviewer: Any, approver: Any
) -> None:
    item = make_item(agency, handler)
    services.perform(item.pk, handler, A.SUBMIT, date(2024, 5, 8))
    services.perform(
        item.pk, reviewer, A.CLEAR_REVIEW, date(2024, 5, 10), note="不涉密"
    )
    item = services.perform(item.pk, approver, A.PUBLISH, date(2024, 5, 13))
    assert item.status == ItemStatus.PUBLISHED and item.published_on == date(
        2024, 5, 13
    )
    events = list(CatalogEvent.objects.filter(item=item).order_by("id"))
    assert [(e.action, e.role, e.actor) for e in events] == [
        ("submit", "editor", handler),
        ("clear_review", "confidentiality_reviewer", reviewer),
        ("publish", "approver", approver),
    ]
    assert [e.new_status for e in events] == [
        "confidentiality_review",
        "approval",
        "published",
    ]
    summaries = list(
        AuditLog.objects.filter(object_id=str(item.pk)).values_list(
            "summary", flat=True
        )
    )
    assert any("保密审查通过（保密审查员）" in s for s in summaries)


def test_each_step_is_refused_to_the_wrong_role_with_the_core_message(
    agency: Agency, handler: Any, approver: Any, reviewer: Any
) -> None:
    item = make_item(agency, handler)
    with pytest.raises(
        IllegalTransition, match="审批人不能提交保密审查，应由信息员办理"
    ):
        services.perform(item.pk, approver, A.SUBMIT)
    services.perform(item.pk, handler, A.SUBMIT)
    with pytest.raises(
        IllegalTransition, match="信息员不能保密审查通过，应由保密审查员办理"
    ):
        services.perform(item.pk, handler, A.CLEAR_REVIEW)
    with pytest.raises(IllegalTransition, match="目录条目保密审查中，不能批准公开"):
        services.perform(item.pk, approver, A.PUBLISH)
    assert (
        CatalogItem.objects.get(pk=item.pk).status == ItemStatus.CONFIDENTIALITY_REVIEW
    )
    assert CatalogEvent.objects.filter(item=item).count() == 1


def test_a_user_without_catalog_role_is_refused(
    agency: Agency, handler: Any, auditor: Any
) -> None:
    item = make_item(agency, handler)
    with pytest.raises(IllegalTransition, match="没有目录岗位"):
        services.perform(item.pk, auditor, A.SUBMIT)
    with pytest.raises(ActionRefused, match="只有信息员"):
        services.create_item(agency, auditor, item_data(index_no="x-2"))


def test_publication_before_the_item_was_made_is_refused(
    agency: Agency, handler: Any, reviewer: Any, approver: Any
) -> None:
    item = make_item(agency, handler)
    services.perform(item.pk, handler, A.SUBMIT)
    services.perform(item.pk, reviewer, A.CLEAR_REVIEW)
    with pytest.raises(InvalidInput, match="公开日期 2024-05-01 早于成文日期"):
        services.perform(item.pk, approver, A.PUBLISH, date(2024, 5, 1))
    assert CatalogItem.objects.get(pk=item.pk).published_on is None


def test_future_dates_are_refused(agency: Agency, handler: Any) -> None:
    item = make_item(agency, handler)
    with pytest.raises(ActionRefused, match="晚于今天"):
        services.perform(item.pk, handler, A.SUBMIT, date(2024, 6, 4))


def test_return_to_draft_allows_editing_again_and_repeal_sets_the_date(
    agency: Agency, handler: Any, reviewer: Any, approver: Any
) -> None:
    item = make_item(agency, handler)
    services.perform(item.pk, handler, A.SUBMIT)
    with pytest.raises(ActionRefused, match="只有草稿可以修改"):
        services.update_item(item.pk, handler, item_data(title="改"))
    services.perform(item.pk, reviewer, A.RETURN_TO_DRAFT, note="涉及内部信息")
    assert (
        services.update_item(item.pk, handler, item_data(title="改后的标题")).title
        == "改后的标题"
    )
    services.perform(item.pk, handler, A.SUBMIT)
    services.perform(item.pk, reviewer, A.CLEAR_REVIEW)
    services.perform(item.pk, approver, A.PUBLISH, date(2024, 5, 20))
    item = services.perform(item.pk, approver, A.REPEAL, date(2024, 6, 1))
    assert (item.status, item.repealed_on, item.is_valid) == (
        "repealed",
        date(2024, 6, 1),
        False,
    )


def test_index_numbers_are_unique_per_agency(
    agency: Agency, other_agency: Any, handler: Any, outsider: Any
) -> None:
    make_item(agency, handler)
    with pytest.raises(ActionRefused, match="已被使用"):
        make_item(agency, handler)
    assert make_item(other_agency, outsider).index_no == "000000-2024-00001"


def test_counts_are_checked_by_the_core_and_one_per_source(
    agency: Agency, handler: Any
) -> None:
    services.save_count(
        agency, handler, 2023, Category.LICENSING, Measure.DECISIONS, 12, "政务服务网"
    )
    row = services.save_count(
        agency, handler, 2023, Category.LICENSING, Measure.DECISIONS, 15, "政务服务网"
    )
    assert CategoryCount.objects.count() == 1 and row.value == 15
    with pytest.raises(InvalidInput, match="该类别没有这项数据"):
        services.save_count(
            agency, handler, 2023, Category.FEE, Measure.DECISIONS, 1, "x"
        )
    with pytest.raises(InvalidInput, match="金额单位应为 元 或 万元"):
        services.save_count(
            agency,
            handler,
            2023,
            Category.FEE,
            Measure.FEE_AMOUNT,
            Decimal("1.5"),
            "非税",
        )
    with pytest.raises(InvalidInput, match="不能为负数"):
        services.save_count(
            agency, handler, 2023, Category.PENALTY, Measure.DECISIONS, -1, "执法"
        )


def test_saving_the_same_figure_again_writes_nothing(
    agency: Agency, handler: Any
) -> None:
    services.save_count(
        agency, handler, 2023, Category.PENALTY, Measure.DECISIONS, 3, "执法平台"
    )
    logged = AuditLog.objects.count()
    services.save_count(
        agency, handler, 2023, Category.PENALTY, Measure.DECISIONS, 3, "执法平台"
    )
    assert AuditLog.objects.count() == logged


def test_auditor_cannot_enter_figures(agency: Agency, auditor: Any) -> None:
    with pytest.raises(ActionRefused):
        services.save_count(
            agency, auditor, 2023, Category.PENALTY, Measure.DECISIONS, 3, "执法"
        )


def test_only_the_agency_admin_grants_catalog_roles(
    agency: Agency, agency_admin: Any, handler: Any, approver: Any
) -> None:
    with pytest.raises(GongkaiError, match="只有机关管理员"):
        services.grant_role(
            agency, approver, handler, CatalogRole.CONFIDENTIALITY_REVIEWER
        )
    grant = services.grant_role(
        agency, agency_admin, handler, CatalogRole.CONFIDENTIALITY_REVIEWER
    )
    assert CatalogRole.CONFIDENTIALITY_REVIEWER in catalog_roles(handler, agency)
    services.revoke_role(grant.pk, agency_admin)
    assert catalog_roles(handler, agency) == {CatalogRole.EDITOR}


# --- separation of duties (条例第十七条) ------------------------------------------------


def test_whoever_submitted_may_not_clear_the_review_or_publish(
    agency: Agency, agency_admin: Any, approver: Any, reviewer: Any
) -> None:
    # An administrator who is also granted both roles (by another administrator).
    for role in (CatalogRole.CONFIDENTIALITY_REVIEWER, CatalogRole.APPROVER):
        CatalogRoleGrant.objects.create(user=agency_admin, agency=agency, role=role)
    item = make_item(agency, agency_admin)
    services.perform(item.pk, agency_admin, A.SUBMIT)
    with pytest.raises(IllegalTransition, match="您已提交保密审查此目录条目"):
        services.perform(item.pk, agency_admin, A.CLEAR_REVIEW)
    services.perform(item.pk, reviewer, A.CLEAR_REVIEW)
    with pytest.raises(IllegalTransition, match="不能再批准公开"):
        services.perform(item.pk, agency_admin, A.PUBLISH)
    assert CatalogItem.objects.get(pk=item.pk).status == ItemStatus.APPROVAL
    assert CatalogEvent.objects.filter(item=item).count() == 2
    services.perform(item.pk, approver, A.PUBLISH)


def test_whoever_cleared_the_review_may_not_publish(
    agency: Agency, handler: Any, approver: Any, agency_admin: Any
) -> None:
    CatalogRoleGrant.objects.create(
        user=approver, agency=agency, role=CatalogRole.CONFIDENTIALITY_REVIEWER
    )
    item = make_item(agency, handler)
    services.perform(item.pk, handler, A.SUBMIT)
    services.perform(item.pk, approver, A.CLEAR_REVIEW)
    with pytest.raises(IllegalTransition, match="您已保密审查通过此目录条目"):
        services.perform(item.pk, approver, A.PUBLISH)
    assert CatalogItem.objects.get(pk=item.pk).status == ItemStatus.APPROVAL


def test_a_new_submission_starts_a_new_pass_through_review(
    agency: Agency, handler: Any, registrar: Any, reviewer: Any
) -> None:
    CatalogRoleGrant.objects.create(
        user=handler, agency=agency, role=CatalogRole.CONFIDENTIALITY_REVIEWER
    )
    item = make_item(agency, handler)
    services.perform(item.pk, handler, A.SUBMIT)
    services.perform(item.pk, reviewer, A.RETURN_TO_DRAFT)
    services.perform(item.pk, registrar, A.SUBMIT)
    item = services.perform(item.pk, handler, A.CLEAR_REVIEW)  # the earlier submitter
    assert item.status == ItemStatus.APPROVAL


def test_nobody_grants_a_catalog_role_to_themselves(
    agency: Agency, agency_admin: Any
) -> None:
    for role in CatalogRole:
        with pytest.raises(ActionRefused, match="不能给自己授予目录岗位"):
            services.grant_role(agency, agency_admin, agency_admin, role)
    assert not CatalogRoleGrant.objects.exists()
    assert catalog_roles(agency_admin, agency) == {CatalogRole.EDITOR}


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"made_on": date(9999, 1, 1), "formed_or_changed_on": date(9999, 1, 1)},
            "成文日期 9999-01-01 晚于今天 2024-06-03",
        ),
        (
            {"formed_or_changed_on": date(2024, 6, 4)},
            "形成或变更日期 2024-06-04 晚于今天",
        ),
        ({"made_on": date(1900, 1, 1)}, "成文日期 1900-01-01 早于 1949-10-01"),
    ],
)
def test_items_dated_after_today_or_before_1949_are_refused(
    agency: Agency, handler: Any, overrides: dict[str, date], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        make_item(agency, handler, **overrides)
    item = make_item(agency, handler, index_no="ok-1")
    with pytest.raises(InvalidInput, match=message):
        services.update_item(item.pk, handler, item_data(index_no="ok-1", **overrides))
    assert CatalogItem.objects.get().made_on == date(2024, 5, 6)


def test_a_loaded_item_dated_after_today_is_refused(agency: Agency) -> None:
    record = proactive.CatalogItem(
        "load-1",
        "通知",
        Category.OTHER,
        "某局",
        date(2024, 6, 1),
        date(2024, 6, 1),
        published_on=date(2025, 1, 1),
    )
    with pytest.raises(InvalidInput, match="公开日期 2025-01-01 晚于今天"):
        services.load_item(agency, record, ItemStatus.PUBLISHED)
    assert not CatalogItem.objects.exists()


def test_figures_of_a_year_that_has_not_begun_are_refused(
    agency: Agency, handler: Any
) -> None:
    services.save_count(
        agency, handler, 2024, Category.PENALTY, Measure.DECISIONS, 1, "执法平台"
    )
    with pytest.raises(InvalidInput, match="2025年度尚未开始"):
        services.save_count(
            agency, handler, 2025, Category.PENALTY, Measure.DECISIONS, 1, "执法平台"
        )
    assert CategoryCount.objects.count() == 1
