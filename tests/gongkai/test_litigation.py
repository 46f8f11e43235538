"""Section 四 from the reconsideration and litigation register."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.errors import InvalidInput
from gongkai.litigation import (
    ReviewCase,
    ReviewKind,
    ReviewResult,
    counted_status,
    review_cells,
    review_notes,
    review_table,
)
from gongkai.report.model import AnnualReport
from gongkai.report.validate import Rule, validate

K = ReviewKind
R = ReviewResult


def make_case(
    case_no: str = "（2021）浙0402行初1号",
    *,
    kind: ReviewKind = K.LITIGATION_DIRECT,
    filed_on: date = date(2021, 3, 1),
    result: ReviewResult = R.PENDING,
    concluded_on: date | None = None,
    applications: tuple[str, ...] = ("2021-001",),
) -> ReviewCase:
    return ReviewCase(
        case_no=case_no,
        kind=kind,
        filed_on=filed_on,
        applications=applications,
        result=result,
        concluded_on=concluded_on,
    )


def test_case_filed_and_concluded_in_year_counts_under_its_result() -> None:
    case = make_case(result=R.UPHELD, concluded_on=date(2021, 9, 1))
    table = review_table([case], 2021)
    assert table.litigation_direct == [1, 0, 0, 0, 1]
    assert table.reconsideration == [0, 0, 0, 0, 0]


def test_case_concluded_after_year_end_counts_as_pending() -> None:
    case = make_case(
        kind=K.RECONSIDERATION,
        filed_on=date(2021, 12, 1),
        result=R.CORRECTED,
        concluded_on=date(2022, 1, 5),
    )
    assert review_table([case], 2021).reconsideration == [0, 0, 0, 1, 1]


def test_case_concluded_on_december_31_is_not_pending() -> None:
    case = make_case(result=R.OTHER, concluded_on=date(2021, 12, 31))
    assert review_table([case], 2021).litigation_direct == [0, 0, 1, 0, 1]


def test_case_concluded_next_year_is_not_counted_again_by_default() -> None:
    case = make_case(
        filed_on=date(2021, 11, 1), result=R.UPHELD, concluded_on=date(2022, 2, 1)
    )
    assert review_table([case], 2022).litigation_direct == [0, 0, 0, 0, 0]


def test_option_counts_case_pending_last_year_under_its_result() -> None:
    case = make_case(
        kind=K.LITIGATION_AFTER_RECONSIDERATION,
        filed_on=date(2021, 11, 1),
        result=R.CORRECTED,
        concluded_on=date(2022, 2, 1),
    )
    table = review_table([case], 2022, count_concluded_from_previous_year=True)
    assert table.litigation_after_reconsideration == [0, 1, 0, 0, 1]


def test_option_ignores_case_concluded_before_year() -> None:
    case = make_case(
        filed_on=date(2020, 5, 1), result=R.UPHELD, concluded_on=date(2021, 6, 1)
    )
    table = review_table([case], 2022, count_concluded_from_previous_year=True)
    assert table.litigation_direct == [0, 0, 0, 0, 0]


def test_option_ignores_old_case_still_pending() -> None:
    case = make_case(filed_on=date(2020, 5, 1))
    table = review_table([case], 2022, count_concluded_from_previous_year=True)
    assert table.litigation_direct == [0, 0, 0, 0, 0]


def test_case_filed_in_later_year_does_not_count() -> None:
    assert review_table([make_case(filed_on=date(2022, 1, 4))], 2021) == review_table(
        [], 2021
    )


def test_cells_list_the_cases_they_count() -> None:
    upheld = make_case("A", result=R.UPHELD, concluded_on=date(2021, 5, 1))
    pending = make_case("B", kind=K.RECONSIDERATION)
    cells = review_cells([upheld, pending], 2021)
    assert cells[(K.LITIGATION_DIRECT, R.UPHELD)] == (upheld,)
    assert cells[(K.RECONSIDERATION, R.PENDING)] == (pending,)
    assert sum(len(v) for v in cells.values()) == 2


def test_notes_name_the_rule_used() -> None:
    default = review_notes([], 2021)
    assert "2021年内提起" in default[0]
    assert "不再计入" in default[1]
    old = make_case(
        filed_on=date(2020, 12, 1), result=R.UPHELD, concluded_on=date(2021, 2, 1)
    )
    with_option = review_notes([old], 2021, count_concluded_from_previous_year=True)
    assert "2020年12月31日尚未审结" in with_option[1]
    assert "（1件）" in with_option[1]


def test_concluded_case_needs_a_result() -> None:
    with pytest.raises(InvalidInput, match="已于 2021-05-01 审结但没有结果"):
        make_case(concluded_on=date(2021, 5, 1))


def test_result_needs_a_conclusion_date() -> None:
    with pytest.raises(InvalidInput, match="结果为「结果维持」但没有审结日期"):
        make_case(result=R.UPHELD)


def test_conclusion_before_filing_is_refused() -> None:
    with pytest.raises(InvalidInput, match="早于立案日期"):
        make_case(
            filed_on=date(2021, 5, 1), result=R.UPHELD, concluded_on=date(2021, 4, 1)
        )


def test_duplicate_case_numbers_are_refused() -> None:
    with pytest.raises(InvalidInput, match="登记了两次"):
        review_table([make_case("X"), make_case("X")], 2021)


def test_labels_come_from_the_format() -> None:
    assert K.LITIGATION_DIRECT.label == "行政诉讼（未经复议直接起诉）"
    assert K.RECONSIDERATION.label == "行政复议"
    assert R.PENDING.label == "尚未审结"


# --- properties -------------------------------------------------------------------

YEARS = range(2019, 2025)


@st.composite
def review_cases(draw: st.DrawFn) -> list[ReviewCase]:
    count = draw(st.integers(min_value=0, max_value=25))
    cases = []
    for number in range(count):
        filed = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2024, 12, 31)))
        concluded = draw(
            st.none()
            | st.integers(min_value=0, max_value=900).map(
                lambda days, f=filed: f + timedelta(days=days)
            )
        )
        result = (
            R.PENDING
            if concluded is None
            else draw(st.sampled_from([R.UPHELD, R.CORRECTED, R.OTHER]))
        )
        cases.append(
            ReviewCase(
                case_no=f"case-{number}",
                kind=draw(st.sampled_from(list(ReviewKind))),
                filed_on=filed,
                result=result,
                concluded_on=concluded,
            )
        )
    return cases


@given(review_cases(), st.sampled_from(YEARS), st.booleans())
@settings(max_examples=200)
def test_totals_always_satisfy_rule_4(
    cases: list[ReviewCase], year: int, option: bool
) -> None:
    table = review_table(cases, year, count_concluded_from_previous_year=option)
    report = AnnualReport(
        agency="测试机关",
        year=year,
        format=None,
        proactive=None,
        applications=None,
        review_litigation=table,
    )
    assert [
        f
        for f in validate(report, latest_year=2025)
        if f.rule in (Rule.GROUP_TOTAL, Rule.NEGATIVE)
    ] == []


@given(review_cases())
@settings(max_examples=200)
def test_each_case_counts_once_by_default(cases: list[ReviewCase]) -> None:
    for case in cases:
        years = [y for y in YEARS if counted_status(case, y) is not None]
        assert years == [case.filed_on.year]


@given(review_cases())
@settings(max_examples=200)
def test_with_option_a_cross_year_case_counts_again_only_when_it_concludes(
    cases: list[ReviewCase],
) -> None:
    for case in cases:
        years = [
            y
            for y in range(2019, 2030)
            if counted_status(case, y, count_concluded_from_previous_year=True)
            is not None
        ]
        concluded = case.concluded_on
        if concluded is None or concluded.year == case.filed_on.year:
            assert years == [case.filed_on.year]
        else:
            assert years == [case.filed_on.year, concluded.year]
            again = counted_status(
                case, concluded.year, count_concluded_from_previous_year=True
            )
            assert again is case.result


@given(review_cases(), st.sampled_from(YEARS))
@settings(max_examples=200)
def test_table_counts_every_case_filed_in_the_year(
    cases: list[ReviewCase], year: int
) -> None:
    table = review_table(cases, year)
    total = sum(table.group(kind.value)[-1] for kind in ReviewKind)
    assert total == sum(1 for case in cases if case.filed_on.year == year)


def test_a_case_filed_before_the_regulations_were_in_force_is_refused() -> None:
    make_case(filed_on=date(2008, 5, 1))
    with pytest.raises(InvalidInput, match="立案日期 2008-04-30 早于条例施行之日"):
        make_case(filed_on=date(2008, 4, 30))


def test_a_case_filed_or_concluded_after_today_is_refused_naming_the_date() -> None:
    case = make_case(
        filed_on=date(2024, 5, 6), result=R.UPHELD, concluded_on=date(2024, 6, 4)
    )
    case.check_not_after(date(2024, 6, 4))
    with pytest.raises(InvalidInput, match="审结日期 2024-06-04 晚于今天 2024-06-03"):
        case.check_not_after(date(2024, 6, 3))
    with pytest.raises(InvalidInput, match="立案日期 9999-01-01 晚于今天"):
        make_case(filed_on=date(9999, 1, 1)).check_not_after(date(2024, 6, 3))
