"""The supervisor's pages: the overview (sorted, filtered, paged, a constant number of
queries), a report with its findings and corrections marked, corrections as overlays,
the original file, and an agency's series over the years."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai_cli import main
from gongkai_web.agencies.models import Agency, Level, Membership, Role
from gongkai_web.audit.models import AuditAction, AuditLog
from gongkai_web.supervision.models import (
    AgencyYearCheck,
    CollectedReport,
    Correction,
    StoredFinding,
    Supervisor,
)
from tests.gongkai_web.supervision.conftest import SEED_FILES


def supervisor_of(code: str, name: str = "") -> Any:
    user = get_user_model().objects.create_user(name or f"sup-{code}", password="pw")
    Supervisor.objects.create(user=user, node=Agency.objects.get(code=code))
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def codes_in(page: Any) -> list[str]:
    body = page.content.decode()
    table = body.split('<table class="overview">')[1].split("</table>")[0]
    return re.findall(r'href="/s/([a-z0-9_-]+)/series/"', table)


@pytest.fixture
def city(region: Path) -> Client:
    return client_for(supervisor_of("city"))


def test_overview_counts_at_the_top(city: Client) -> None:
    page = city.get("/s/city/2020/")
    cards = re.findall(r'<li class="card">([^<]+)<b>(\d+)</b>', page.content.decode())
    counts = {label.strip(): int(n) for label, n in cards}
    assert counts["机关"] == 6  # the city and its five seed agencies
    assert counts["已收集"] == 2  # seeds 001 and 003 are of 2020
    assert counts["错误"] >= 1  # the tampered page of seed 003
    # seed 002 (2019) and 000, 004 (2021) have no 2020 report: a column, not a notice
    kept = StoredFinding.objects.filter(check_run__year=2020)
    assert kept.exists() and not kept.filter(rule="report.not_collected").exists()


def test_overview_sorts_by_every_column(city: Client) -> None:
    for key in (
        "code",
        "name",
        "level",
        "collected",
        "published",
        "on_time",
        "format",
        "errors",
        "warnings",
        "infos",
    ):
        up = codes_in(city.get(f"/s/city/2020/?sort={key}"))
        down = codes_in(city.get(f"/s/city/2020/?sort=-{key}"))
        assert sorted(up) == sorted(down) and len(up) == 6, key
    assert codes_in(city.get("/s/city/2020/?sort=-errors"))[0] == "s003"
    assert codes_in(city.get("/s/city/2020/?sort=-code"))[0] == "s004"
    collected = codes_in(city.get("/s/city/2020/?sort=-collected"))
    assert set(collected[:2]) == {"s001", "s003"}
    page = city.get("/s/city/2020/?sort=-errors").content.decode()
    assert 'aria-sort="descending"' in page
    assert codes_in(city.get("/s/city/2020/?sort=nonsense")) == sorted(
        codes_in(city.get("/s/city/2020/"))
    )


def test_overview_filters(city: Client) -> None:
    assert codes_in(city.get("/s/city/2020/?collected=yes")) == ["s001", "s003"]
    assert "s003" not in codes_in(city.get("/s/city/2020/?collected=no"))
    assert codes_in(city.get("/s/city/2020/?errors=1")) == ["s003"]
    assert codes_in(city.get("/s/city/2020/?q=池州")) == ["s003"]
    assert codes_in(city.get("/s/city/2020/?q=S00")) == [f"s00{n}" for n in range(5)]
    assert codes_in(city.get("/s/city/2020/?level=市")) == ["city"]
    assert codes_in(city.get(f"/s/city/2020/?level={Level.DEPARTMENT}"))[0] == "s000"
    # the 2021 year: seed 000 is missing section 四 (its NOTES.md breach)
    assert codes_in(city.get("/s/city/2021/?errors=1")) == ["s000"]


def test_overview_pages(city: Client) -> None:
    from gongkai_web.supervision import views

    views.PAGE_SIZE, size = 4, views.PAGE_SIZE
    try:
        first = city.get("/s/city/2020/?sort=code")
        second = city.get("/s/city/2020/?sort=code&page=2")
    finally:
        views.PAGE_SIZE = size
    assert codes_in(first) == ["city", "s000", "s001", "s002"]
    assert codes_in(second) == ["s003", "s004"]
    assert 'rel="next"' in first.content.decode()


def _grow(count: int) -> None:
    """Add `count` agencies under the city, each with a copy of seed 001's report."""
    city = Agency.objects.get(code="city")
    seed = CollectedReport.objects.get(agency__code="s001")
    for n in range(count):
        agency = Agency.objects.create(
            code=f"x{Agency.objects.count():04d}", name=f"机关{n}", parent=city
        )
        CollectedReport.objects.create(
            agency=agency,
            year=seed.year,
            source=seed.source,
            file=seed.file.name,
            sha256=seed.sha256,
            report=seed.report,
            notes=seed.notes,
        )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_overview_queries_do_not_grow_with_the_agencies(city: Client) -> None:
    url = "/s/city/2020/?sort=-errors"
    _queries(city, url)  # checks the region once
    few = _queries(city, url)
    _grow(30)
    first = _queries(city, url)  # checks the 30 new agencies
    many = _queries(city, url)
    assert many == few
    assert first <= few + 12  # checking them is a fixed number of queries too
    page = city.get("/s/city/2020/?q=机关29").content.decode()
    assert "机关29" in page


def _report(code: str) -> CollectedReport:
    return CollectedReport.objects.select_related("agency").get(agency__code=code)


def test_report_page_marks_the_findings_on_their_cells(city: Client) -> None:
    page = city.get(f"/s/report/{_report('s003').pk}/").content.decode()
    assert '<table class="report-table applications"' in page
    assert "text.tampered" in page and 'id="finding-1"' in page
    assert "图例" in page
    # seed 000 lacks section 四: the table-level finding stands where the table would
    missing = city.get(f"/s/report/{_report('s000').pk}/").content.decode()
    assert "本报告未包含此表" in missing and "table.missing" in missing
    assert re.search(
        r'<p class="table-findings"><a class="marker marker-error"', missing
    )


def test_a_correction_is_an_overlay_shown_with_both_values(
    city: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _report("s001")
    before = json.dumps(row.report, sort_keys=True)
    old = row.report["applications"]["granted"][0]
    answer = city.post(
        f"/s/report/{row.pk}/correct/",
        {"path": "applications.granted[0]", "value": str(old + 5), "reason": "读错"},
    )
    assert answer.status_code == 302
    row.refresh_from_db()
    assert json.dumps(row.report, sort_keys=True) == before  # never overwritten
    correction = Correction.objects.get()
    assert (correction.old_value, correction.new_value) == (str(old), str(old + 5))
    assert (
        correction.corrected_by.username == "sup-city" and correction.reason == "读错"
    )
    page = city.get(f"/s/report/{row.pk}/").content.decode()
    assert (
        "<del" in page and f">{old}</del> <ins" in page and f">{old + 5}</ins>" in page
    )
    # the totals no longer add up with the corrected value: marked on the cells
    corrected = re.search(r'<td class="number corrected[^>]*>', page)
    assert (
        corrected and "原值 5" not in "" and f"更正为 {old + 5}" in corrected.group(0)
    )
    total = re.search(
        r'<td class="number finding finding-error" data-field="applications.granted\[6\]"'
        r' title="([^"]*)">[^<]*<a class="marker marker-error" href="#finding-(\d)">',
        page,
    )
    assert total and "总计应等于各类申请人之和" in total.group(1)
    assert f'<li id="finding-{total.group(2)}" class="error">' in page
    assert "report.corrected" in page
    # checks and compilation use the corrected value and say so
    assert (
        main(["supervise", "check", "--region", "city", "--year", "2020", "--json"])
        == 0
    )
    findings = json.loads(capsys.readouterr().out)
    mine = [f for f in findings if f["agency"] == "s001"]
    assert {"report.corrected", "applications.row_total"} <= {f["rule"] for f in mine}
    out = Path(row.file.path).parent / "agg.json"
    assert (
        main(
            [
                "supervise",
                "compile",
                "--region",
                "city",
                "--year",
                "2020",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    compiled = json.loads(out.read_text(encoding="utf-8"))
    granted = dict(compiled["breakdown"]["applications.granted[0]"])
    assert granted["s001"] == old + 5
    assert any("applications.granted[0]" in n["message"] for n in compiled["notes"])
    audit = AuditLog.objects.get(action=AuditAction.SUPERVISION_CORRECTION)
    assert audit.data["old_value"] == str(old) and audit.data["reason"] == "读错"


def test_a_correction_again_is_a_new_row_and_rows_are_never_changed(
    city: Client,
) -> None:
    row = _report("s001")
    for value in ("7", "8"):
        city.post(
            f"/s/report/{row.pk}/correct/",
            {
                "path": "applications.carried_over[0]",
                "value": value,
                "reason": "核对原件",
            },
        )
    first, second = Correction.objects.order_by("pk")
    assert (second.old_value, second.new_value) == ("7", "8")
    assert row.corrected_data()["applications"]["carried_over"][0] == 8
    first.new_value = "9"
    with pytest.raises(Exception, match="append-only"):
        first.save()


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"path": "applications.granted[0]", "value": "3", "reason": " "},
            "请填写更正理由",
        ),
        ({"path": "applications.granted[0]", "value": "三", "reason": "x"}, "无效"),
        ({"path": "applications.nothing[0]", "value": "3", "reason": "x"}, "无效"),
        ({"path": "applications.granted[0]", "value": "-1", "reason": "x"}, "负数"),
    ],
)
def test_a_bad_correction_is_refused_with_a_message(
    city: Client, form: dict[str, str], message: str
) -> None:
    row = _report("s001")
    answer = city.post(f"/s/report/{row.pk}/correct/", form)
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not Correction.objects.exists()


def test_only_a_supervisor_above_the_agency_may_correct(region: Path) -> None:
    row = _report("s001")
    form = {"path": "applications.granted[0]", "value": "3", "reason": "x"}
    outsider = client_for(supervisor_of("s003"))
    assert outsider.post(f"/s/report/{row.pk}/correct/", form).status_code == 404
    member = get_user_model().objects.create_user("admin-s001")
    Membership.objects.create(
        user=member, agency=Agency.objects.get(code="s001"), role=Role.AGENCY_ADMIN
    )
    assert (
        client_for(member).post(f"/s/report/{row.pk}/correct/", form).status_code == 404
    )
    assert Client().post(f"/s/report/{row.pk}/correct/", form).status_code == 302
    assert not Correction.objects.exists()
    own = client_for(supervisor_of("s001"))
    assert own.post(f"/s/report/{row.pk}/correct/", form).status_code == 302
    assert Correction.objects.count() == 1


def test_the_original_file_downloads(city: Client) -> None:
    row = _report("s003")
    answer = city.get(f"/s/report/{row.pk}/file/")
    assert answer.status_code == 200
    assert "attachment" in answer["Content-Disposition"]
    data = b"".join(answer.streaming_content)
    seed = next(p for p in SEED_FILES if p.name.startswith("003"))
    assert data == seed.read_bytes()
    page = city.get(f"/s/report/{row.pk}/").content.decode()
    assert row.sha256 in page and "清单文件" in page  # collected from a manifest
    assert (
        client_for(supervisor_of("s001")).get(f"/s/report/{row.pk}/file/").status_code
        == 404
    )


def test_series_page_charts_the_years(city: Client) -> None:
    page = city.get("/s/s003/series/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('<figure class="chart-figure">') == 4
    assert "<svg" in text and '<table class="chart-data">' in text
    assert "办理结果构成" in text and "行政复议" in text
    data = CollectedReport.objects.get(agency__code="s003").report
    received = data["applications"]["new_received"][6]
    assert f'<td class="num">{received}件</td>' in text
    assert client_for(supervisor_of("s001")).get("/s/s003/series/").status_code == 404


def test_pages_in_english(city: Client) -> None:
    row = _report("s003")
    expected = {
        "/s/city/2020/": ("Collected", "On time", "Published late", "Only those with"),
        f"/s/report/{row.pk}/": ("Legend", "Download the original file", "Reason"),
        "/s/s003/series/": ("Outcome mix", "Applications received in the year"),
        "/s/city/2020/exports/": ("Findings (XLSX, one row per finding)",),
        "/s/city/2020/aggregate/": ("Aggregate report",),
        "/s/city/2020/upload/": ("Start collecting",),
    }
    for url, words in expected.items():
        text = city.get(url + "?lang=en").content.decode()
        for word in words:
            assert word in text, (url, word)
    report = city.get(f"/s/report/{row.pk}/?lang=en").content.decode()
    listed = report.split('<ol class="findings">')[1].split("</ol>")[0]
    assert "page looks tampered with" in listed and "页面疑似被篡改" not in listed


def test_a_sub_region_checked_first_leaves_the_rest_to_check(city: Client) -> None:
    AgencyYearCheck.objects.all().delete()  # as if nothing had been checked yet
    assert city.get("/s/s003/2020/").status_code == 200  # checks s003 only
    assert AgencyYearCheck.objects.filter(year=2020).count() == 1
    city.get("/s/city/2020/")
    checked = AgencyYearCheck.objects.filter(year=2020)
    # every agency with a report of 2019-2021 (the five seeds)
    assert checked.count() == 5
    assert checked.get(agency__code="s003").errors >= 1
