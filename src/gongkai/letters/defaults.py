"""The default wording of every letter, as an agency starts with it.

Each letter is a title and a body: the body's first line is the addressee, a short line
opening with 一、 is a first-level heading, every other line a paragraph. The issuing
agency, the date and the seal space are added by the layout, never by the template.
Placeholders are those of `text.PLACEHOLDERS`; a placeholder whose fact is empty makes
the letter refused, so `{reasons}` appears only where the law wants reasons given
(条例第三十六条第（三）项: 不予公开的，说明理由) or where a letter says nothing without them.
An agency edits its own copy in the back office; these stay the installation's default.
"""

from __future__ import annotations

from gongkai.letters.kinds import LetterKind
from gongkai.vocabulary import Outcome

REGULATIONS = "《中华人民共和国政府信息公开条例》"

OPENING = (
    "{applicant}：\n"
    "本机关于{received}收到您（单位）提出的政府信息公开申请"
    "（申请编号：{tracking_number}），申请获取：{content}。\n"
)


def remedies(document: str) -> str:
    """Return the remedies paragraph of a decision letter called `document`.

    行政复议法（2023年修订）第二十条: sixty days; 行政诉讼法第四十六条: six months.
    The domain spec (process.md §7) marks both periods unconfirmed: verify before use.
    """
    return (
        f"如对本{document}不服，可以自收到本{document}之日起六十日内向"
        "{reconsideration_body}申请行政复议，或者自收到本"
        f"{document}之日起六个月内向"
        "{court}提起行政诉讼。\n"
    )


TITLES: dict[LetterKind, str] = {
    LetterKind.RECEIPT: "政府信息公开申请受理回执",
    LetterKind.CORRECTION: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.CONSULTATION: "政府信息公开第三方意见征询函",
    LetterKind.FEE: "政府信息公开信息处理费缴费通知",
    LetterKind.REPLY: "政府信息公开申请答复书",
    LetterKind.TERMINATION: "政府信息公开申请终止办理告知书",
}

BODIES: dict[LetterKind, str] = {
    LetterKind.RECEIPT: (
        "{applicant}：\n"
        "本机关于{received}收到您（单位）以{channel}方式提出的政府信息公开申请，"
        "已予登记。现将有关事项告知如下：\n"
        "一、申请编号：{tracking_number}。\n"
        "二、申请内容：{content}。\n"
        f"三、根据{REGULATIONS}第三十三条的规定，本机关自收到申请之日起20个工作日内"
        "予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知您，"
        "延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在"
        "上述期限内。\n"
        "四、本回执仅证明本机关已收到您的申请，不代表对申请内容的审查意见。"
    ),
    LetterKind.CORRECTION: (
        OPENING + "经审查，您的申请内容不明确。根据"
        f"{REGULATIONS}第二十九条第二款、第三十条的规定，请您对申请作出如下补正：\n"
        "{correction_items}\n"
        "请您自收到本告知书之日起15个工作日内，将补正后的申请提交本机关。"
        "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，"
        "视为放弃申请，本机关不再处理该政府信息公开申请。"
    ),
    LetterKind.EXTENSION: (
        "{applicant}：\n"
        "本机关于{received}收到您（单位）提出的政府信息公开申请"
        "（申请编号：{tracking_number}）。因{reasons}，本机关不能在20个工作日内"
        f"作出答复。根据{REGULATIONS}第三十三条第二款的规定，经本机关政府信息公开"
        "工作机构负责人同意，答复期限延长20个工作日，本机关将于{due_date}前"
        "作出答复。\n"
        "特此告知。"
    ),
    LetterKind.CONSULTATION: (
        "{party}：\n"
        "本机关于{received}收到政府信息公开申请（申请编号：{tracking_number}），"
        "申请公开以下政府信息：{content}。\n"
        "本机关认为，公开该政府信息可能损害你方（你单位）的合法权益。根据"
        f"{REGULATIONS}第三十二条的规定，现书面征求你方（你单位）的意见。\n"
        "请你方（你单位）自收到本函之日起15个工作日内提出书面意见，说明是否同意"
        "公开；不同意公开的，请说明理由。逾期未提出意见的，由本机关依照"
        f"{REGULATIONS}的规定决定。你方（你单位）不同意公开且有合理理由的，本机关"
        "不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
        "并将决定公开的政府信息内容和理由书面告知你方（你单位）。"
    ),
    LetterKind.FEE: (
        "{applicant}：\n"
        "本机关于{received}收到您（单位）提出的政府信息公开申请"
        "（申请编号：{tracking_number}）。经审查，您申请公开政府信息的数量、频次"
        f"明显超过合理范围。根据{REGULATIONS}第四十二条和《政府信息公开信息处理费"
        "管理办法》（国办函〔2020〕109号）的规定，本机关收取信息处理费人民币"
        "{amount}。\n"
        "缴费方式：{payment_method}\n"
        "请您自收到本通知之次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。"
    ),
}

_DENIED = "根据{basis}的规定，本机关决定不予公开，理由如下：{reasons}。"

REPLY_PARAGRAPHS: dict[Outcome, str] = {
    Outcome.GRANTED: (
        "经审查，您申请获取的政府信息属于公开范围。根据{basis}的规定，"
        "本机关向您提供该政府信息（见附件）。"
    ),
    Outcome.PARTIALLY_GRANTED: (
        "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。"
        "根据{basis}的规定，本机关向您提供可以公开的部分（见附件）。"
        "对不予公开的部分，理由如下：{reasons}。"
    ),
    Outcome.DENIED_STATE_SECRET: "经审查，您申请获取的政府信息属于国家秘密。" + _DENIED,
    Outcome.DENIED_PROHIBITED_BY_LAW: (
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。" + _DENIED
    ),
    Outcome.DENIED_SECURITY_STABILITY: (
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、"
        "社会稳定。" + _DENIED
    ),
    Outcome.DENIED_THIRD_PARTY: (
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法"
        "权益造成损害。" + _DENIED
    ),
    Outcome.DENIED_INTERNAL_AFFAIRS: (
        "经审查，您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务"
        "信息。" + _DENIED
    ),
    Outcome.DENIED_PROCESS_INFO: (
        "经审查，您申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论"
        "记录、过程稿、磋商信函、请示报告等过程性信息。" + _DENIED
    ),
    Outcome.DENIED_ENFORCEMENT_FILE: (
        "经审查，您申请获取的信息属于行政执法案卷信息。" + _DENIED
    ),
    Outcome.DENIED_ADMINISTRATIVE_QUERY: (
        "经审查，有关法律、行政法规对您申请获取的信息的获取有特别规定。根据{basis}"
        "的规定，请您按照有关法律、行政法规的规定办理：{reasons}。"
    ),
    Outcome.UNABLE_NOT_HELD: (
        "本机关对您申请获取的政府信息进行了检索查找，检索情况如下：{reasons}。"
        "经检索查找，本机关未制作、获取该政府信息。根据{basis}的规定，"
        "告知您该政府信息不存在。"
    ),
    Outcome.UNABLE_NEEDS_CREATION: (
        "经审查，向您提供所申请的信息需要本机关对现有政府信息进行加工、分析。"
        "根据{basis}的规定，本机关不予提供，理由如下：{reasons}。"
    ),
    Outcome.UNABLE_UNCLEAR_AFTER_CORRECTION: (
        "本机关已告知您对申请作出补正。经补正，您的申请内容仍不明确，本机关无法"
        "确定您所需的政府信息。根据{basis}的规定，本机关无法提供。"
    ),
    Outcome.NOT_PROCESSED_PETITION: (
        "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{basis}"
        "的规定，本机关不作为政府信息公开申请处理，您可以通过相应的渠道提出。"
    ),
    Outcome.NOT_PROCESSED_DUPLICATE: (
        "经审查，您提出的申请与本机关已作出答复的申请内容相同：{reasons}。"
        "根据{basis}的规定，本机关不予重复处理。"
    ),
    Outcome.NOT_PROCESSED_PUBLICATION: (
        "经审查，您要求提供的信息属于政府公报、报刊、书籍等公开出版物。根据{basis}"
        "的规定，告知您获取的途径：{reasons}。"
    ),
    Outcome.NOT_PROCESSED_EXCESSIVE: (
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求，"
        "您未能说明理由或者所说明的理由不合理。根据{basis}的规定，本机关不予处理。"
    ),
    Outcome.NOT_PROCESSED_CONFIRMATION: (
        "经审查，您要求本机关确认或者重新出具已获取的信息，不属于"
        f"{REGULATIONS}规定的政府信息公开申请，本机关不作为政府信息公开申请处理。"
    ),
}

_TERMINATION_START = (
    "{applicant}：\n"
    "本机关于{received}收到您（单位）提出的政府信息公开申请"
    "（申请编号：{tracking_number}）。"
)
_ABANDONED = "根据{basis}的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。\n"
TERMINATION_BODIES: dict[Outcome, str] = {
    Outcome.OTHER_NO_CORRECTION: (
        _TERMINATION_START
        + "本机关已告知您对申请作出补正，您无正当理由逾期未补正。"
        + _ABANDONED
        + remedies("告知书")
    ),
    Outcome.OTHER_UNPAID_FEE: (
        _TERMINATION_START + "本机关已向您发出信息处理费缴费通知，您未在规定的期限内"
        "缴纳。" + _ABANDONED + remedies("告知书")
    ),
    Outcome.OTHER_MISC: (
        _TERMINATION_START + "您已撤回该申请，本机关终止办理。\n特此告知。"
    ),
}
TERMINATION_BODIES[Outcome.OTHER] = TERMINATION_BODIES[Outcome.OTHER_MISC]


def default_template(
    kind: LetterKind, outcome: Outcome | None = None
) -> tuple[str, str]:
    """Return the default (title, body) of a letter; replies and terminations by outcome.

    Raises:
        KeyError: for a reply or termination without an outcome it has wording for.
    """
    if not kind.has_outcome:
        title, body = TITLES[kind], BODIES[kind]
    elif outcome is None:
        raise KeyError(f"{kind.label} needs an outcome")
    elif kind is LetterKind.TERMINATION or outcome in TERMINATION_BODIES:
        title, body = TITLES[LetterKind.TERMINATION], TERMINATION_BODIES[outcome]
    else:
        paragraph = REPLY_PARAGRAPHS[outcome]
        title, body = TITLES[kind], OPENING + paragraph + "\n" + remedies("答复书")
    return title, body.rstrip("\n")
