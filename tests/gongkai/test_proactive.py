"""Proactive disclosure: catalog records, review workflow, Art. 26, section 二."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.calendar import WorkCalendar
from gongkai.errors import CalendarDataMissing, InvalidInput
from gongkai.proactive import (
    MEASURE_CATEGORIES,
    CatalogAction,
    CatalogItem,
    CatalogRole,
    Category,
    CategoryCount,
    ItemStatus,
    Measure,
    allowed_actions,
    category_for_row,
    check_publication,
    check_role,
    check_separation,
    late_publications,
    missing_counts,
    next_status,
    proactive_table,
    publication_due,
)
from gongkai.report.formats import F2019, F2021, FORMATS, CellKind, FormatId
from gongkai.report.model import AnnualReport
from gongkai.report.validate import validate
from gongkai.workflow import IllegalTransition

C = Category
M = Measure
S = ItemStatus
A = CatalogAction

_numbers = iter(range(1, 1_000_000))
SOON = date.min  # make_item: published four days after it was made


def make_item(
    *,
    category: Category = C.NORMATIVE_DOCUMENT,
    made_on: date = date(2021, 3, 1),
    formed_or_changed_on: date | None = None,
    published_on: date | None = SOON,
    repealed_on: date | None = None,
    index_no: str | None = None,
    title: str = "关于加强人防工程维护管理的通知",
) -> CatalogItem:
    return CatalogItem(
        index_no=index_no or f"002481577/2021-{next(_numbers):05d}",
        title=title,
        category=category,
        issuing_body="示范市人民防空办公室",
        made_on=made_on,
        formed_or_changed_on=formed_or_changed_on or made_on,
        document_no="示人防〔2021〕1号",
        published_on=made_on + timedelta(days=4)
        if published_on is SOON
        else published_on,
        repealed_on=repealed_on,
        is_valid=repealed_on is None,
    )


def make_count(
    category: Category = C.LICENSING,
    measure: Measure = M.DECISIONS,
    value: int | Decimal = 3,
    *,
    year: int = 2021,
    source: str = "浙江政务服务网",
    unit: str = "",
) -> CategoryCount:
    return CategoryCount(year, category, measure, value, source, unit)


# --- records -------------------------------------------------------------------------


def test_category_labels_come_from_the_formats() -> None:
    assert C.NORMATIVE_DOCUMENT.label == "行政规范性文件"
    assert C.OTHER_SERVICE.label == "其他对外管理服务事项"
    assert C.PROCUREMENT.label == "政府集中采购"
    assert C.OTHER.row_id is None


def test_measure_labels_are_the_formats_column_labels_without_year_or_unit() -> None:
    assert [m.label for m in Measure] == [
        "处理决定数量",
        "收费金额",
        "采购项目数量",
        "采购总金额",
    ]
    columns = {
        column.id: column.label
        for format_ in FORMATS.values()
        for row in format_.proactive_rows
        for column in row.columns
    }
    for measure in Measure:
        assert measure.label in columns[measure.column_id]


def test_category_for_an_unknown_row_is_a_key_error_naming_it() -> None:
    assert category_for_row("fees") is C.FEE
    with pytest.raises(KeyError, match="no section 二 row 'fee_income'"):
        category_for_row("fee_income")


def test_item_made_before_1949_10_01_is_refused() -> None:
    with pytest.raises(InvalidInput, match="成文日期 1949-09-30 早于 1949-10-01"):
        make_item(made_on=date(1949, 9, 30))


def test_item_dated_after_today_is_refused_naming_the_date() -> None:
    item = make_item(made_on=date(2024, 6, 1), published_on=date(9999, 1, 1))
    item.check_not_after(date(9999, 1, 1))
    with pytest.raises(InvalidInput, match="公开日期 9999-01-01 晚于今天 2024-06-03"):
        item.check_not_after(date(2024, 6, 3))
    with pytest.raises(InvalidInput, match="成文日期 2024-06-01 晚于今天 2024-05-31"):
        item.check_not_after(date(2024, 5, 31))


def test_item_shown_invalid_needs_a_repeal_date() -> None:
    with pytest.raises(InvalidInput, match="已标为失效但没有废止日期"):
        CatalogItem(
            "A-1",
            "通知",
            C.REGULATION,
            "某局",
            date(2020, 1, 1),
            date(2020, 1, 1),
            is_valid=False,
        )


def test_item_published_before_it_was_made_is_refused() -> None:
    with pytest.raises(
        InvalidInput, match="公开日期 2020-12-01 早于成文日期 2021-03-01"
    ):
        make_item(published_on=date(2020, 12, 1))


def test_item_needs_an_index_number() -> None:
    with pytest.raises(InvalidInput, match="缺少索引号"):
        make_item(index_no=" ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((C.FEE, M.DECISIONS, 1, "x", ""), "该类别没有这项数据"),
        ((C.LICENSING, M.DECISIONS, -1, "x", ""), "不能为负数"),
        ((C.LICENSING, M.DECISIONS, Decimal("1.5"), "x", ""), "应为整数"),
        ((C.LICENSING, M.DECISIONS, True, "x", ""), "应为数值"),
        ((C.LICENSING, M.DECISIONS, 1, " ", ""), "缺少数据来源"),
        ((C.LICENSING, M.DECISIONS, 1, "x", "元"), "件数没有单位"),
        ((C.FEE, M.FEE_AMOUNT, Decimal(1), "x", "美元"), "金额单位应为 元 或 万元"),
        ((C.FEE, M.FEE_AMOUNT, Decimal("NaN"), "x", "元"), "应为数值"),
    ],
)
def test_bad_counts_are_refused_with_a_located_message(
    args: tuple[Category, Measure, object, str, str], message: str
) -> None:
    category, measure, value, source, unit = args
    with pytest.raises(InvalidInput, match=message) as raised:
        CategoryCount(2021, category, measure, value, source, unit)  # type: ignore[arg-type]
    assert "2021年" in str(raised.value)


# --- workflow ------------------------------------------------------------------------


def test_item_goes_through_review_and_approval_to_publication() -> None:
    status = S.DRAFT
    for action in (A.SUBMIT, A.CLEAR_REVIEW, A.PUBLISH, A.REPEAL):
        status = next_status(status, action)
    assert status is S.REPEALED


def test_item_cannot_skip_the_confidentiality_review() -> None:
    with pytest.raises(IllegalTransition, match="目录条目草稿，不能批准公开"):
        next_status(S.DRAFT, "publish")


def test_unknown_action_is_refused() -> None:
    with pytest.raises(IllegalTransition, match="未知操作 'delete'"):
        next_status(S.DRAFT, "delete")


def test_reviewer_may_return_an_item_to_draft() -> None:
    assert next_status(S.CONFIDENTIALITY_REVIEW, "return_to_draft") is S.DRAFT
    assert next_status(S.APPROVAL, "return_to_draft") is S.DRAFT


def test_each_step_belongs_to_its_role() -> None:
    check_role(CatalogRole.CONFIDENTIALITY_REVIEWER, A.CLEAR_REVIEW)
    with pytest.raises(IllegalTransition, match="信息员不能批准公开，应由审批人办理"):
        check_role(CatalogRole.EDITOR, A.PUBLISH)


def test_submitter_neither_clears_nor_publishes_and_reviewer_does_not_publish() -> None:
    done = {A.SUBMIT: "editor-1", A.CLEAR_REVIEW: "reviewer-1"}
    with pytest.raises(
        IllegalTransition, match="您已提交保密审查此目录条目，不能再保密审查通过"
    ):
        check_separation(A.CLEAR_REVIEW, "editor-1", {A.SUBMIT: "editor-1"})
    with pytest.raises(IllegalTransition, match="不能再批准公开.*条例第十七条"):
        check_separation(A.PUBLISH, "editor-1", done)
    with pytest.raises(IllegalTransition, match="您已保密审查通过此目录条目"):
        check_separation(A.PUBLISH, "reviewer-1", done)
    check_separation(A.CLEAR_REVIEW, "reviewer-1", {A.SUBMIT: "editor-1"})
    check_separation(A.PUBLISH, "approver-1", done)
    check_separation(A.REPEAL, "editor-1", done)  # repeal is not part of the review


def test_allowed_actions_depend_on_status_and_role() -> None:
    assert allowed_actions(S.APPROVAL, CatalogRole.APPROVER) == (
        A.PUBLISH,
        A.RETURN_TO_DRAFT,
    )
    assert allowed_actions(S.APPROVAL, CatalogRole.EDITOR) == ()


# --- 条例第二十六条 -------------------------------------------------------------------

CALENDAR = WorkCalendar()


def test_publication_due_is_20_working_days_after_forming() -> None:
    # process.md §6: 2024-09-27 + 20 working days (National Day, 调休) = 2024-10-30
    item = make_item(made_on=date(2024, 9, 27), published_on=None)
    assert publication_due(item, CALENDAR) == date(2024, 10, 30)


def test_publication_on_the_due_day_is_on_time() -> None:
    item = make_item(made_on=date(2024, 9, 27), published_on=date(2024, 10, 30))
    assert check_publication(item, CALENDAR) is None


def test_publication_after_the_due_day_is_a_warning_naming_item_and_dates() -> None:
    item = make_item(
        made_on=date(2024, 9, 20),
        formed_or_changed_on=date(2024, 9, 27),
        published_on=date(2024, 10, 31),
        index_no="002481577/2024-00007",
    )
    warning = check_publication(item, CALENDAR)
    assert warning is not None
    assert warning.due_on == date(2024, 10, 30)
    assert warning.message_zh == (
        "「关于加强人防工程维护管理的通知」（索引号 002481577/2024-00007）于 2024-09-27 "
        "形成或变更，按条例第二十六条应在20个工作日内即 2024-10-30 前公开，"
        "实际于 2024-10-31 公开，已超期。"
    )
    assert "published late on 2024-10-31" in warning.message_en


def test_unpublished_item_is_late_once_the_check_day_passes_the_due_day() -> None:
    item = make_item(made_on=date(2024, 9, 27), published_on=None)
    assert check_publication(item, CALENDAR, as_of=date(2024, 10, 30)) is None
    warning = check_publication(item, CALENDAR, as_of=date(2024, 11, 1))
    assert warning is not None
    assert "截至 2024-11-01 尚未公开" in warning.message_zh
    assert check_publication(item, CALENDAR) is None


def test_late_publications_lists_only_late_items() -> None:
    on_time = make_item(made_on=date(2024, 3, 1), published_on=date(2024, 3, 4))
    late = make_item(made_on=date(2024, 3, 1), published_on=date(2024, 6, 3))
    assert [w.index_no for w in late_publications([on_time, late], CALENDAR)] == [
        late.index_no
    ]


def test_deadline_in_an_unknown_year_is_an_error_not_a_guess() -> None:
    item = make_item(made_on=date(2026, 12, 20), published_on=date(2027, 1, 4))
    with pytest.raises(CalendarDataMissing, match="2027"):
        check_publication(item, CALENDAR)


# --- section 二 ----------------------------------------------------------------------


def test_2021_table_counts_documents_by_dates_and_decisions_from_counts() -> None:
    items = [
        make_item(category=C.REGULATION, made_on=date(2018, 5, 1)),  # in force
        make_item(made_on=date(2021, 2, 1)),  # issued, in force
        make_item(made_on=date(2021, 4, 1), repealed_on=date(2021, 11, 1)),
        make_item(made_on=date(2016, 1, 4), repealed_on=date(2021, 6, 30)),
        make_item(made_on=date(2017, 1, 4), repealed_on=date(2020, 6, 30)),
        make_item(made_on=date(2021, 12, 30), published_on=None),  # still in review
        make_item(category=C.OTHER, made_on=date(2021, 7, 1)),
    ]
    counts = [
        make_count(C.LICENSING, M.DECISIONS, 12),
        make_count(C.LICENSING, M.DECISIONS, 3, source="人防工程审批系统"),
        make_count(C.LICENSING, M.DECISIONS, 99, year=2020),
        make_count(C.PENALTY, M.DECISIONS, 2, source="行政执法监管平台"),
        make_count(C.OTHER_SERVICE, M.DECISIONS, 40),
        make_count(
            C.FEE, M.FEE_AMOUNT, Decimal("4887800.58"), source="非税", unit="元"
        ),
        make_count(C.FEE, M.FEE_AMOUNT, Decimal("0.5"), source="其他", unit="万元"),
    ]
    table = proactive_table(items, counts, 2021, "2021")
    assert table.format is F2021
    assert table.row("regulations").model_dump() == {
        "issued": 0,
        "repealed": 0,
        "in_force": 1,
    }
    assert table.row("normative_documents").model_dump() == {
        "issued": 2,
        "repealed": 2,
        "in_force": 1,
    }
    assert table.row("licensing").decisions == 15
    assert table.row("penalty").decisions == 2
    assert table.row("enforcement").decisions == 0
    assert table.row("fees").amount_wan_yuan == Decimal("489.280058")


def test_2019_table_counts_publication_and_matters() -> None:
    items = [
        make_item(made_on=date(2018, 12, 20), published_on=date(2019, 1, 8)),
        make_item(made_on=date(2019, 3, 1), published_on=date(2019, 3, 4)),
        make_item(
            made_on=date(2015, 3, 1),
            published_on=date(2015, 3, 4),
            repealed_on=date(2019, 9, 1),
        ),
        make_item(category=C.LICENSING, made_on=date(2017, 1, 3)),
        make_item(
            category=C.LICENSING, made_on=date(2017, 1, 3), repealed_on=date(2019, 4, 1)
        ),
        make_item(
            category=C.LICENSING,
            made_on=date(2018, 6, 1),
            published_on=date(2018, 6, 1),
        ),
        make_item(
            category=C.FEE, made_on=date(2019, 2, 1), published_on=date(2019, 2, 1)
        ),
    ]
    counts = [
        make_count(C.LICENSING, M.DECISIONS, 7, year=2019),
        make_count(C.PROCUREMENT, M.PROCUREMENT_ITEMS, 4, year=2019, source="采购系统"),
        make_count(
            C.PROCUREMENT,
            M.PROCUREMENT_AMOUNT,
            Decimal("427557.68"),
            year=2019,
            source="采购系统",
            unit="元",
        ),
    ]
    table = proactive_table(items, counts, 2019, F2019)
    assert table.row("normative_documents").model_dump() == {
        "made": 1,
        "published": 2,
        "total_published": 3,
    }
    assert table.row("licensing").model_dump() == {
        "previous_items": 3,
        "change": -1,
        "decisions": 7,
    }
    assert table.row("fees").model_dump() == {"previous_items": 0, "change": 1}
    assert table.row("procurement").model_dump() == {
        "items": 4,
        "amount": Decimal("427557.68"),
        "amount_unit": "元",
    }


def test_procurement_in_mixed_units_is_summed_in_yuan() -> None:
    counts = [
        make_count(
            C.PROCUREMENT,
            M.PROCUREMENT_AMOUNT,
            Decimal("1.2"),
            year=2019,
            source="a",
            unit="万元",
        ),
        make_count(
            C.PROCUREMENT, M.PROCUREMENT_AMOUNT, 300, year=2019, source="b", unit="元"
        ),
    ]
    row = proactive_table([], counts, 2019, "2019").row("procurement")
    assert (row.amount, row.amount_unit) == (12300, "元")


def test_procurement_without_entries_is_zero_with_no_unit() -> None:
    row = proactive_table([], [], 2020, "2019").row("procurement")
    assert (row.items, row.amount, row.amount_unit) == (0, 0, None)


def test_missing_counts_lists_what_nobody_entered() -> None:
    counts = [make_count(C.LICENSING, M.DECISIONS, 0)]
    assert missing_counts(counts, 2021, "2021") == [
        (C.PENALTY, M.DECISIONS),
        (C.ENFORCEMENT, M.DECISIONS),
        (C.FEE, M.FEE_AMOUNT),
    ]


def test_duplicate_index_numbers_are_refused() -> None:
    items = [make_item(index_no="A-1"), make_item(index_no="A-1")]
    with pytest.raises(InvalidInput, match="索引号 'A-1' 重复"):
        proactive_table(items, [], 2021, "2021")


def test_a_figure_entered_twice_from_one_source_is_refused() -> None:
    with pytest.raises(
        InvalidInput, match="行政许可」处理决定数量（来源：浙江政务服务网）录入了两次"
    ):
        proactive_table([], [make_count(), make_count()], 2021, "2021")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InvalidInput, match="应为 2019、2021"):
        proactive_table([], [], 2021, "2020")


# --- properties -------------------------------------------------------------------

DOC_CATEGORIES = [C.REGULATION, C.NORMATIVE_DOCUMENT, C.LICENSING, C.PENALTY, C.FEE]


@st.composite
def catalogs(draw: st.DrawFn) -> list[CatalogItem]:
    items = []
    for number in range(draw(st.integers(0, 30))):
        made = draw(st.dates(date(2015, 1, 1), date(2023, 12, 31)))
        published = draw(
            st.none() | st.integers(0, 400).map(lambda d, m=made: m + timedelta(d))
        )
        repealed = draw(
            st.none() | st.integers(0, 2000).map(lambda d, m=made: m + timedelta(d))
        )
        items.append(
            CatalogItem(
                index_no=f"IDX-{number}",
                title=f"文件{number}",
                category=draw(st.sampled_from(list(Category))),
                issuing_body="示范市人民防空办公室",
                made_on=made,
                formed_or_changed_on=made,
                published_on=published,
                repealed_on=repealed,
                is_valid=repealed is None,
            )
        )
    return items


@st.composite
def entered_counts(draw: st.DrawFn) -> list[CategoryCount]:
    counts = []
    for number in range(draw(st.integers(0, 12))):
        measure = draw(st.sampled_from(list(Measure)))
        category = draw(st.sampled_from(sorted(MEASURE_CATEGORIES[measure])))
        if measure.is_amount:
            value: int | Decimal = draw(
                st.decimals(0, 10_000_000, places=2, allow_nan=False)
            )
            unit = draw(st.sampled_from(["元", "万元"]))
        else:
            value, unit = draw(st.integers(0, 500)), ""
        year = draw(st.integers(2019, 2023))
        counts.append(CategoryCount(year, category, measure, value, f"s{number}", unit))
    return counts


@given(
    catalogs(),
    entered_counts(),
    st.integers(2019, 2023),
    st.sampled_from(list(FormatId)),
)
@settings(max_examples=150)
def test_counts_are_never_negative_and_the_validator_finds_nothing(
    items: list[CatalogItem], counts: list[CategoryCount], year: int, fmt: FormatId
) -> None:
    table = proactive_table(items, counts, year, fmt)
    for row in FORMATS[fmt].proactive_rows:
        for column in row.columns:
            if column.kind is not CellKind.SIGNED:
                assert table.row(row.id).cell(column.id) >= 0
    report = AnnualReport(
        agency="示范市人民防空办公室",
        year=year,
        format=fmt,
        proactive=table,
        applications=None,
        review_litigation=None,
    )
    assert [
        f for f in validate(report, latest_year=2024) if f.table == "proactive"
    ] == []


@given(catalogs(), st.integers(2019, 2023))
@settings(max_examples=150)
def test_in_force_carries_from_year_to_year(
    items: list[CatalogItem], year: int
) -> None:
    this = proactive_table(items, [], year, "2021")
    last = proactive_table(items, [], year - 1, "2021")
    for row_id in ("regulations", "normative_documents"):
        now, before = this.row(row_id), last.row(row_id)
        assert now.in_force == before.in_force + now.issued - now.repealed


@given(catalogs(), st.integers(2019, 2023))
@settings(max_examples=150)
def test_2019_previous_items_plus_change_is_next_years_previous_items(
    items: list[CatalogItem], year: int
) -> None:
    this = proactive_table(items, [], year, "2019")
    following = proactive_table(items, [], year + 1, "2019")
    for row_id in ("licensing", "other_services", "penalty", "enforcement", "fees"):
        now = this.row(row_id)
        assert now.previous_items + now.change == following.row(row_id).previous_items


def test_a_figure_of_a_year_that_has_not_begun_is_refused() -> None:
    make_count(year=2024).check_not_after(date(2024, 1, 1))
    with pytest.raises(InvalidInput, match="2025年度尚未开始（今年是2024年）"):
        make_count(year=2025).check_not_after(date(2024, 12, 31))
