from __future__ import annotations

import pytest

from gongkai.reader.tables.labels import (
    Role,
    applications_labels,
    proactive_labels,
    review_labels,
)
from gongkai.report.formats import FORMATS, REVIEW_COLUMNS, REVIEW_GROUPS

PROACTIVE = proactive_labels()
APPLICATIONS = applications_labels()
REVIEW = review_labels()


def _rows(text: str, labels=APPLICATIONS) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (hit.how, label.ident)
        for hit in labels.match(text)
        for label in hit.labels
        if label.role is Role.ROW
    ]


@pytest.mark.parametrize("format_id", list(FORMATS))
def test_every_official_row_label_names_its_row(format_id: str) -> None:
    spec = FORMATS[format_id]  # type: ignore[index]
    for row in spec.applications:
        assert ("exact", row.id) in _rows(row.label), row.label
    for row in spec.proactive_rows:
        assert ("exact", row.id) in _rows(row.label, PROACTIVE), row.label


def test_every_review_header_is_known() -> None:
    for label in [
        *(c.label for c in REVIEW_COLUMNS),
        *(g.label for g in REVIEW_GROUPS),
    ]:
        assert any(hit.labels for hit in REVIEW.match(label))


def test_group_and_item_labels_run_together_are_split() -> None:
    hits = APPLICATIONS.match("（三）不予公开 1.属于国家秘密")
    assert [(h.how, [label.role for label in h.labels]) for h in hits] == [
        ("part", [Role.GROUP]),
        ("part", [Role.ROW]),
    ]


def test_start_of_a_label_broken_over_a_page_is_recognised() -> None:
    assert _rows("7. 属于行政执法案") == [("prefix", "denied_enforcement_file")]


@pytest.mark.parametrize(
    "printed",
    ["5. 要求行政机关确认或重新出具已取得信息", "5.要求行政机关确认或重新出具已取信息"],
)
def test_reworded_labels_match_approximately(printed: str) -> None:
    assert _rows(printed) == [("fuzzy", "not_processed_confirmation")]


def test_label_followed_by_other_words_is_not_a_row() -> None:
    assert _rows("其他情形") == []
    assert _rows("卷") == []


def test_aliases_of_published_reports() -> None:
    assert any(
        label.ident == "total" for h in APPLICATIONS.match("合计") for label in h.labels
    )
    assert _rows("行政规范性档案", PROACTIVE) == [("exact", "normative_documents")]
    assert _rows("（二）部分公开") == [("exact", "partially_granted")]


def test_2019_other_row_is_also_the_2021_group_label() -> None:
    roles = {
        label.role for h in APPLICATIONS.match("（六）其他处理") for label in h.labels
    }
    assert roles == {Role.ROW, Role.GROUP}


def test_a_note_in_brackets_after_a_label_is_ignored() -> None:
    assert _rows("（一）予以公开（含全部公开）") == [("exact", "granted")]
    assert _rows("行政许可（项）", PROACTIVE) == [("exact", "licensing")]
