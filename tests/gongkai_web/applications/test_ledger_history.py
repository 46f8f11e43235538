"""Re-importing a ledger keeps history (security review F7): the fields of a case
already registered are never overwritten; differences are reported per row and per
field; an explicit "update from ledger" writes the old values to the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.test import Client

from gongkai.vocabulary import Channel
from gongkai_cli import main
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.applications.test_ledger import write_csv
from tests.gongkai_web.conftest import make_application

Login = Callable[[Any], Client]


def overwrite(path: Path, number: str) -> Path:
    return write_csv(
        path,
        [
            f"{number},2024-05-20,自然人,RENAMED,content replaced,当面,,,,,否,,,12,ledger note"
        ],
    )


def test_reimport_never_overwrites_a_registered_case_and_lists_each_field(
    agency: Agency, registrar: Any, tmp_path: Path, capsys: Any
) -> None:
    case = make_application(
        agency, registrar, received=date(2024, 5, 20), channel=Channel.ONLINE
    )
    path = overwrite(tmp_path / "x.csv", case.tracking_number)
    assert main(["ledger", "import", str(path), "--agency", agency.code]) == 0
    out = capsys.readouterr().out
    case.refresh_from_db()
    assert (case.applicant_name, case.content, case.channel, case.fee) == (
        "张三",
        "某小区改造项目的立项批复",
        "online",
        None,
    )
    assert "新增 0，更新 0，未变 1" in out
    for line in (
        f"第2行（编号 {case.tracking_number}）「申请人」：系统为「张三」，台账为「RENAMED」",
        "「申请内容」：系统为「某小区改造项目的立项批复」，台账为「content replaced」",
        "「渠道」：系统为「网络」，台账为「当面」",
        "「收费金额」：系统为「空」，台账为「12」",
    ):
        assert line in out, out
    assert "未更新" in out
    log = AuditLog.objects.get(action=AuditAction.LEDGER_IMPORT)
    assert log.data["differences"] == 1


def test_update_from_ledger_keeps_the_old_values_in_the_audit_log(
    agency: Agency, registrar: Any, tmp_path: Path, capsys: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    path = overwrite(tmp_path / "x.csv", case.tracking_number)
    args = ["ledger", "import", str(path), "--agency", agency.code, "--update"]
    assert main(args) == 0
    assert "更新 1" in capsys.readouterr().out
    case.refresh_from_db()
    assert (case.applicant_name, case.fee) == ("RENAMED", Decimal(12))
    log = AuditLog.objects.get(action=AuditAction.LEDGER_UPDATE)
    assert log.object_id == str(case.pk)
    assert log.data["changes"]["applicant"] == {"old": "张三", "new": "RENAMED"}
    assert log.data["changes"]["fee_yuan"] == {"old": None, "new": "12"}


def test_the_ledger_page_reports_differences_and_updates_only_when_asked(
    agency: Agency, registrar: Any, login: Login, tmp_path: Path
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    path = overwrite(tmp_path / "x.csv", case.tracking_number)
    client = login(registrar)
    with path.open("rb") as upload:
        page = client.post(
            f"/a/{agency.code}/ledger/", {"file": upload}, follow=True
        ).content.decode()
    assert "「申请人」：系统为「张三」，台账为「RENAMED」" in page
    case.refresh_from_db()
    assert case.applicant_name == "张三"
    with path.open("rb") as upload:
        client.post(f"/a/{agency.code}/ledger/", {"file": upload, "update": "on"})
    case.refresh_from_db()
    assert case.applicant_name == "RENAMED"
    assert Application.objects.count() == 1
    # The case page keeps what the update replaced, column by column.
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "按台账更新的记录" in page
    assert "<td>申请人</td><td>张三</td><td>RENAMED</td>" in page
    assert "<td>收费金额</td><td>空</td><td>12</td>" in page
