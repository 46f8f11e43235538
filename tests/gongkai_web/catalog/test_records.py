"""Stored records as the core's values, and the Art. 26 warnings shown in lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation

from gongkai.calendar import WorkCalendar
from gongkai.proactive import CatalogAction, Category, Measure
from gongkai_web.agencies.models import Agency
from gongkai_web.catalog import services
from gongkai_web.catalog.models import CategoryCount
from gongkai_web.catalog.records import core_count, counted_items, lateness
from tests.gongkai_web.catalog.conftest import make_item

A = CatalogAction


def test_only_published_and_repealed_items_are_counted(
    agency: Agency, handler: Any, reviewer: Any, approver: Any
) -> None:
    draft = make_item(agency, handler, index_no="d-1")
    shown = make_item(agency, handler, index_no="p-1")
    for action, user in (
        (A.SUBMIT, handler),
        (A.CLEAR_REVIEW, reviewer),
        (A.PUBLISH, approver),
    ):
        services.perform(shown.pk, user, action)
    assert [i.index_no for i in counted_items(agency)] == ["p-1"]
    assert draft.pk != shown.pk


def test_whole_amounts_become_int_and_fractions_keep_their_digits(
    agency: Agency,
) -> None:
    row = CategoryCount.objects.create(
        agency=agency,
        year=2023,
        category=Category.FEE,
        measure=Measure.FEE_AMOUNT,
        value=Decimal("4887800.580000"),
        unit="元",
        source="非税",
    )
    assert core_count(row).value == Decimal("4887800.58")
    row.value = Decimal("1000.000000")
    assert core_count(row).value == 1000 and isinstance(core_count(row).value, int)


def test_late_items_get_the_article_26_warning(
    agency: Agency, handler: Any, reviewer: Any, approver: Any
) -> None:
    late = make_item(
        agency,
        handler,
        index_no="l-1",
        made_on=date(2024, 4, 1),
        formed_or_changed_on=date(2024, 4, 1),
    )
    fresh = make_item(
        agency,
        handler,
        index_no="f-1",
        made_on=date(2024, 5, 27),
        formed_or_changed_on=date(2024, 5, 27),
    )
    found = lateness([late, fresh], WorkCalendar(), date(2024, 6, 3))
    assert fresh.pk not in found
    assert (
        "按条例第二十六条应在20个工作日内即 2024-04-29 前公开" in found[late.pk].warning
    )
    assert "截至 2024-06-03 尚未公开" in found[late.pk].warning
    with translation.override("en"):
        english = lateness([late], WorkCalendar(), date(2024, 6, 3))[late.pk].warning
    assert "still unpublished on 2024-06-03" in english


def test_a_year_without_calendar_data_is_a_problem_not_a_guess(
    agency: Agency, handler: Any
) -> None:
    item = make_item(
        agency,
        handler,
        index_no="y-1",
        made_on=date(2024, 5, 1),
        formed_or_changed_on=date(2024, 5, 1),
    )
    item.formed_or_changed_on = date(2031, 12, 20)
    found = lateness([item], WorkCalendar(), date(2032, 3, 1))
    assert (
        "2031年节假日安排尚未录入" in found[item.pk].problem
        or "2032年节假日安排尚未录入" in found[item.pk].problem
    )
