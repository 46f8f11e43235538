"""Reply letters (答复书): the template of an outcome, filled in, written as DOCX."""

from __future__ import annotations

import io
import string
from datetime import date
from decimal import Decimal

from django.db.models import Q
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.errors import InvalidInput
from gongkai.vocabulary import Outcome
from gongkai_web.applications.letter_defaults import default_template
from gongkai_web.applications.models import Application, ReplyTemplate

PLACEHOLDERS = {
    "applicant": "申请人姓名或名称",
    "received": "收到申请日期",
    "content": "申请内容",
    "tracking_number": "编号",
    "agency": "机关名称",
    "reply_date": "答复日期",
    "outcome": "办理结果",
    "fee": "收费金额",
}
FONT = "宋体"


def check_placeholders(text: str) -> None:
    """Refuse a template with anything but plain `{name}` placeholders of the list.

    A format spec or conversion (`{fee:>999999999}`, `{applicant!r}`), an attribute or
    index (`{agency.name}`) or an unknown name is refused, as is a broken brace;
    `{{` and `}}` stand for the braces themselves.

    Raises:
        InvalidInput: naming the placeholder.
    """
    known = "、".join("{" + key + "}" for key in PLACEHOLDERS)
    try:
        fields = [
            (name, spec, conversion)
            for _lit, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError as exc:
        raise InvalidInput(f"模板中的花括号不成对：{exc} (unbalanced braces)") from None
    for name, spec, conversion in fields:
        written = "{" + name + (f"!{conversion}" if conversion else "")
        written += (f":{spec}" if spec else "") + "}"
        if spec or conversion:
            raise InvalidInput(
                f"占位符 {written[:60]} 只能写成 {{{name}}}，不能带格式 "
                f"(placeholder {written[:60]}: only plain {{name}} is allowed)"
            )
        if name not in PLACEHOLDERS:
            raise InvalidInput(
                f"未知占位符 {written[:60]}，可用：{known} "
                f"(unknown placeholder {written[:60]})"
            )


def template_for(agency_id: int, outcome: Outcome) -> tuple[str, str]:
    """Return the (title, body) in force for an agency and outcome: its own, or the default."""
    found = ReplyTemplate.objects.filter(
        Q(agency_id=agency_id) | Q(agency__isnull=True), outcome=outcome.value
    )
    rows = sorted(found, key=lambda t: t.agency_id is None)  # the agency's own first
    if rows:
        return rows[0].title, rows[0].body
    return default_template(outcome)


def chinese_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def render_letter_text(application: Application) -> str:
    """Return the letter of a closed case (title on the first line), filled in.

    Raises:
        InvalidInput: for a case that has no outcome yet.
    """
    outcome = application.outcome_enum
    if outcome is None:
        raise InvalidInput(
            f"{application.tracking_number}: 尚未答复，不能生成答复书 (not replied yet)"
        )
    title, body = template_for(application.agency_id, outcome)
    check_placeholders(body)  # a template stored before the check: refused, not run
    values = {
        "applicant": application.applicant_name,
        "received": chinese_date(application.received),
        "content": application.content,
        "tracking_number": application.tracking_number,
        "agency": application.agency.name,
        "reply_date": chinese_date(application.reply_date),
        "outcome": outcome.label,
        "fee": f"{application.fee or Decimal(0):.2f}元",
    }
    return title + "\n" + body.format_map(values)


def letter_docx(application: Application) -> bytes:
    """Return the reply letter of a closed case as a DOCX document.

    Raises:
        InvalidInput: for a case that has no outcome yet.
    """
    text = application.letter_text or render_letter_text(application)
    title, _sep, body = text.partition("\n")
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(20)
    number = document.add_paragraph(f"编号：{application.tracking_number}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    lines = body.split("\n")
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph(line)
        if index >= len(lines) - 2:  # agency and date, signed at the right
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
