from __future__ import annotations

from gongkai.report.formats import F2019, FORMATS, REVIEW_GROUPS, FormatId, get_format
from gongkai.report.model import APPLICATIONS_MODELS, PROACTIVE_MODELS, ReviewLitigation


def test_section_three_has_20_rows_of_results_in_2019_and_22_in_2021() -> None:
    # formats.md §4: rowspan of 三、本年度办理结果 is 20 (2019) / 22 (2021), with 总计
    assert len(get_format("2019").outcome_rows) + 1 == 20
    assert len(get_format("2021").outcome_rows) + 1 == 22


def test_denied_group_has_eight_items_in_order() -> None:
    rows = [r for r in get_format("2021").applications if r.group == "（三）不予公开"]
    assert [r.label[:2] for r in rows] == [f"{i}." for i in range(1, 9)]
    assert rows[2].label == "3.危及“三安全一稳定”"


def test_model_fields_follow_the_format_rows_in_order() -> None:
    for fmt in FormatId:
        spec = FORMATS[fmt]
        assert list(APPLICATIONS_MODELS[fmt].model_fields) == [
            r.id for r in spec.applications
        ]
        assert list(PROACTIVE_MODELS[fmt].model_fields) == [
            r.id for r in spec.proactive_rows
        ]
    assert list(ReviewLitigation.model_fields) == [g.id for g in REVIEW_GROUPS]


def test_only_signed_column_is_the_2019_change() -> None:
    signed = {
        (fmt, row.id, col.id)
        for fmt, spec in FORMATS.items()
        for row in spec.proactive_rows
        for col in row.columns
        if col.kind == "signed"
    }
    assert {r for _, r, _ in signed} == {
        "licensing",
        "other_services",
        "penalty",
        "enforcement",
        "fees",
    }
    assert {f for f, _, _ in signed} == {F2019}
