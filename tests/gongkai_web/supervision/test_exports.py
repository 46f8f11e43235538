"""Downloads of a region's year: findings XLSX, the aggregate in every format, the
DOCX 通报 draft; the corrected values are what they carry; supervisors only."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongkai_web.supervision.models import CollectedReport
from tests.gongkai_web.supervision.test_pages import client_for, supervisor_of


@pytest.fixture
def city(region: Path) -> Client:
    return client_for(supervisor_of("city"))


def test_exports_page_lists_every_download(city: Client) -> None:
    page = city.get("/s/city/2020/exports/").content.decode()
    for url in ("findings.xlsx", "notice.docx", "aggregate.docx", "aggregate.xlsx"):
        assert f"/s/city/2020/{url}" in page
    assert "/s/city/2020/exports/" in city.get("/s/city/2020/").content.decode()


def test_findings_xlsx_has_a_row_per_finding(city: Client) -> None:
    answer = city.get("/s/city/2020/findings.xlsx")
    assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    values = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert "text.tampered" in values and "s003" in values


def test_aggregate_in_every_format(city: Client) -> None:
    for to in ("json", "html", "md", "docx", "xlsx"):
        answer = city.get(f"/s/city/2020/aggregate.{to}")
        assert answer.status_code == 200, to
        assert answer["Content-Disposition"].startswith("attachment"), to
    compiled = json.loads(city.get("/s/city/2020/aggregate.json").content)
    assert compiled["included"] == ["s001", "s003"]
    assert zipfile.is_zipfile(
        io.BytesIO(city.get("/s/city/2020/aggregate.docx").content)
    )
    assert city.get("/s/city/2020/aggregate.exe").status_code == 404
    nothing = city.get("/s/city/1999/aggregate.docx")
    assert nothing.status_code == 409 and "没有可汇总的报告" in nothing.content.decode()


def test_aggregate_uses_the_corrected_value(city: Client) -> None:
    row = CollectedReport.objects.get(agency__code="s001")
    old = row.report["applications"]["new_received"][0]
    city.post(
        f"/s/report/{row.pk}/correct/",
        {
            "path": "applications.new_received[0]",
            "value": str(old + 100),
            "reason": "漏读",
        },
    )
    compiled = json.loads(city.get("/s/city/2020/aggregate.json").content)
    cells = dict(compiled["breakdown"]["applications.new_received[0]"])
    assert cells["s001"] == old + 100


def test_notice_draft_is_a_docx(city: Client) -> None:
    answer = city.get("/s/city/2020/notice.docx")
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.content)) as docx:
        text = docx.read("word/document.xml").decode()
    assert "池州市人民防空办公室" in text


def test_exports_are_for_supervisors_of_the_region_only(region: Path) -> None:
    outsider: Any = client_for(supervisor_of("s003"))
    for url in ("exports/", "findings.xlsx", "aggregate.docx", "notice.docx"):
        assert outsider.get(f"/s/city/2020/{url}").status_code == 404, url
        assert Client().get(f"/s/city/2020/{url}").status_code == 302, url


def test_aggregate_page_drills_down_from_a_cell_to_the_agencies(city: Client) -> None:
    page = city.get("/s/city/2020/aggregate/").content.decode()
    assert '<table class="report-table applications"' in page
    link = '<a href="?cell=applications.new_received%5B6%5D#breakdown">'
    assert link in page
    drilled = city.get("/s/city/2020/aggregate/?cell=applications.new_received[6]")
    text = drilled.content.decode()
    rows = text.split('<table class="breakdown">')[1].split("</table>")[0]
    values = {
        r.report["applications"]["new_received"][6]
        for r in CollectedReport.objects.filter(year=2020)
    }
    assert "s001" in rows and "s003" in rows and "池州市人民防空办公室" in rows
    assert all(f'<td class="num">{v}</td>' in rows for v in values)
    assert "s004" in page  # the note names the agencies missing
    assert (
        client_for(supervisor_of("s003")).get("/s/city/2020/aggregate/").status_code
        == 404
    )
