"""Full-text search of the catalog: bigrams, two-character queries, normalisation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai_web.agencies.models import Agency
from gongkai_web.catalog.models import CatalogItem, SearchGram
from gongkai_web.catalog.search import grams, normalize, search
from tests.gongkai_web.catalog.conftest import make_item


def test_normalize_folds_width_case_traditional_and_punctuation() -> None:
    assert normalize("《國務院》ＡＢＣ　２０２１年，辦法！") == "国务院abc2021年办法"


def test_grams_are_overlapping_pairs() -> None:
    assert grams("人防工程") == {"人防", "防工", "工程"}
    assert grams("人") == set()


@pytest.fixture
def items(agency: Agency, handler: Any) -> list[CatalogItem]:
    return [
        make_item(
            agency,
            handler,
            index_no="a-1",
            title="人防工程平时使用管理办法",
            summary="",
        ),
        make_item(
            agency,
            handler,
            index_no="a-2",
            title="防空警报试鸣通告",
            summary="",
            document_no="",
        ),
        make_item(
            agency,
            handler,
            index_no="a-3",
            title="部门预算",
            summary="人防经费",
            document_no="示财〔2024〕9号",
        ),
    ]


def found(agency: Agency, query: str) -> set[str]:
    return set(
        search(CatalogItem.objects.filter(agency=agency), query).values_list(
            "index_no", flat=True
        )
    )


def test_a_two_character_query_finds_every_item_holding_it(
    agency: Agency, items: Any
) -> None:
    assert found(agency, "人防") == {"a-1", "a-3"}
    assert found(agency, "警报") == {"a-2"}


def test_grams_that_are_not_adjacent_do_not_match(agency: Agency, items: Any) -> None:
    # 人防 and 管理 are both in a-1, but "人防管理" is not
    assert found(agency, "人防管理") == set()
    assert found(agency, "使用管理") == {"a-1"}


def test_traditional_full_width_and_spaced_queries_match(
    agency: Agency, items: Any
) -> None:
    assert found(agency, "試鳴") == {"a-2"}
    assert found(agency, "人 防 工 程") == {"a-1"}
    assert found(agency, "〔２０２４〕９") == {"a-3"}


def test_one_character_query_is_a_substring_search(agency: Agency, items: Any) -> None:
    assert found(agency, "鸣") == {"a-2"}


def test_empty_query_returns_everything(agency: Agency, items: Any) -> None:
    assert found(agency, " ，") == {"a-1", "a-2", "a-3"}


def test_editing_an_item_reindexes_it(agency: Agency, handler: Any, items: Any) -> None:
    from gongkai_web.catalog import services
    from tests.gongkai_web.catalog.conftest import item_data

    services.update_item(
        items[1].pk,
        handler,
        item_data(index_no="a-2", title="应急疏散演练", summary="", document_no=""),
    )
    assert found(agency, "警报") == set()
    assert found(agency, "疏散") == {"a-2"}
    assert SearchGram.objects.filter(item=items[1], gram="警报").count() == 0


CJK = st.text(alphabet="人防工程管理办法通知预算警报示范市", min_size=2, max_size=12)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(title=CJK, start=st.integers(0, 10), length=st.integers(2, 6))
def test_any_substring_of_a_title_finds_it(title: str, start: int, length: int) -> None:
    agency = Agency.objects.create(code=f"h{abs(hash(title)) % 10**8}", name="x")
    item = CatalogItem.objects.create(
        agency=agency,
        index_no="h-1",
        title=title,
        category="other",
        issuing_body="x",
        made_on="2024-01-01",
        formed_or_changed_on="2024-01-01",
        status="published",
    )
    from gongkai_web.catalog.search import index_item

    index_item(item)
    query = title[start : start + length] or title[:2]
    assert item.pk in set(
        search(CatalogItem.objects.filter(agency=agency), query).values_list(
            "pk", flat=True
        )
    )
    agency.catalog_items.all().delete()
    agency.delete()
