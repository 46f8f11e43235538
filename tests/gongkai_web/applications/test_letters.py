"""Letters of a case: issued at their event, numbered per agency and year, read back.

The DOCX is read back with python-docx: A4 and the GB/T 9704 margins, fonts by their
East Asian name and size, the 文号, the reasons, no placeholder, no counting note.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pdfplumber
import pytest
from django.test import Client
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.errors import InvalidInput
from gongkai.letters import LetterIncomplete, LetterKind, default_template
from gongkai.render.pdf import find_soffice
from gongkai.vocabulary import Outcome
from gongkai.workflow import Action
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.letters import check_placeholders
from gongkai_web.applications.models import (
    Application,
    ApplicationEvent,
    Letter,
    ReplyTemplate,
)
from gongkai_web.applications.services.letters import issue_letter
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import make_application

Login = Callable[[Any], Client]
REASONS = "第3页至第5页载有第三人的身份证号码和住址，属于个人隐私"
COUNTING_NOTE = "只计这一情形"


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def east_asia(style_or_run: Any) -> str:
    fonts = style_or_run.element.rPr.find(qn("w:rFonts"))
    return str(fonts.get(qn("w:eastAsia")))


def event_of(case: Application, action: Action) -> ApplicationEvent:
    return case.events.get(action=action.value)


@pytest.fixture
def partial(agency: Agency, registrar: Any, handler: Any) -> Application:
    case = make_application(
        agency, registrar, received=date(2024, 5, 20), applicant_name="王小明"
    )
    return services.reply(
        case.pk,
        handler,
        date(2024, 5, 31),
        outcome=Outcome.PARTIALLY_GRANTED,
        note=REASONS + "。",
    )


def reply_letter(case: Application) -> Letter:
    return Letter.objects.get(application=case, kind=LetterKind.REPLY.value)


def test_reply_issues_the_letter_with_reasons_basis_and_remedies(
    partial: Application, handler: Any, login: Login
) -> None:
    letter = reply_letter(partial)
    assert letter.document_number == "〔2024〕第1号"
    response = login(handler).get(f"/cases/{partial.pk}/letters/{letter.pk}.docx")
    assert response.status_code == 200
    text = docx_text(response.content)
    assert text.startswith("政府信息公开申请答复书\n〔2024〕第1号\n")
    assert "王小明：" in text and "二〇二四年五月二十日收到" in text
    assert REASONS + "。" in text and "。。" not in text
    assert "第三十七条" in text
    assert COUNTING_NOTE not in text and "（请填写）" not in text
    assert not re.search(r"\{[a-z_]+\}", text)
    assert (
        "向city 人民政府申请行政复议" in text and "向city 人民法院提起行政诉讼" in text
    )
    assert "六十日" in text and "六个月" in text
    assert text.endswith("示范市人民政府办公室\n二〇二四年五月三十一日")
    assert partial.letter_text.startswith("政府信息公开申请答复书\n王小明：")


def test_letter_docx_is_a4_with_official_margins_and_fonts(
    partial: Application, handler: Any, login: Login
) -> None:
    letter = reply_letter(partial)
    data = login(handler).get(f"/cases/{partial.pk}/letters/{letter.pk}.docx").content
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    size = (section.page_width, section.page_height)
    assert [round(length.mm) for length in size] == [210, 297]
    margins = (
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(length.mm) for length in margins] == [37, 35, 28, 26]
    normal = document.styles["Normal"]
    assert east_asia(normal) == "仿宋_GB2312" and normal.font.size == Pt(16)
    title = document.paragraphs[0].runs[0]
    assert east_asia(title) == "方正小标宋简体" and title.font.size == Pt(22)


def test_document_numbers_run_per_agency_and_year(
    agency: Agency, other_agency: Agency, registrar: Any, handler: Any, outsider: Any
) -> None:
    def answer(on: date, where: Agency = agency, who: Any = handler) -> str:
        case = make_application(
            where, registrar if where == agency else who, received=on
        )
        case = services.reply(case.pk, who, on, outcome=Outcome.GRANTED)
        return reply_letter(case).document_number

    assert answer(date(2023, 12, 29)) == "〔2023〕第1号"
    assert answer(date(2024, 1, 2)) == "〔2024〕第1号"
    assert answer(date(2024, 1, 3)) == "〔2024〕第2号"
    assert answer(date(2024, 1, 3), other_agency, outsider) == "〔2024〕第1号"
    agency.document_prefix = "示政公开"
    agency.save()
    assert answer(date(2024, 1, 4)) == "示政公开〔2024〕第3号"


def test_a_refused_letter_refuses_the_reply_and_takes_no_number(
    agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    with pytest.raises(LetterIncomplete, match=r"\{reasons\}（理由或说明"):
        services.reply(
            case.pk, handler, date(2024, 5, 31), outcome=Outcome.DENIED_STATE_SECRET
        )
    assert Application.objects.get(pk=case.pk).is_open
    replied = services.reply(
        case.pk,
        handler,
        date(2024, 5, 31),
        outcome=Outcome.DENIED_STATE_SECRET,
        note="该文件经定密属于秘密级国家秘密",
    )
    assert reply_letter(replied).number == 1  # the refusal left no gap


def test_agency_without_remedy_bodies_cannot_issue_a_reply(
    agency: Agency, registrar: Any, handler: Any
) -> None:
    agency.reconsideration_body = ""
    agency.save()
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    with pytest.raises(LetterIncomplete, match="行政复议机关，由机关管理员在文书设置"):
        services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)


def test_a_template_with_a_fill_in_marker_is_refused_naming_it(
    agency: Agency, registrar: Any, handler: Any, approver: Any, login: Login
) -> None:
    body = "{applicant}：\n您申请的{content}予以公开，获取方式：（请填写获取方式）。"
    response = login(approver).post(
        f"/a/{agency.code}/templates/granted/", {"title": "答复书", "body": body}
    )
    assert response.status_code == 302
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    with pytest.raises(LetterIncomplete) as refused:
        services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    assert str(refused.value) == (
        "答复书不能出具，尚有未填写的内容：「（请填写获取方式）」"
    )
    page = login(handler).post(
        f"/cases/{case.pk}/reply/",
        {"on": "2024-05-31", "outcome": "granted", "note": ""},
    )
    assert "（请填写获取方式）" in page.content.decode()
    assert Application.objects.get(pk=case.pk).is_open


def test_agency_template_is_used_and_logged(
    agency: Agency, registrar: Any, handler: Any, approver: Any, login: Login
) -> None:
    response = login(approver).post(
        f"/a/{agency.code}/templates/granted/",
        {"title": "公开答复", "body": "{applicant}：\n您申请的{content}予以公开。"},
    )
    assert response.status_code == 302
    case = make_application(
        agency, registrar, received=date(2024, 5, 20), content="预算表"
    )
    case = services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    letter = reply_letter(case)
    assert (letter.title, letter.text) == (
        "公开答复",
        "张三：\n您申请的预算表予以公开。",
    )
    assert AuditLog.objects.filter(action=AuditAction.TEMPLATE).count() == 1


def test_every_letter_has_an_editable_template(
    agency: Agency, approver: Any, login: Login
) -> None:
    client = login(approver)
    page = client.get(f"/a/{agency.code}/templates/").content.decode()
    for key in ("receipt", "correction", "extension", "consultation", "fee"):
        assert f"/templates/{key}/" in page
        assert client.get(f"/a/{agency.code}/templates/{key}/").status_code == 200
    response = client.post(
        f"/a/{agency.code}/templates/other_no_correction/",
        {"title": "终止告知", "body": "{applicant}：\n终止。"},
    )
    assert response.status_code == 302
    own = ReplyTemplate.objects.get(agency=agency)
    assert (own.kind, own.outcome) == ("termination", "other_no_correction")
    assert client.get(f"/a/{agency.code}/templates/reply/").status_code == 404


def test_template_with_unknown_placeholder_is_refused(
    agency: Agency, approver: Any, login: Login
) -> None:
    response = login(approver).post(
        f"/a/{agency.code}/templates/granted/", {"title": "x", "body": "{name} 你好"}
    )
    assert "未知占位符 {name}" in response.content.decode()
    assert not ReplyTemplate.objects.filter(agency=agency).exists()
    with pytest.raises(InvalidInput, match="花括号不成对"):
        check_placeholders("{applicant")


def test_handler_cannot_change_templates(
    agency: Agency, handler: Any, login: Login
) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/templates/granted/", {"title": "x", "body": "{applicant}"}
    )
    assert response.status_code == 403
    assert not ReplyTemplate.objects.filter(agency=agency).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{fee:>999999999}", "占位符 {fee:>999999999} 只能写成 {fee}"),
        ("{applicant!r}", "只能写成 {applicant}"),
        ("{agency.name}", "未知占位符 {agency.name}"),
        ("{content[0]}", "未知占位符 {content[0]}"),
        ("{}", "未知占位符 {}"),
        ("{0}", "未知占位符 {0}"),
    ],
)
def test_only_plain_known_placeholders_are_allowed(body: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        check_placeholders(body)


def test_a_stored_template_with_a_format_spec_is_refused_at_reply(
    agency: Agency, registrar: Any, handler: Any
) -> None:
    ReplyTemplate.objects.create(
        agency=agency, outcome=Outcome.GRANTED.value, title="t", body="{fee:>99999999}"
    )
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    with pytest.raises(InvalidInput, match="只能写成 {fee}"):
        services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    assert Application.objects.get(pk=case.pk).is_open


def test_receipt_is_issued_on_request_once_and_downloaded(
    agency: Agency, registrar: Any, login: Login
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    client = login(registrar)
    register = event_of(case, Action.REGISTER)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    # printed with the verification code from the code page (portal/test_receipt_letter)
    assert f"/portal/{agency.code}/cases/{case.pk}/code/" in page
    for _ in range(2):  # a second request returns the same letter
        response = client.post(f"/cases/{case.pk}/events/{register.pk}/letter/")
        assert response.status_code == 302
    letter = Letter.objects.get(application=case)
    assert (letter.kind, letter.document_number) == ("receipt", "〔2024〕第1号")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/letters/{letter.pk}.pdf" in page
    text = docx_text(client.get(f"/cases/{case.pk}/letters/{letter.pk}.docx").content)
    assert text.startswith("政府信息公开申请受理回执\n〔2024〕第1号")
    assert case.tracking_number in text and "以当面方式提出" in text
    issued = AuditLog.objects.filter(action=AuditAction.LETTER)
    assert issued.count() == 2  # issued once, downloaded once


@pytest.mark.parametrize(
    ("action", "kwargs", "kind", "expected"),
    [
        (
            "ask_correction",
            {"note": "请写明所需文件的名称或者文号"},
            "correction",
            "请写明所需文件的名称或者文号",
        ),
        ("extend", {"note": "需要调取档案"}, "extension", "因需要调取档案，"),
        (
            "start_consultation",
            {"party": "某某建设有限公司"},
            "consultation",
            "某某建设有限公司：",
        ),
        (
            "fee_notice",
            {"amount": "100", "note": "到本机关财务室缴纳"},
            "fee",
            "人民币100.00元",
        ),
    ],
)
def test_each_event_letter_carries_its_facts(
    agency: Agency,
    registrar: Any,
    handler: Any,
    approver: Any,
    action: str,
    kwargs: dict[str, Any],
    kind: str,
    expected: str,
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    who = approver if action == "extend" else handler
    if action == "fee_notice":
        from decimal import Decimal

        kwargs = {**kwargs, "amount": Decimal(kwargs["amount"])}
    getattr(services, action)(case.pk, who, date(2024, 5, 22), **kwargs)
    event = case.events.get(action=action)
    letter = issue_letter(case.pk, event.pk, handler)
    assert letter.kind == kind and expected in letter.text
    assert "{" not in letter.text


def test_consultation_without_a_party_is_refused_naming_it(
    agency: Agency, registrar: Any, handler: Any, login: Login
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    services.start_consultation(case.pk, handler, date(2024, 5, 22))
    event = event_of(case, Action.START_CONSULTATION)
    response = login(handler).post(
        f"/cases/{case.pk}/events/{event.pk}/letter/", follow=True
    )
    assert "{party}（被征求意见的第三方）" in response.content.decode()
    assert not Letter.objects.exists()


def test_withdrawal_issues_a_termination_letter(
    agency: Agency, registrar: Any, handler: Any
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    services.withdraw(case.pk, handler, date(2024, 5, 22))
    letter = Letter.objects.get(application=case)
    assert letter.kind == "termination" and "您已撤回该申请" in letter.text


def test_letters_are_for_case_roles_only(
    partial: Application, auditor: Any, agency_admin: Any, login: Login
) -> None:
    letter = reply_letter(partial)
    for user in (auditor, agency_admin):
        response = login(user).get(f"/cases/{partial.pk}/letters/{letter.pk}.docx")
        assert response.status_code == 403
        assert "只有办理案件的岗位" in response.content.decode()
        event = event_of(partial, Action.REGISTER)
        login(user).post(f"/cases/{partial.pk}/events/{event.pk}/letter/")
    assert Letter.objects.filter(application=partial).count() == 1


def test_letter_settings_are_for_the_agency_administrator(
    agency: Agency, agency_admin: Any, approver: Any, login: Login
) -> None:
    fields = {
        "document_prefix": "示政公开",
        "reconsideration_body": "示范市人民政府",
        "court": "示范市示范区人民法院",
    }
    url = f"/a/{agency.code}/letters/settings/"
    assert login(approver).post(url, fields).status_code == 403
    assert login(agency_admin).post(url, fields).status_code == 302
    agency.refresh_from_db()
    assert agency.court == "示范市示范区人民法院"
    assert AuditLog.objects.filter(summary__contains="文书设置").count() == 1


def test_default_wording_has_no_marker_and_no_counting_note() -> None:
    for kind in LetterKind:
        outcomes = list(Outcome) if kind.has_outcome else [None]
        for outcome in outcomes:
            if kind is LetterKind.TERMINATION and outcome not in (
                Outcome.OTHER_NO_CORRECTION,
                Outcome.OTHER_UNPAID_FEE,
                Outcome.OTHER_MISC,
                Outcome.OTHER,
            ):
                continue
            title, body = default_template(kind, outcome)
            check_placeholders(body)
            assert "请填写" not in body and COUNTING_NOTE not in body


def test_the_reply_form_says_the_note_goes_into_the_letter(
    agency: Agency, registrar: Any, handler: Any, login: Login
) -> None:
    case = make_application(agency, registrar, received=date(2024, 5, 20))
    page = login(handler).get(f"/cases/{case.pk}/reply/").content.decode()
    assert "写入答复书" in page


def test_letter_pdf_download_is_a4(
    partial: Application, handler: Any, login: Login
) -> None:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    letter = reply_letter(partial)
    response = login(handler).get(f"/cases/{partial.pk}/letters/{letter.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as document:
        sizes = {(round(p.width), round(p.height)) for p in document.pages}
        text = "".join(
            "".join((p.extract_text() or "").split()) for p in document.pages
        )
    assert sizes == {(595, 842)}
    assert REASONS in text and COUNTING_NOTE not in text
    assert (
        login(handler).get(f"/cases/{partial.pk}/letters/{letter.pk}.txt").status_code
        == 404
    )


def test_without_the_pdf_converter_the_download_says_so_in_the_users_language(
    partial: Application, handler: Any, login: Login, monkeypatch: Any
) -> None:
    import gongkai.render.pdf

    monkeypatch.setattr(gongkai.render.pdf, "find_soffice", lambda: None)
    letter = reply_letter(partial)
    url = f"/cases/{partial.pk}/letters/{letter.pk}.pdf"
    client = login(handler)

    chinese = client.get(url)
    english = client.get(url + "?lang=en")

    assert chinese.status_code == english.status_code == 503
    assert "暂时无法生成PDF文件，请下载DOCX文件" in chinese.content.decode()
    assert "The PDF cannot be made just now" in english.content.decode()
    for page in (chinese, english):
        assert "soffice" not in page.content.decode()  # the cause is logged, not shown
