from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.calendar import WorkCalendar
from gongkai.errors import InvalidInput
from gongkai.ledger import parse_ledger
from gongkai.report.formats import F2019, F2021, FORMATS, FormatId
from gongkai.report.model import (
    APPLICATIONS_MODELS,
    PROACTIVE_MODELS,
    AnnualReport,
    ReviewLitigation,
    TableModel,
)
from gongkai.report.validate import validate, validate_series
from gongkai.statistics import CaseRecord, applications_table
from gongkai.workflow import (
    Action,
    ApplicantType,
    Case,
    Event,
    Outcome,
)
from tests.gongkai.histories import case_histories

CAL = WorkCalendar()
D = date
P = ApplicantType.NATURAL_PERSON
C = ApplicantType.COMMERCIAL


def row(table: TableModel, row_id: str) -> list[int]:
    cells: list[int] = table.row(row_id)
    return cells


def test_counting_rules_of_ledger_md() -> None:
    cases = [
        CaseRecord(D(2024, 3, 1), P, D(2024, 3, 20), Outcome.GRANTED),  # new, closed
        CaseRecord(D(2023, 12, 20), C, D(2024, 1, 10), Outcome.DENIED_THIRD_PARTY),
        CaseRecord(D(2024, 12, 20), C),  # new, still open
        CaseRecord(D(2023, 11, 1), P),  # carried over and forward
        CaseRecord(D(2024, 12, 28), P, D(2025, 1, 5), Outcome.GRANTED),  # replied later
        CaseRecord(
            D(2023, 5, 1), P, D(2023, 6, 1), Outcome.GRANTED
        ),  # earlier year only
        CaseRecord(D(2025, 1, 2), P),  # next year only
        CaseRecord(
            D(2024, 6, 1), ApplicantType.OTHER_ORG, D(2024, 7, 1), Outcome.OTHER_MISC
        ),
    ]
    table = applications_table(cases, 2024, "2021")
    assert table.format is F2021
    assert row(table, "new_received") == [2, 1, 0, 0, 0, 1, 4]
    assert row(table, "carried_over") == [1, 1, 0, 0, 0, 0, 2]
    assert row(table, "granted") == [1, 0, 0, 0, 0, 0, 1]
    assert row(table, "denied_third_party") == [0, 1, 0, 0, 0, 0, 1]
    assert row(table, "other_misc") == [0, 0, 0, 0, 0, 1, 1]
    assert row(table, "total") == [1, 1, 0, 0, 0, 1, 3]
    assert row(table, "carried_forward") == [2, 1, 0, 0, 0, 0, 3]


def test_2019_format_counts_the_three_other_rows_as_one() -> None:
    cases = [
        CaseRecord(D(2024, 1, 2), P, D(2024, 2, 1), Outcome.OTHER_NO_CORRECTION),
        CaseRecord(D(2024, 1, 2), P, D(2024, 2, 1), Outcome.OTHER_UNPAID_FEE),
        CaseRecord(D(2024, 1, 2), C, D(2024, 2, 1), Outcome.OTHER_MISC),
    ]
    old = applications_table(cases, 2024, F2019)
    assert row(old, "other") == [2, 1, 0, 0, 0, 0, 3]
    assert row(old, "total") == [2, 1, 0, 0, 0, 0, 3]
    new = applications_table(cases, 2024, F2021)
    assert row(new, "other_no_correction") == [1, 0, 0, 0, 0, 0, 1]
    assert row(new, "other_unpaid_fee") == [1, 0, 0, 0, 0, 0, 1]


def test_2019_other_in_a_2021_table_is_other_misc() -> None:
    cases = [CaseRecord(D(2020, 1, 2), P, D(2020, 2, 1), Outcome.OTHER)]
    assert row(applications_table(cases, 2020, "2021"), "other_misc")[6] == 1


def test_empty_year_is_all_zeros() -> None:
    table = applications_table([], 2024)
    for spec_row in FORMATS[F2021].applications:
        assert row(table, spec_row.id) == [0] * 7


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (CaseRecord(D(2024, 3, 1), P, D(2024, 2, 1), Outcome.GRANTED), "早于收到日期"),
        (CaseRecord(D(2024, 3, 1), P, D(2024, 3, 2)), "同时填写"),
        (CaseRecord(D(2024, 3, 1), P, None, Outcome.GRANTED), "同时填写"),
    ],
)
def test_inconsistent_case_is_refused(case: CaseRecord, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        applications_table([case], 2024)


def test_ledger_rows_are_counted_directly() -> None:
    text = (
        "编号,收到日期,申请人类型,申请人,申请内容,答复日期,办理结果\n"
        "1,2023-12-28,法律服务机构,甲律所,文件,2024-01-15,无法提供-本机关不掌握相关政府信息\n"
        "2,2024-02-01,科研机构,乙所,数据,,\n"
    )
    table = applications_table(parse_ledger(text.encode(), "l.csv").rows, 2024)
    assert row(table, "carried_over") == [0, 0, 0, 0, 1, 0, 1]
    assert row(table, "unable_not_held") == [0, 0, 0, 0, 1, 0, 1]
    assert row(table, "new_received") == [0, 0, 1, 0, 0, 0, 1]
    assert row(table, "carried_forward") == [0, 0, 1, 0, 0, 0, 1]


def test_workflow_cases_are_counted_by_closing_date() -> None:
    case = Case.from_events(
        C,
        [
            Event(Action.REGISTER, D(2024, 12, 20)),
            Event(Action.ASK_CORRECTION, D(2024, 12, 23)),
            Event(Action.CORRECTION_LAPSED, D(2025, 1, 20)),
        ],
        CAL,
    )
    assert row(applications_table([case], 2024), "carried_forward")[6] == 1
    assert row(applications_table([case], 2025), "other_no_correction") == [
        0,
        1,
        0,
        0,
        0,
        0,
        1,
    ]


# --- property: any history gives a table that passes the validator -----------------------


def zero_report(
    year: int, format_id: FormatId, applications: TableModel
) -> AnnualReport:
    proactive = {
        r.id: {c.id: 0 for c in r.columns} for r in FORMATS[format_id].proactive_rows
    }
    return AnnualReport(
        agency="测试机关",
        year=year,
        format=format_id,
        proactive=PROACTIVE_MODELS[format_id].model_validate(proactive),
        applications=applications,
        review_litigation=ReviewLitigation(
            reconsideration=[0] * 5,
            litigation_direct=[0] * 5,
            litigation_after_reconsideration=[0] * 5,
        ),
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(case_histories(), max_size=25),
    st.integers(2019, 2025),
    st.sampled_from(list(FormatId)),
)
def test_random_histories_give_tables_the_validator_accepts(
    cases: list[Case], year: int, format_id: FormatId
) -> None:
    table = applications_table(cases, year, format_id)
    assert isinstance(table, APPLICATIONS_MODELS[format_id])
    assert validate(zero_report(year, format_id, table), latest_year=2026) == []
    closed_in_year = [c for c in cases if c.closed_on and c.closed_on.year == year]
    assert row(table, "total")[6] == len(closed_in_year)
    received_in_year = [c for c in cases if c.received.year == year]
    assert row(table, "new_received")[6] == len(received_in_year)


@settings(max_examples=60, deadline=None)
@given(st.lists(case_histories(), max_size=25), st.integers(2019, 2024))
def test_carried_forward_equals_next_years_carried_over(
    cases: list[Case], year: int
) -> None:
    reports = [
        zero_report(y, F2021, applications_table(cases, y)) for y in (year, year + 1)
    ]
    assert validate_series(reports) == []
    assert row(reports[0].applications, "carried_forward") == row(
        reports[1].applications, "carried_over"
    )
