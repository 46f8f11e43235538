"""Chinese full-text search of the catalog: character bigrams in a table of their own.

Chinese has no spaces between words, so a word index would need a segmenter (jieba and
the like), whose dictionary misses the names and terms of an agency's documents and
splits a two-character query differently from the text. Instead every item's searchable
text (title, 文号, 索引号, summary, body, issuing body) is normalised (NFKC, lower case,
traditional → simplified, punctuation and spaces dropped) and cut into overlapping
two-character grams, stored in `SearchGram` (one row per distinct gram and item, with
an index led by the gram). A query is normalised the same way and cut into its grams;
an item matches when it holds all of them (one indexed lookup per gram, intersected in
SQL) and the normalised text contains the whole normalised query (which removes the
rare item that holds the grams apart). A one-character query has no bigram and is a
plain substring scan. The same SQL runs on SQLite and PostgreSQL; docs/portal.md says
why this was chosen over PostgreSQL's own full-text search.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc
from django.db import transaction
from django.db.models import Count, QuerySet

from gongkai_web.catalog.models import CatalogItem, SearchGram

MAX_QUERY_CHARS = 50  # longer queries are cut; more grams only narrow the result


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Return `text` as it is indexed: NFKC, lower case, simplified, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text).lower()
    simplified = _to_simplified().convert(folded)
    return "".join(ch for ch in simplified if ch.isalnum())


def grams(normalized: str) -> set[str]:
    """Return the distinct overlapping two-character grams of a normalised text."""
    return {normalized[i : i + 2] for i in range(len(normalized) - 1)}


def searchable_text(item: CatalogItem) -> str:
    parts = (
        item.title,
        item.document_no,
        item.index_no,
        item.summary,
        item.body,
        item.issuing_body,
    )
    return normalize(" ".join(parts))


def index_item(item: CatalogItem) -> None:
    """Store the item's normalised text and replace its grams (called by every save)."""
    text = searchable_text(item)
    with transaction.atomic():
        if item.search_text != text:
            CatalogItem.objects.filter(pk=item.pk).update(search_text=text)
            item.search_text = text
        SearchGram.objects.filter(item=item).delete()
        SearchGram.objects.bulk_create(
            [SearchGram(item=item, gram=gram) for gram in sorted(grams(text))]
        )


def search(items: QuerySet[CatalogItem], query: str) -> QuerySet[CatalogItem]:
    """Return the items of `items` whose searchable text contains `query`.

    An empty (or all-punctuation) query returns `items` unchanged.
    """
    wanted = normalize(query)[:MAX_QUERY_CHARS]
    if not wanted:
        return items
    needed = grams(wanted)
    if needed:
        holders = (
            SearchGram.objects.filter(gram__in=needed)
            .values("item")
            .annotate(found=Count("gram"))
            .filter(found=len(needed))
            .values("item")
        )
        items = items.filter(pk__in=holders)
    return items.filter(search_text__contains=wanted)
