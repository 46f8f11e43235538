"""Work management: assignment, 转办, the reply's 签发, and the case list's filters."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongkai.errors import ActionRefused
from gongkai.vocabulary import ApplicantType, Channel, Outcome
from gongkai.workflow import IllegalTransition
from gongkai_web.agencies.models import Agency, Department, Role
from gongkai_web.applications import services
from gongkai_web.applications.models import Application, WorkEvent, WorkKind
from gongkai_web.applications.services import work
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import TODAY, make_application, make_user

Login = Callable[[Any], Client]


def test_the_approver_assigns_and_reassigns_with_an_event_and_audit_each(
    agency: Agency, registrar: Any, handler: Any, approver: Any
) -> None:
    other = make_user("handler2", agency, Role.HANDLER)
    case = make_application(agency, registrar)
    work.assign(case.pk, approver, handler)
    work.assign(case.pk, approver, other)
    case.refresh_from_db()
    assert case.handler == other
    kinds = list(case.work_events.values_list("kind", "handler__username"))
    assert kinds == [("assign", "handler"), ("assign", "handler2")]
    log = AuditLog.objects.filter(action=AuditAction.ASSIGN).order_by("id")
    assert [e.summary for e in log][-1].endswith("handler → handler2")


def test_only_approvers_and_admins_assign_and_only_to_handlers(
    agency: Agency, registrar: Any, handler: Any, approver: Any
) -> None:
    case = make_application(agency, registrar)
    with pytest.raises(ActionRefused, match="不能分派案件"):
        work.assign(case.pk, handler, handler)
    with pytest.raises(ActionRefused, match="不是本机关的承办人员"):
        work.assign(case.pk, approver, registrar)
    assert not WorkEvent.objects.exists()


def test_transfer_moves_the_case_to_another_department_and_clears_the_handler(
    agency: Agency, other_agency: Agency, registrar: Any, handler: Any, approver: Any
) -> None:
    legal = Department.objects.create(agency=agency, name="法规科")
    foreign = Department.objects.create(agency=other_agency, name="办公室")
    case = make_application(agency, registrar)
    work.assign(case.pk, approver, handler)
    due = Application.objects.get(pk=case.pk).due_date
    work.transfer(case.pk, handler, legal, note="涉及行政复议")  # the handler's own
    case.refresh_from_db()
    assert case.department == legal and case.handler is None
    assert case.due_date == due  # the reply term runs on
    with pytest.raises(ActionRefused, match="不属于本机关"):
        work.transfer(case.pk, approver, foreign)


@pytest.fixture
def signing(agency: Agency) -> Agency:
    agency.sign_off_required = True
    agency.save()
    return agency


def test_with_sign_off_the_handler_drafts_and_the_approver_signs_off(
    signing: Agency, registrar: Any, handler: Any, approver: Any
) -> None:
    case = make_application(signing, registrar, received=date(2024, 5, 27))
    due = case.due_date
    with pytest.raises(ActionRefused, match="须经审批负责人签发"):
        services.reply(case.pk, handler, TODAY, outcome=Outcome.GRANTED)
    work.draft_reply(
        case.pk,
        handler,
        outcome=Outcome.PARTIALLY_GRANTED,
        note="第三方商业秘密不予公开",
    )
    waiting = Application.objects.get(pk=case.pk)
    assert waiting.is_open and waiting.due_date == due  # the clock does not stop
    with pytest.raises(ActionRefused, match="已有答复稿等待签发"):
        work.draft_reply(case.pk, handler, outcome=Outcome.GRANTED, note="x")
    with pytest.raises(ActionRefused, match="不能签发"):
        work.sign_off(case.pk, handler, TODAY)
    replied = work.sign_off(case.pk, approver, TODAY)
    assert replied.outcome == Outcome.PARTIALLY_GRANTED.value
    last = replied.events.order_by("-seq").first()
    assert last is not None and last.actor == approver
    assert last.note == "第三方商业秘密不予公开" and last.data == {"signed_off": True}
    kinds = list(replied.work_events.values_list("kind", flat=True))
    assert kinds == [WorkKind.DRAFT, WorkKind.SIGN_OFF]
    assert work.pending_draft(replied) is None


def test_a_returned_draft_is_no_longer_waiting_and_can_be_redrafted(
    signing: Agency, registrar: Any, handler: Any, approver: Any
) -> None:
    case = make_application(signing, registrar)
    work.draft_reply(case.pk, handler, outcome=Outcome.GRANTED, note="同意公开")
    work.return_draft(case.pk, approver, note="请核对是否涉及个人信息")
    assert work.pending_draft(case) is None
    with pytest.raises(ActionRefused, match="没有等待签发的答复稿"):
        work.sign_off(case.pk, approver, TODAY)
    work.draft_reply(case.pk, handler, outcome=Outcome.GRANTED, note="已核对")


def test_a_draft_the_rules_refuse_is_refused_when_drafted(
    signing: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(signing, registrar, received=date(2024, 5, 31))
    services.ask_correction(case.pk, handler, TODAY)
    with pytest.raises(IllegalTransition, match="待补正"):
        work.draft_reply(case.pk, handler, outcome=Outcome.GRANTED, note="x")
    assert not WorkEvent.objects.exists()


def test_without_sign_off_the_handler_replies_alone_and_cannot_draft(
    agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar)
    with pytest.raises(ActionRefused, match="无需签发"):
        work.draft_reply(case.pk, handler, outcome=Outcome.GRANTED, note="x")
    services.reply(case.pk, handler, TODAY, outcome=Outcome.GRANTED)


def test_sign_off_through_the_pages(
    signing: Agency, registrar: Any, handler: Any, approver: Any, login: Login
) -> None:
    case = make_application(signing, registrar)
    page = login(handler).get(f"/cases/{case.pk}/").content.decode()
    assert "提交答复稿" in page and f"/cases/{case.pk}/reply/" not in page
    response = login(handler).post(
        f"/cases/{case.pk}/draft/",
        {"outcome": "partially_granted", "note": "部分涉及商业秘密"},
    )
    assert response.status_code == 302
    approver_page = login(approver).get(f"/cases/{case.pk}/").content.decode()
    assert "等待签发的答复稿" in approver_page and "部分涉及商业秘密" in approver_page
    login(approver).post(f"/cases/{case.pk}/sign-off/", {"on": "2024-06-03"})
    case.refresh_from_db()
    assert case.outcome == "partially_granted" and not case.is_open


def test_the_draft_outcome_starts_empty_and_must_be_chosen(
    signing: Agency, registrar: Any, handler: Any, login: Login
) -> None:
    case = make_application(signing, registrar)
    page = login(handler).get(f"/cases/{case.pk}/draft/").content.decode()
    assert '<option value="" selected>请选择</option>' in page
    response = login(handler).post(f"/cases/{case.pk}/draft/", {"note": "x"})
    assert response.status_code == 200 and not WorkEvent.objects.exists()


def _cases(agency: Agency, registrar: Any) -> list[Application]:
    return [
        make_application(
            agency, registrar, applicant_name="甲", received=date(2024, 4, 1)
        ),
        make_application(
            agency,
            registrar,
            applicant_name="乙",
            received=date(2024, 5, 20),
            channel=Channel.POST,
            applicant_type=ApplicantType.COMMERCIAL,
        ),
        make_application(
            agency, registrar, applicant_name="丙", received=date(2024, 6, 3)
        ),
    ]


def _names(html: str) -> list[str]:
    return [n for n in ("甲", "乙", "丙") if f"<td>{n}</td>" in html]


def test_case_list_filters(
    agency: Agency, registrar: Any, handler: Any, approver: Any, login: Login
) -> None:
    first, second, third = _cases(agency, registrar)
    work.assign(third.pk, approver, handler)
    client = login(approver)
    base = f"/a/{agency.code}/cases/?state=all"
    assert _names(client.get(base + "&channel=post").content.decode()) == ["乙"]
    assert _names(client.get(base + "&applicant_type=commercial").content.decode()) == [
        "乙"
    ]
    assert _names(client.get(base + f"&handler={handler.pk}").content.decode()) == [
        "丙"
    ]
    assert _names(client.get(base + "&handler=none").content.decode()) == ["甲", "乙"]
    between = "&received_from=2024-05-01&received_to=2024-05-31"
    assert _names(client.get(base + between).content.decode()) == ["乙"]
    assert _names(client.get(base + "&overdue=on").content.decode()) == ["甲"]
    within = client.get(base + "&due_within=20").content.decode()
    assert "甲" in _names(within) and "丙" in _names(within)
    mine = login(handler).get(f"/a/{agency.code}/cases/?handler=me").content.decode()
    assert _names(mine) == ["丙"]
    bad = client.get(base + "&received_from=2024-06-01&received_to=2024-05-01")
    assert "结束日期早于开始日期" in bad.content.decode()


def test_case_list_sorts_by_a_column_both_ways(
    agency: Agency, registrar: Any, approver: Any, login: Login
) -> None:
    _cases(agency, registrar)
    client = login(approver)
    up = client.get(f"/a/{agency.code}/cases/?state=all&sort=received").content.decode()
    down = client.get(
        f"/a/{agency.code}/cases/?state=all&sort=-received"
    ).content.decode()
    assert up.index("<td>甲</td>") < up.index("<td>丙</td>")
    assert down.index("<td>丙</td>") < down.index("<td>甲</td>")
    assert 'aria-sort="descending"' in down


def test_a_handler_sees_their_own_cases_first_and_still_the_others(
    agency: Agency, registrar: Any, handler: Any, approver: Any, login: Login
) -> None:
    first, _second, third = _cases(agency, registrar)
    work.assign(third.pk, approver, handler)
    html = login(handler).get(f"/a/{agency.code}/cases/").content.decode()
    assert html.index("<td>丙</td>") < html.index("<td>甲</td>")
    assert "<td>乙</td>" in html


def test_the_filtered_list_exports_to_xlsx(
    agency: Agency, registrar: Any, approver: Any, login: Login
) -> None:
    _cases(agency, registrar)
    response = login(approver).get(
        f"/a/{agency.code}/cases/?state=all&channel=post&export=xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["编号", "收到申请日期", "渠道", "申请人类型", "申请人"]
    assert len(values) == 2 and values[1][4] == "乙" and values[1][2] == "邮寄"


def test_bulk_assign_from_the_list(
    agency: Agency,
    registrar: Any,
    handler: Any,
    approver: Any,
    outsider: Any,
    login: Login,
) -> None:
    first, second, _third = _cases(agency, registrar)
    response = login(approver).post(
        f"/a/{agency.code}/cases/assign/",
        {"case": [first.pk, second.pk], "handler": handler.pk, "next": "?state=all"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?state=all")
    assigned = set(
        Application.objects.filter(handler=handler).values_list("pk", flat=True)
    )
    assert assigned == {first.pk, second.pk}
    refused = login(handler).post(
        f"/a/{agency.code}/cases/assign/",
        {"case": [first.pk], "handler": handler.pk},
        follow=True,
    )
    assert "不能分派案件" in refused.content.decode()
