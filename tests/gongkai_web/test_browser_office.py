"""End to end in Debian's Chromium, the office of issue 12: a postal application is
registered, assigned by the approver, drafted by the handler as a partial disclosure
with reasons, signed off by the approver; the auditor reads and exports the audit log;
the system administrator enters a year's holiday arrangement; the agency
administrator adds a user and grants a role, which the audit log shows.

The 受理回执 and the 答复书 are downloaded as PDF and read back: A4, the tracking number
and the verification code on the receipt (the registrar issues the code on the code
page, where it is shown once, and prints the receipt from there), the handler's reasons
in the reply and no fill-in marker or counting note.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
import pytest
from django.contrib.auth import get_user_model

from tests.gongkai_web.conftest import PASSWORD, make_agency, make_user
from tests.gongkai_web.test_browser import chromium, log_in, needs_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["needs_chromium"]
REASONS = "申请公开的合同中，第三方的商业秘密部分不予公开，其余部分予以公开。"


def test_the_office_assigns_signs_off_audits_and_administers(
    transactional_db: None, live_server: Any, needs_chromium: None
) -> None:
    from gongkai_web.agencies.models import Membership, Role
    from gongkai_web.applications.models import Application
    from gongkai_web.audit.models import AuditAction, AuditLog

    city = make_agency("city", "示范市人民政府办公室")
    city.sign_off_required = True
    city.save()
    for name, role in (
        ("registrar", Role.REGISTRAR),
        ("handler", Role.HANDLER),
        ("approver", Role.APPROVER),
        ("auditor", Role.AUDITOR),
        ("admin", Role.AGENCY_ADMIN),
    ):
        make_user(name, city, role)
    get_user_model().objects.create_user(
        username="sysadmin", password=PASSWORD, is_superuser=True
    )
    with chromium() as browser:
        export = run_office(browser, live_server.url)
    case = Application.objects.get()
    assert case.channel == "post" and case.outcome == "partially_granted"
    assert case.handler is not None and case.handler.username == "handler"
    reply = case.events.order_by("-seq").first()
    assert reply is not None and reply.note == REASONS
    assert reply.actor is not None and reply.actor.username == "approver"
    assert case.tracking_number in export and "签发" in export
    clerk = get_user_model().objects.get(username="clerk2")
    roles = set(Membership.objects.filter(user=clerk).values_list("role", flat=True))
    assert roles == {"registrar", "handler"}
    assert AuditLog.objects.filter(
        action=AuditAction.ROLE_GRANT, actor__username="admin"
    ).exists()


A4_POINTS = (595, 842)


def pdf_text(data: bytes) -> str:
    """Return the text of an A4 PDF, whitespace removed (lines wrap anywhere)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            assert (round(page.width), round(page.height)) == A4_POINTS
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    return re.sub(r"\s+", "", text)


def download_pdf(page: Any, link: Any) -> bytes:
    with page.expect_download() as download:
        link.click()
    data: bytes = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    return data


def run_office(browser: Any, base: str) -> str:
    """Drive the pages; return the exported audit log (CSV text)."""
    from playwright.sync_api import expect

    registrar = log_in(browser, base, "registrar")
    registrar.goto(f"{base}/a/city/cases/new/")
    registrar.select_option("#id_channel", "post")
    registrar.select_option("#id_applicant_type", "commercial")
    registrar.fill("#id_applicant_name", "某某科技有限公司")
    registrar.fill("#id_address", "示范市示范路1号")
    registrar.fill("#id_content", "2024年某项目的采购合同")
    registrar.click("#register-form button[type=submit]")
    expect(registrar.locator(".messages")).to_contain_text("已登记，编号")
    case_url = registrar.url
    number = registrar.locator("h1").inner_text().split()[-1]
    registrar.click("a:has-text('出具受理回执（含查询码）')")
    registrar.click("form button:has-text('生成查询码')")
    code = registrar.locator("#verification-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    receipt = pdf_text(
        download_pdf(registrar, registrar.locator("#receipt-pdf button"))
    )
    assert "受理回执" in receipt and number in receipt and code in receipt
    registrar.goto(case_url)  # the code is not shown again; the archive copy is listed
    expect(registrar.locator("table")).to_contain_text("受理回执")
    expect(registrar.locator("body")).not_to_contain_text(code)

    approver = log_in(browser, base, "approver")
    approver.goto(case_url)
    approver.select_option("#id_handler", label="handler")
    approver.click("#assign")
    expect(approver.locator(".messages")).to_contain_text("已分派给 handler")

    handler = log_in(browser, base, "handler")
    handler.goto(f"{base}/a/city/cases/?handler=me")
    handler.click("td a")
    expect(handler.locator("a[href$='/reply/']")).to_have_count(0)
    handler.click("#draft-reply")
    handler.select_option("#id_outcome", "partially_granted")
    handler.fill("#id_note", REASONS)
    handler.click("form.stack button[type=submit]")
    expect(handler.locator(".messages")).to_contain_text("等待审批负责人签发")

    approver.goto(case_url)
    expect(approver.locator("section.banner")).to_contain_text(REASONS)
    approver.click("#sign-off")
    expect(approver.locator(".messages")).to_contain_text("已签发")
    facts = approver.locator("dl.facts")
    expect(facts).to_contain_text("部分公开")
    expect(facts).not_to_contain_text("只计这一情形")
    letter = pdf_text(download_pdf(approver, approver.locator("a:text-is('PDF')").last))
    assert "答复书" in letter and re.sub(r"\s+", "", REASONS) in letter
    assert "请填写" not in letter and "只计这一情形" not in letter

    auditor = log_in(browser, base, "auditor")
    auditor.goto(f"{base}/a/city/audit/")
    expect(auditor.locator("table")).to_contain_text("签发")
    with auditor.expect_download() as download:
        auditor.click("a:has-text('导出 CSV')")
    export = download.value.path().read_text(encoding="utf-8-sig")

    sysadmin = log_in(browser, base, "sysadmin")
    sysadmin.goto(f"{base}/calendar/")
    sysadmin.fill("#id_year", "2027")
    sysadmin.fill("#id_source", "国办发明电〔2026〕X号（测试数据）")
    sysadmin.fill("#id_holidays", "2027-01-01\n2027-02-05..2027-02-11")
    sysadmin.fill("#id_workdays", "2027-02-13")
    sysadmin.click("form.stack button[type=submit]")
    expect(sysadmin.locator(".messages")).to_contain_text("已保存 2027 年节假日安排")

    admin = log_in(browser, base, "admin")
    admin.goto(f"{base}/a/city/users/")
    admin.fill("#id_username", "clerk2")
    admin.fill("#id_password", "a long enough passphrase")
    admin.check("input[name=roles][value=registrar]")
    admin.click("form.stack button[type=submit]")
    expect(admin.locator(".messages")).to_contain_text("已新增用户 clerk2")
    admin.select_option("#id_role", "handler")
    admin.click("form.stack button:has-text('授予')")
    expect(admin.locator(".messages")).to_contain_text("已授予岗位")
    admin.goto(f"{base}/a/city/audit/?user=admin")
    expect(admin.locator("table")).to_contain_text("新增用户")
    return export
