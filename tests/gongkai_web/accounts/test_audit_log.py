"""The audit log page: who may read it, its filters, and its exports."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.utils import translation
from lxml import html as lxml_html
from openpyxl import load_workbook

from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AuditAction, AuditLog
from gongkai_web.audit.services import record
from tests.gongkai_web.conftest import make_application

Login = Callable[[Any], Client]


def test_the_auditor_reads_the_log_of_their_agency_only(
    agency: Agency,
    other_agency: Agency,
    registrar: Any,
    auditor: Any,
    outsider: Any,
    login: Login,
) -> None:
    case = make_application(agency, registrar)
    make_application(other_agency, outsider, applicant_name="外机关")
    html = login(auditor).get(f"/a/{agency.code}/audit/").content.decode()
    assert case.tracking_number in html and "登记申请" in html
    assert AuditLog.objects.filter(agency=other_agency).exists()
    assert "outsider" not in html
    assert login(auditor).get(f"/a/{other_agency.code}/audit/").status_code == 404


def test_handlers_and_registrars_cannot_read_the_audit_log(
    agency: Agency, handler: Any, registrar: Any, login: Login
) -> None:
    assert login(handler).get(f"/a/{agency.code}/audit/").status_code == 403
    assert login(registrar).get(f"/a/{agency.code}/audit/").status_code == 403
    assert login(handler).get("/audit/").status_code == 403


def test_filters_by_user_case_action_and_date(
    agency: Agency, registrar: Any, handler: Any, auditor: Any, login: Login
) -> None:
    first = make_application(agency, registrar)
    second = make_application(agency, handler, applicant_name="李四")
    record(handler, AuditAction.VIEW_IDENTITY, agency=agency, summary="看身份")
    client = login(auditor)
    base = f"/a/{agency.code}/audit/"
    by_user = client.get(base + "?user=handler").content.decode()
    assert second.tracking_number in by_user and first.tracking_number not in by_user
    by_case = client.get(base + f"?case={first.tracking_number}").content.decode()
    assert first.tracking_number in by_case and second.tracking_number not in by_case
    by_action = client.get(base + "?action=view_identity").content.decode()
    assert "看身份" in by_action and first.tracking_number not in by_action
    empty = client.get(base + "?since=2024-06-04").content.decode()
    assert "没有符合条件的记录" in empty
    today = client.get(base + "?since=2024-06-03&until=2024-06-03").content.decode()
    assert first.tracking_number in today
    bad = client.get(base + "?since=2024-06-05&until=2024-06-01")
    assert bad.status_code == 400 and "截止日期早于起始日期" in bad.content.decode()


def test_exports_as_csv_and_xlsx_hold_every_matching_entry_and_are_audited(
    agency: Agency, registrar: Any, auditor: Any, login: Login
) -> None:
    case = make_application(agency, registrar)
    client = login(auditor)
    csv_response = client.get(f"/a/{agency.code}/audit/?export=csv")
    assert csv_response["Content-Disposition"].endswith('.csv"')
    text = csv_response.content.decode("utf-8-sig")
    assert text.startswith("时间,操作人,机关,类别,对象,摘要")
    assert case.tracking_number in text and "登记申请" in text
    xlsx = client.get(
        f"/a/{agency.code}/audit/?export=xlsx&case={case.tracking_number}"
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "时间" and len(values) == 2
    assert case.tracking_number in values[1][5]
    exports = AuditLog.objects.filter(action=AuditAction.AUDIT_EXPORT, actor=auditor)
    assert exports.count() == 2


def test_the_system_administrator_reads_the_whole_installation(
    agency: Agency,
    other_agency: Agency,
    registrar: Any,
    outsider: Any,
    sysadmin: Any,
    login: Login,
) -> None:
    a = make_application(agency, registrar)
    b = make_application(other_agency, outsider)
    html = login(sysadmin).get("/audit/").content.decode()
    assert a.tracking_number in html and other_agency.name in html
    assert b.tracking_number in html


def test_a_letters_entry_names_the_letter_on_the_page_and_in_the_export(
    agency: Agency,
    registrar: Any,
    handler: Any,
    auditor: Any,
    login: Login,
) -> None:
    from datetime import date

    from gongkai_web.applications import services
    from gongkai_web.applications.services.letters import issue_letter

    case = make_application(agency, registrar, received=date(2024, 5, 30))
    services.ask_correction(case.pk, handler, date(2024, 6, 3), note="请写明年份")
    event = case.events.get(action="ask_correction")
    letter = issue_letter(case.pk, event.pk, handler)
    login(handler).get(f"/cases/{case.pk}/letters/{letter.pk}.docx")
    client = login(auditor)
    cells = lxml_html.fromstring(
        client.get(f"/a/{agency.code}/audit/?action=letter").content
    ).xpath("//tbody/tr/td[3]/text()")
    assert cells == ["下载补正告知书", "生成补正告知书"]
    text = client.get(f"/a/{agency.code}/audit/?export=csv&action=letter")
    assert "生成补正告知书" in text.content.decode("utf-8-sig")
    assert "生成答复书" not in text.content.decode("utf-8-sig")
    entry = AuditLog.objects.filter(action=AuditAction.LETTER).order_by("id").first()
    assert entry is not None and entry.data["kind"] == "correction"
    with translation.override("en"):
        assert entry.action_label == "Issued notice to correct the application"
