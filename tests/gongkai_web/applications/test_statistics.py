"""Section 三 by database aggregation equals the pure reference count, and validates."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.ledger import Ledger, LedgerRow
from gongkai.report.formats import APPLICANT_COLUMNS, FORMATS, FormatId
from gongkai.report.model import PROACTIVE_MODELS, AnnualReport, ReviewLitigation
from gongkai.report.validate import validate
from gongkai.statistics import applications_table as reference_table
from gongkai.vocabulary import ApplicantType, Outcome
from gongkai.workflow import Action, Case, allowed_actions
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application
from gongkai_web.applications.services.history import pure_events, stored_history
from gongkai_web.applications.statistics import applications_table, cell_cases
from tests.gongkai_web.conftest import make_agency, make_application

_codes = itertools.count()
HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Year ends are where the four kinds of row meet: draw them often.
YEAR_ENDS = [d for y in range(2019, 2024) for d in (date(y, 1, 1), date(y, 12, 31))]
some_day = st.one_of(
    st.dates(date(2019, 6, 1), date(2023, 12, 31)), st.sampled_from(YEAR_ENDS)
)
ledger_cases = st.lists(
    st.tuples(
        some_day,
        st.sampled_from(list(ApplicantType)),
        st.one_of(
            st.none(),
            st.tuples(
                st.one_of(st.integers(0, 500), some_day), st.sampled_from(list(Outcome))
            ),
        ),
    ),
    max_size=30,
)


def ledger_rows(drawn: list[tuple[date, ApplicantType, Any]]) -> list[LedgerRow]:
    rows = []
    for index, (received, kind, closing) in enumerate(drawn):
        replied, outcome = (None, None)
        if closing is not None:
            when, outcome = closing
            replied = (
                received + timedelta(days=when)
                if isinstance(when, int)
                else max(when, received)
            )
        rows.append(
            LedgerRow(
                number=f"H-{index}",
                received=received,
                applicant_type=kind,
                applicant="申请人",
                content="内容",
                replied=replied,
                outcome=outcome,
                row_number=index + 2,
            )
        )
    return rows


def whole_report(
    agency: Agency, year: int, format_id: FormatId, table: Any
) -> AnnualReport:
    """A report whose other tables are zero, so every finding concerns section 三."""
    proactive = {
        row.id: {column.id: 0 for column in row.columns}
        for row in FORMATS[format_id].proactive_rows
    }
    zero = [0, 0, 0, 0, 0]
    return AnnualReport(
        agency=agency.name,
        year=year,
        format=format_id,
        proactive=PROACTIVE_MODELS[format_id].model_validate(proactive),
        applications=table,
        review_litigation=ReviewLitigation(
            reconsideration=zero,
            litigation_direct=zero,
            litigation_after_reconsideration=zero,
        ),
    )


@pytest.mark.django_db
@HYPOTHESIS
@given(
    drawn=ledger_cases,
    year=st.integers(2019, 2024),
    format_id=st.sampled_from(list(FormatId)),
)
def test_database_count_equals_reference_and_validates(
    drawn: list[Any], year: int, format_id: FormatId
) -> None:
    agency = make_agency(f"h{next(_codes)}")
    rows = ledger_rows(drawn)
    services.import_ledger(agency, None, Ledger("random.csv", tuple(rows)))
    table = applications_table(agency, year, format_id)
    assert table == reference_table(rows, year, format_id)
    assert validate(whole_report(agency, year, format_id, table)) == []


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=ledger_cases, year=st.integers(2019, 2024))
def test_every_cell_links_to_exactly_the_cases_it_counts(
    drawn: list[Any], year: int
) -> None:
    agency = make_agency(f"c{next(_codes)}")
    services.import_ledger(
        agency, None, Ledger("random.csv", tuple(ledger_rows(drawn)))
    )
    for format_id in FormatId:
        table = applications_table(agency, year, format_id)
        for row in FORMATS[format_id].applications:
            for column, value in zip(APPLICANT_COLUMNS, table.row(row.id), strict=True):
                assert (
                    cell_cases(agency, year, format_id, row.id, column.id).count()
                    == value
                )


@dataclass(frozen=True)
class Counted:
    received: date
    replied: date | None
    outcome: Outcome | None
    applicant_type: ApplicantType


ACTION_SERVICES = {
    Action.ASK_CORRECTION: services.ask_correction,
    Action.RECEIVE_CORRECTION: services.receive_correction,
    Action.CORRECTION_LAPSED: services.correction_lapsed,
    Action.START_CONSULTATION: services.start_consultation,
    Action.END_CONSULTATION: services.end_consultation,
    Action.EXTEND: services.extend,
    Action.FEE_PAID: services.fee_paid,
    Action.FEE_LAPSED: services.fee_lapsed,
    Action.WITHDRAW: services.withdraw,
}
REPLY_OUTCOMES = [o for o in Outcome if not o.value.startswith("other")]


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), count=st.integers(1, 6))
def test_histories_recorded_through_the_services_count_as_their_replay(
    data: st.DataObject, count: int, handler: Any, approver: Any, registrar: Any
) -> None:
    from gongkai_web.agencies.models import Membership, Role

    agency = make_agency(f"w{next(_codes)}")
    for user, role in (
        (handler, Role.HANDLER),
        (approver, Role.APPROVER),
        (registrar, Role.REGISTRAR),
    ):
        Membership.objects.create(user=user, agency=agency, role=role)
    today = date(2024, 6, 3)
    for _ in range(count):
        received = data.draw(st.dates(date(2023, 10, 1), date(2024, 5, 31)))
        kind = data.draw(st.sampled_from(list(ApplicantType)))
        case = make_application(
            agency, registrar, received=received, applicant_type=kind
        )
        on = received
        for _step in range(data.draw(st.integers(0, 5))):
            on = min(today, on + timedelta(days=data.draw(st.integers(0, 6))))
            options = [
                a
                for a in allowed_actions(
                    Application.objects.get(pk=case.pk).status_enum
                )
                if a is not Action.REGISTER
            ]
            action = data.draw(st.sampled_from(options)) if options else None
            if action is None:
                break
            try:
                if action is Action.REPLY:
                    services.reply(
                        case.pk,
                        handler,
                        on,
                        outcome=data.draw(st.sampled_from(REPLY_OUTCOMES)),
                        note="理由",  # a refusal's letter states its reasons
                    )
                elif action is Action.FEE_NOTICE:
                    services.fee_notice(case.pk, handler, on, amount=Decimal("100"))
                else:
                    user = approver if action is Action.EXTEND else handler
                    ACTION_SERVICES[action](case.pk, user, on)
            except (
                Exception
            ) as exc:  # a rule of the history (7 days, once): refused whole
                assert "IllegalTransition" in type(exc).__name__, exc
    counted = []
    for application in Application.objects.filter(agency=agency):
        replay = Case(
            application.applicant_type, events=pure_events(stored_history(application))
        )
        assert (application.reply_date, application.outcome or None) == (
            replay.closed_on,
            replay.outcome,
        )
        counted.append(
            Counted(
                application.received,
                replay.closed_on,
                replay.outcome,
                ApplicantType(application.applicant_type),
            )
        )
    for year in (2023, 2024):
        assert applications_table(agency, year) == reference_table(counted, year)
