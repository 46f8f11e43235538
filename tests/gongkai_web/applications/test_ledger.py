"""Ledger import (all-or-nothing, idempotent) and export, by command and by the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from gongkai.calendar import WorkCalendar
from gongkai.deadlines import reply_due_date
from gongkai.ledger import read_ledger
from gongkai.statistics import applications_table as reference_table
from gongkai.vocabulary import Outcome
from gongkai.workflow import Status
from gongkai_cli import main
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.models import Application, ApplicationEvent, LedgerImport
from gongkai_web.applications.statistics import applications_table
from tests.gongkai_web.conftest import make_application

HEADER = "编号,收到日期,申请人类型,申请人,申请内容,渠道,补正告知日期,补正收到日期,征求意见开始,征求意见结束,延期,答复日期,办理结果,收费金额,备注"
GOOD = [
    "2023-001,2023-03-01,自然人,张三,立项批复,当面,,,,,否,2023-03-20,予以公开,,",
    "2023-002,2023/12/28,商业企业,某公司,招标文件,网络,,,2024-01-03,2024-01-10,是,2024-02-20,不予公开-保护第三方合法权益,,",
    "2023-003,2023年12月30日,科研机构,某大学,统计数据,邮寄,,,,,,,,,尚未答复",
    "2024-001,2024-01-08,自然人,李四,补正后的申请,当面,2024-01-09,2024-01-15,,,否,2024-02-01,无法提供-补正后申请内容仍不明确,,",
    "2024-002,2024-02-01,法律服务机构,某律所,重复申请,传真,,,,,否,2024-02-05,not_processed_duplicate,100,",
    "2024-003,2024-03-01,其他法人或其他组织,某协会,未补正,电子邮件,2024-03-04,,,,否,2024-04-01,其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请,,",
    "2024-004,2024-03-05,社会公益组织,某中心,撤回,当面,,,,,否,2024-03-06,其他处理-其他,,",
]
BAD = [
    "2024-010,2024-02-30,自然人,王五,内容,当面,,,,,否,,,,",
    "2024-011,2024-03-01,外星人,赵六,内容,当面,,,,,否,,,,",
    "2024-012,2024-03-01,自然人,孙七,内容,当面,,,,,否,2024-02-01,予以公开,,",
    "2024-013,2024-03-01,自然人,周八,内容,当面,,,,,否,2024-03-05,,,",
]


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def good_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "ledger.csv", GOOD)


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_by_command_stores_every_row_and_counts_like_the_reference(
    agency: Agency, good_csv: Path
) -> None:
    out = run("ledger", "import", str(good_csv), "--agency", agency.code)
    assert "新增 7，更新 0，未变 0" in out
    rows = read_ledger(good_csv).rows
    for year in (2023, 2024):
        assert applications_table(agency, year) == reference_table(rows, year)
    assert applications_table(agency, 2024).row("carried_over") == [0, 1, 1, 0, 0, 0, 2]
    extended = Application.objects.get(tracking_number="2023-002")
    assert extended.status == Status.ANSWERED
    assert extended.outcome == Outcome.DENIED_THIRD_PARTY
    assert list(extended.events.values_list("action", flat=True)) == [
        "register",
        "start_consultation",
        "end_consultation",
        "extend",
        "reply",
    ]
    open_case = Application.objects.get(tracking_number="2023-003")
    # received on a Saturday: the core decides how a rest-day start counts
    assert open_case.is_open
    assert open_case.due_date == reply_due_date(
        date(2023, 12, 30), calendar=WorkCalendar()
    )
    lapsed = Application.objects.get(tracking_number="2024-003")
    assert (lapsed.status, lapsed.outcome) == (
        Status.CLOSED,
        Outcome.OTHER_NO_CORRECTION,
    )


def test_reimport_is_idempotent(agency: Agency, good_csv: Path) -> None:
    run("ledger", "import", str(good_csv), "--agency", agency.code)
    events = ApplicationEvent.objects.count()
    out = run("ledger", "import", str(good_csv), "--agency", agency.code)
    assert "新增 0，更新 0，未变 7" in out
    assert Application.objects.count() == 7
    assert ApplicationEvent.objects.count() == events


def test_reimport_with_progress_updates_an_imported_case(
    agency: Agency, tmp_path: Path
) -> None:
    run(
        "ledger",
        "import",
        str(write_csv(tmp_path / "a.csv", GOOD)),
        "--agency",
        agency.code,
    )
    progressed = [
        row.replace(",,,,,,,,,尚未答复", ",,,,,,2024-01-20,予以公开,,已答复")
        for row in GOOD
    ]
    out = run(
        "ledger",
        "import",
        str(write_csv(tmp_path / "b.csv", progressed)),
        "--agency",
        agency.code,
    )
    assert "新增 0，更新 1，未变 6" in out
    case = Application.objects.get(tracking_number="2023-003")
    # The history is the ledger's; the note of a registered case is kept (issue 10).
    assert (case.status, case.reply_date, case.note) == (
        Status.ANSWERED,
        date(2024, 1, 20),
        "尚未答复",
    )
    assert "「备注」：系统为「尚未答复」，台账为「已答复」（未更新）" in out
    assert case.history_start == 2  # the first imported history stays in the log
    assert applications_table(agency, 2024).row("granted")[2] == 1


def test_bad_ledger_is_refused_whole_with_every_bad_row(
    agency: Agency, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bad.csv", GOOD + BAD)
    with pytest.raises(CommandError) as refused:
        run("ledger", "import", str(path), "--agency", agency.code)
    message = str(refused.value)
    assert "台账有4行不合格，未导入任何数据" in message
    for row_number, header in (
        (9, "收到日期"),
        (10, "申请人类型"),
        (11, "答复日期"),
        (12, "办理结果"),
    ):
        assert f"第{row_number}行「{header}」" in message
    assert Application.objects.count() == 0
    assert LedgerImport.objects.count() == 0


def test_ledger_row_conflicting_with_back_office_history_is_refused(
    agency: Agency, registrar: Any, handler: Any, tmp_path: Path
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    row = f"{case.tracking_number},2024-05-20,自然人,张三,内容,当面,,,,,否,2024-05-30,予以公开,,"
    with pytest.raises(
        CommandError, match="已在系统中办理，台账的「答复日期」与系统记录"
    ):
        run(
            "ledger",
            "import",
            str(write_csv(tmp_path / "c.csv", [row])),
            "--agency",
            agency.code,
        )


def test_export_then_import_of_back_office_cases_changes_nothing(
    agency: Agency, registrar: Any, handler: Any, approver: Any, tmp_path: Path
) -> None:
    first = make_application(agency, registrar, received=date(2024, 5, 6))
    services.start_consultation(first.pk, handler, date(2024, 5, 8))
    services.end_consultation(first.pk, handler, date(2024, 5, 15))
    services.extend(first.pk, approver, date(2024, 5, 20))
    services.reply(
        first.pk,
        handler,
        date(2024, 5, 31),
        outcome=Outcome.PARTIALLY_GRANTED,
        note="第2页载有个人信息",
    )
    make_application(agency, registrar, received=date(2024, 5, 20))
    target = tmp_path / "out.xlsx"
    assert "2 rows" in run(
        "ledger", "export", "--agency", agency.code, "--year", "2024", "-o", str(target)
    )
    exported = read_ledger(target).rows
    assert [r.extended for r in exported] == [True, False]
    assert exported[0].outcome is Outcome.PARTIALLY_GRANTED
    assert "未变 2" in run("ledger", "import", str(target), "--agency", agency.code)


def test_gongkai_command_line_imports_and_refuses_with_exit_2(
    agency: Agency, good_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ledger", "import", str(good_csv), "--agency", agency.code]) == 0
    assert "新增 7" in capsys.readouterr().out
    bad = write_csv(tmp_path / "bad.csv", BAD)
    assert main(["ledger", "import", str(bad), "--agency", agency.code]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: bad.csv: 台账有4行不合格") and "Traceback" not in err
    assert main(["ledger", "import", str(good_csv), "--agency", "nowhere"]) == 2
    assert "no agency with code 'nowhere'" in capsys.readouterr().err


def test_page_imports_for_a_registrar(
    agency: Agency, registrar: Any, login: Callable[[Any], Client], good_csv: Path
) -> None:
    client = login(registrar)
    with good_csv.open("rb") as upload:
        response = client.post(
            f"/a/{agency.code}/ledger/", {"file": upload}, follow=True
        )
    assert response.status_code == 200
    assert "新增 7" in response.content.decode()
    assert LedgerImport.objects.get().imported_by == registrar
    with good_csv.open("rb") as upload:
        again = client.post(f"/a/{agency.code}/ledger/", {"file": upload}, follow=True)
    assert "未变 7" in again.content.decode()
    assert Application.objects.count() == 7


def test_page_lists_every_bad_row_and_stores_nothing(
    agency: Agency, registrar: Any, login: Callable[[Any], Client], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bad.csv", GOOD + BAD)
    with path.open("rb") as upload:
        response = login(registrar).post(f"/a/{agency.code}/ledger/", {"file": upload})
    assert response.status_code == 400
    problems = response.context["problems"]
    assert [(p.row_number, p.header) for p in problems] == [
        (9, "收到日期"),
        (10, "申请人类型"),
        (11, "答复日期"),
        (12, "办理结果"),
    ]
    html = response.content.decode()
    assert "2024-02-30" in html and "外星人" in html
    assert Application.objects.count() == 0


def test_page_refuses_an_auditor(
    agency: Agency, auditor: Any, login: Callable[[Any], Client], good_csv: Path
) -> None:
    with good_csv.open("rb") as upload:
        response = login(auditor).post(f"/a/{agency.code}/ledger/", {"file": upload})
    assert response.status_code == 400
    assert "您的岗位不能导入台账" in response.content.decode()
    assert Application.objects.count() == 0


def test_page_export_downloads_xlsx(
    agency: Agency,
    registrar: Any,
    auditor: Any,
    login: Callable[[Any], Client],
    tmp_path: Path,
) -> None:
    make_application(agency, registrar, received=date(2024, 5, 20))
    response = login(auditor).get(f"/a/{agency.code}/ledger/export/?year=2024")
    assert response.status_code == 200
    target = tmp_path / "down.xlsx"
    target.write_bytes(response.content)
    assert [r.applicant for r in read_ledger(target).rows] == ["张三"]


def test_ledger_keeps_rule_breaking_histories_and_lists_them_as_warnings(
    agency: Agency, tmp_path: Path
) -> None:
    rows = [
        # correction asked on the 8th working day (the 7 ended 2024-03-12)
        "B-1,2024-03-01,自然人,甲,内容,当面,2024-03-13,2024-03-14,,,否,2024-03-20,予以公开,,",
        # consultation started after the term ended (2024-03-05)
        "B-2,2024-02-01,自然人,乙,内容,当面,,,2024-03-06,2024-03-08,否,2024-03-20,予以公开,,",
        # unpaid fee: a ledger has no fee-notice column, so no warning for that
        "B-3,2024-03-01,自然人,丙,内容,当面,,,,,否,2024-03-25,其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请,,",
    ]
    out = run(
        "ledger",
        "import",
        str(write_csv(tmp_path / "b.csv", rows)),
        "--agency",
        agency.code,
    )
    assert "新增 3" in out
    warnings = [line for line in out.splitlines() if line.startswith("提醒")]
    assert len(warnings) == 2
    assert "第2行（编号 B-1）" in warnings[0] and "7个工作日内" in warnings[0]
    assert (
        "第3行（编号 B-2）" in warnings[1]
        and "征求意见应在答复期限内开始" in warnings[1]
    )
    assert Application.objects.get(tracking_number="B-3").outcome == "other_unpaid_fee"


def test_ledger_row_due_in_a_year_nobody_entered_is_imported_waiting_for_it(
    agency: Agency, tmp_path: Path
) -> None:
    row = "D-1,2026-12-14,自然人,丁,内容,当面,,,,,否,,,,"
    out = run(
        "ledger",
        "import",
        str(write_csv(tmp_path / "d.csv", [row])),
        "--agency",
        agency.code,
    )
    assert "新增 1" in out and "第2行（编号 D-1）: 2027年节假日安排尚未录入" in out
    case = Application.objects.get(tracking_number="D-1")
    assert (case.due_date, case.calendar_missing_year) == (None, 2027)


def test_page_and_command_refuse_a_dimension_bomb_naming_the_bound(
    agency: Agency,
    registrar: Any,
    login: Callable[[Any], Client],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.gongkai.test_ledger_bounds import dimension_bomb

    path = tmp_path / "dimbomb.xlsx"
    path.write_bytes(dimension_bomb())
    assert main(["ledger", "import", str(path), "--agency", agency.code]) == 2
    err = capsys.readouterr().err
    assert "台账最多 100000 行" in err and "Traceback" not in err
    with path.open("rb") as upload:
        response = login(registrar).post(f"/a/{agency.code}/ledger/", {"file": upload})
    assert response.status_code == 400
    assert "台账最多 100000 行" in response.content.decode()
    assert Application.objects.count() == 0
