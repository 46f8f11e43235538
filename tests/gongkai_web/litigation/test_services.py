"""The register: cases checked by the core, linked to applications, section 四 and option."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.errors import ActionRefused, InvalidInput
from gongkai.litigation import ReviewKind, ReviewResult
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AuditLog
from gongkai_web.litigation import services
from gongkai_web.litigation.models import ReviewCase
from tests.gongkai_web.conftest import make_application

K, R = ReviewKind, ReviewResult


def data(**overrides: Any) -> services.CaseData:
    fields: dict[str, Any] = {
        "case_no": "（2023）示0102行初1号",
        "kind": K.LITIGATION_DIRECT,
        "filed_on": date(2023, 3, 1),
        "result": R.UPHELD,
        "concluded_on": date(2023, 9, 1),
        **overrides,
    }
    return services.CaseData(**fields)


def test_a_case_is_linked_to_the_agencys_applications(
    agency: Agency, registrar: Any, handler: Any
) -> None:
    application = make_application(agency, registrar, received=date(2023, 1, 9))
    case = services.save_case(
        agency, handler, data(applications=(application.tracking_number,))
    )
    assert list(case.applications.all()) == [application]
    assert AuditLog.objects.filter(
        object_id=str(case.pk), summary__contains="登记复议诉讼案件"
    ).exists()


def test_an_application_of_another_agency_cannot_be_linked(
    agency: Agency, other_agency: Agency, handler: Any, outsider: Any
) -> None:
    theirs = make_application(other_agency, outsider, received=date(2023, 1, 9))
    with pytest.raises(
        InvalidInput, match=f"本机关没有编号为 {theirs.tracking_number} 的申请"
    ):
        services.save_case(
            agency, handler, data(applications=(theirs.tracking_number,))
        )
    assert not ReviewCase.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"concluded_on": None}, "结果为「结果维持」但没有审结日期"),
        ({"result": R.PENDING}, "已于 2023-09-01 审结但没有结果"),
        ({"concluded_on": date(2023, 2, 1)}, "审结日期 2023-02-01 早于立案日期"),
        ({"case_no": " "}, "复议诉讼案件缺少案号"),
    ],
)
def test_the_core_refuses_impossible_cases(
    agency: Agency, handler: Any, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        services.save_case(agency, handler, data(**overrides))


def test_duplicate_numbers_and_the_wrong_roles_are_refused(
    agency: Agency, handler: Any, registrar: Any, auditor: Any
) -> None:
    services.save_case(agency, handler, data())
    with pytest.raises(ActionRefused, match="已登记"):
        services.save_case(agency, handler, data())
    for user in (registrar, auditor):
        with pytest.raises(ActionRefused, match="不能登记复议诉讼案件"):
            services.save_case(agency, user, data(case_no="x"))


def test_section_four_counts_by_filing_year_and_the_option_adds_late_conclusions(
    agency: Agency, handler: Any, approver: Any
) -> None:
    services.save_case(
        agency,
        handler,
        data(
            case_no="复1",
            kind=K.RECONSIDERATION,
            filed_on=date(2022, 12, 1),
            result=R.CORRECTED,
            concluded_on=date(2023, 2, 1),
        ),
    )
    services.save_case(agency, handler, data(case_no="诉1"))
    services.save_case(
        agency,
        handler,
        data(
            case_no="诉2",
            kind=K.LITIGATION_AFTER_RECONSIDERATION,
            filed_on=date(2023, 11, 1),
            result=R.OTHER,
            concluded_on=date(2024, 1, 10),
        ),
    )
    four = services.section_four(agency, 2023)
    assert four.table.model_dump() == {
        "reconsideration": [0, 0, 0, 0, 0],
        "litigation_direct": [1, 0, 0, 0, 1],
        "litigation_after_reconsideration": [0, 0, 0, 1, 1],
    }
    assert [
        c.case_no for c in four.cells[(K.LITIGATION_AFTER_RECONSIDERATION, R.PENDING)]
    ] == ["诉2"]
    assert "2023年以前提起、2023年内审结的案件不再计入本表。" in four.notes
    services.set_counting_option(agency, approver, 2023, True)
    four = services.section_four(agency, 2023)
    assert four.option and four.table.group("reconsideration") == [0, 1, 0, 0, 1]
    assert any("（1件）按审结结果一并计入本表" in note for note in four.notes)
    assert services.counting_option(agency, 2022) is False


def test_only_admin_or_approver_sets_the_option(agency: Agency, handler: Any) -> None:
    with pytest.raises(ActionRefused):
        services.set_counting_option(agency, handler, 2023, True)


def test_loading_a_case_twice_changes_nothing(agency: Agency) -> None:
    case = data(case_no="载1").core()
    assert services.load_case(agency, case)[1] is True
    assert services.load_case(agency, case)[1] is False
    assert ReviewCase.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"filed_on": date(2024, 6, 4), "concluded_on": None, "result": R.PENDING},
         "立案日期 2024-06-04 晚于今天 2024-06-03"),
        ({"concluded_on": date(9999, 1, 1)}, "审结日期 9999-01-01 晚于今天"),
        ({"filed_on": date(2001, 1, 1), "concluded_on": date(2001, 5, 1)},
         "立案日期 2001-01-01 早于条例施行之日 2008-05-01"),
    ],
)  # fmt: skip
def test_cases_dated_after_today_or_before_2008_05_01_are_refused(
    agency: Agency, handler: Any, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        services.save_case(agency, handler, data(**overrides))
    assert not ReviewCase.objects.exists()
