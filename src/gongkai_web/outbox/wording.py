"""The wording of each notice: defaults in Chinese, an agency's own text, filling in.

A template is plain text with `{name}` placeholders from `PLACEHOLDERS`, as for the
reply-letter templates; the agency administrator edits it on the notice templates
page. The values are filled in when the message is written, so the outbox keeps the
text as sent even if the template changes later.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from django.db.models import Q

from gongkai.errors import InvalidInput
from gongkai_web.outbox.models import NoticeKind, NoticeTemplate

PLACEHOLDERS: dict[str, str] = {
    "applicant": "申请人姓名或名称",
    "tracking_number": "申请编号",
    "agency": "机关名称",
    "received": "收到申请日期",
    "due_date": "答复期限",
    "content": "申请内容（前100字）",
    "note": "办理说明",
    "amount": "收费金额",
    "outcome": "办理结果",
    "reply_date": "答复日期",
    "status_url": "办理进度查询网址",
    "letter": "文书名称",
    "document_number": "文号",
    "user": "工作人员姓名",
    "handler": "承办人",
    "count": "案件数",
    "cases": "案件清单",
}

_K = NoticeKind
SIGN = "\n\n{agency}\n（本邮件由系统自动发送，请勿直接回复。）"
DEFAULTS: dict[NoticeKind, tuple[str, str]] = {
    _K.RECEIPT: (
        "【{agency}】已收到您的政府信息公开申请（编号 {tracking_number}）",
        "{applicant}：\n\n本机关已于{received}收到您提出的政府信息公开申请，申请编号为"
        " {tracking_number}。\n\n申请内容：{content}\n\n按照《中华人民共和国政府信息公开条例》"
        "第三十三条，本机关将在{due_date}前答复。\n您可以凭申请编号和提交申请时页面显示的查询码"
        "在 {status_url} 查询办理进度。为保护您的信息，本邮件不含查询码；查询码遗失的，"
        "请联系本机关重新出具。" + SIGN,
    ),
    _K.CORRECTION: (
        "【{agency}】请补正您的政府信息公开申请（编号 {tracking_number}）",
        "{applicant}：\n\n您于{received}提出的政府信息公开申请（编号 {tracking_number}）"
        "内容不明确，依照《中华人民共和国政府信息公开条例》第三十条，请您作出补正：\n\n"
        "{note}\n\n答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，"
        "视为放弃申请。补正告知书见办理进度页面 {status_url}。" + SIGN,
    ),
    _K.EXTENSION: (
        "【{agency}】延长答复期限告知（编号 {tracking_number}）",
        "{applicant}：\n\n您于{received}提出的政府信息公开申请（编号 {tracking_number}），"
        "因需要延长答复期限，经政府信息公开工作机构负责人同意，依照《中华人民共和国政府信息"
        "公开条例》第三十三条第二款，答复期限延长至{due_date}。\n\n{note}" + SIGN,
    ),
    _K.CONSULTATION: (
        "【{agency}】征求第三方意见告知（编号 {tracking_number}）",
        "{applicant}：\n\n您于{received}提出的政府信息公开申请（编号 {tracking_number}）"
        "涉及第三方合法权益，本机关依照《中华人民共和国政府信息公开条例》第三十二条"
        "书面征求第三方意见。征求意见所需时间不计算在答复期限内（第三十三条第三款）。"
        "\n\n{note}" + SIGN,
    ),
    _K.FEE: (
        "【{agency}】信息处理费缴费通知（编号 {tracking_number}）",
        "{applicant}：\n\n您于{received}提出的政府信息公开申请（编号 {tracking_number}），"
        "依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），需缴纳信息处理费"
        " {amount}。请自收到本通知之日起20个工作日内缴纳；逾期未缴纳的，视为放弃申请。"
        "缴费期间不计算在答复期限内。\n\n{note}" + SIGN,
    ),
    _K.REPLY: (
        "【{agency}】政府信息公开申请答复（编号 {tracking_number}）",
        "{applicant}：\n\n本机关已于{reply_date}对您提出的政府信息公开申请"
        "（编号 {tracking_number}）作出答复，办理结果：{outcome}。\n\n"
        "答复书见附件，也可以在 {status_url} 凭申请编号和查询码下载。" + SIGN,
    ),
    _K.LETTER: (
        "【{agency}】{letter}（编号 {tracking_number}）",
        "{applicant}：\n\n本机关就您提出的政府信息公开申请（编号 {tracking_number}）"
        "出具了{letter}（{document_number}），见附件，也可以在 {status_url} "
        "凭申请编号和查询码下载。" + SIGN,
    ),
    _K.ASSIGNED: (
        "【政府信息公开】申请 {tracking_number} 已分派给您承办",
        "{handler}：\n\n申请 {tracking_number}（{applicant}，{received}收到）已分派给您承办，"
        "答复期限 {due_date}。\n\n申请内容：{content}\n\n{note}",
    ),
    _K.DIGEST: (
        "【政府信息公开】期限提醒：{count} 件申请即将到期或已超期",
        "{user}：\n\n以下是您承办的即将到期和已超期的申请：\n\n{cases}\n\n"
        "如不希望接收此提醒，可在工作平台“我的通知设置”中关闭。",
    ),
}


def check_placeholders(text: str) -> None:
    """Refuse a template with anything but plain `{name}` placeholders of the list.

    Raises:
        InvalidInput: naming the placeholder or the broken brace.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise InvalidInput(f"模板中的花括号不成对：{exc} (unbalanced braces)") from None
    known = "、".join("{" + key + "}" for key in PLACEHOLDERS)
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or name not in PLACEHOLDERS:
            raise InvalidInput(
                f"占位符 {{{name[:40]}}} 不可用，可用：{known} "
                f"(placeholder {{{name[:40]}}} is not one of the list, or has a format)"
            )


def template_for(agency_id: int | None, kind: NoticeKind) -> tuple[str, str]:
    """Return the (subject, body) in force: the agency's own, the stored default, ours."""
    rows = sorted(
        NoticeTemplate.objects.filter(
            Q(agency_id=agency_id) | Q(agency__isnull=True), kind=kind.value
        ),
        key=lambda t: t.agency_id is None,  # the agency's own first
    )
    if rows:
        return rows[0].subject, rows[0].body
    return DEFAULTS[kind]


def render(
    agency_id: int | None, kind: NoticeKind, values: Mapping[str, str]
) -> tuple[str, str]:
    """Return the (subject, text) of `kind` filled in with `values` (missing ones empty).

    Raises:
        InvalidInput: for a stored template with a placeholder not in the list.
    """
    subject, body = template_for(agency_id, kind)
    filled = {name: values.get(name, "") for name in PLACEHOLDERS}
    check_placeholders(subject)
    check_placeholders(body)
    # One line for the subject: a header cannot hold a line break.
    first = " ".join(subject.format_map(filled).split())
    return first[:300], body.format_map(filled).strip() + "\n"
