"""Reply letters: the template of the outcome, filled in, read back from the DOCX."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from docx import Document

from gongkai.errors import InvalidInput
from gongkai.vocabulary import Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services
from gongkai_web.applications.letter_defaults import default_template
from gongkai_web.applications.letters import check_placeholders, letter_docx
from gongkai_web.applications.models import Application, ReplyTemplate
from gongkai_web.audit.models import AuditAction, AuditLog
from tests.gongkai_web.conftest import make_application


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def replied(agency: Agency, registrar: Any, handler: Any) -> Application:
    case = make_application(
        agency, registrar, received=date(2024, 5, 20), applicant_name="王小明"
    )
    return services.reply(
        case.pk, handler, date(2024, 5, 31), outcome=Outcome.DENIED_THIRD_PARTY
    )


def test_letter_docx_holds_applicant_outcome_and_article(replied: Application) -> None:
    text = docx_text(letter_docx(replied))
    assert text.startswith("政府信息公开申请答复书")
    assert "王小明：" in text
    assert "不予公开-保护第三方合法权益" in text
    assert "第十五条、第三十二条、第三十六条第（三）项" in text
    assert "2024年5月20日" in text and "2024年5月31日" in text
    assert replied.tracking_number in text and replied.agency.name in text


@pytest.mark.django_db
def test_every_outcome_has_a_default_template_stored_with_valid_placeholders() -> None:
    for outcome in Outcome:
        title, body = default_template(outcome)
        check_placeholders(body)
        assert "{outcome}" in body and "{applicant}" in body
    assert ReplyTemplate.objects.filter(agency=None).count() == len(Outcome)


def test_agency_template_replaces_the_default_and_is_used_at_reply(
    agency: Agency,
    registrar: Any,
    handler: Any,
    approver: Any,
    login: Callable[[Any], Client],
) -> None:
    response = login(approver).post(
        f"/a/{agency.code}/templates/granted/",
        {
            "title": "公开答复",
            "body": "{applicant}：您申请的{content}予以公开（{outcome}）。",
        },
    )
    assert response.status_code == 302
    case = make_application(
        agency, registrar, received=date(2024, 5, 20), content="预算表"
    )
    case = services.reply(case.pk, handler, date(2024, 5, 31), outcome=Outcome.GRANTED)
    assert (
        docx_text(letter_docx(case))
        == "公开答复\n编号：2024-0001\n张三：您申请的预算表予以公开（予以公开）。"
    )
    assert AuditLog.objects.filter(action=AuditAction.TEMPLATE).count() == 1


def test_template_with_unknown_placeholder_is_refused(
    agency: Agency, approver: Any, login: Callable[[Any], Client]
) -> None:
    response = login(approver).post(
        f"/a/{agency.code}/templates/granted/", {"title": "x", "body": "{name} 你好"}
    )
    assert "未知占位符 {name}" in response.content.decode()
    assert not ReplyTemplate.objects.filter(agency=agency).exists()
    with pytest.raises(InvalidInput, match="花括号不成对"):
        check_placeholders("{applicant")


def test_handler_cannot_change_templates(
    agency: Agency, handler: Any, login: Callable[[Any], Client]
) -> None:
    response = login(handler).post(
        f"/a/{agency.code}/templates/granted/", {"title": "x", "body": "{applicant}"}
    )
    assert response.status_code == 403
    assert not ReplyTemplate.objects.filter(agency=agency).exists()


def test_letter_download_by_page_is_logged(
    replied: Application, auditor: Any, login: Callable[[Any], Client]
) -> None:
    response = login(auditor).get(f"/cases/{replied.pk}/letter.docx")
    assert response.status_code == 200
    assert "王小明" in docx_text(response.content)
    assert (
        AuditLog.objects.filter(action=AuditAction.LETTER, actor=auditor).count() == 1
    )


def test_no_letter_for_an_open_case(
    agency: Agency, registrar: Any, handler: Any, login: Callable[[Any], Client]
) -> None:
    case = make_application(agency, registrar)
    response = login(handler).get(f"/cases/{case.pk}/letter.docx")
    assert response.status_code == 409
    assert "尚未答复" in response.content.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{fee:>999999999}", "占位符 {fee:>999999999} 只能写成 {fee}"),
        ("{applicant!r}", "only plain {name} is allowed"),
        ("{agency.name}", "未知占位符 {agency.name}"),
        ("{content[0]}", "未知占位符 {content[0]}"),
        ("{}", "未知占位符 {}"),
        ("{0}", "未知占位符 {0}"),
    ],
)
def test_only_plain_known_placeholders_are_allowed(body: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        check_placeholders(body)


def test_plain_placeholders_and_escaped_braces_are_allowed() -> None:
    check_placeholders("{{编号}} {tracking_number}：{applicant}，{fee}")


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
