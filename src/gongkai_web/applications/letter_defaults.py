"""The default reply-letter (答复书) texts, one per outcome, each citing its article.

Articles are those of the 政府信息公开条例 (2019 revision) as listed in process.md §3.7.
An agency edits its own copy in the back office; these stay as the installation default.
Placeholders: {applicant} {received} {content} {tracking_number} {agency} {reply_date}
{outcome} {fee}.
"""

from __future__ import annotations

from gongkai.vocabulary import Outcome

REGULATIONS = "《中华人民共和国政府信息公开条例》"

OPENING = (
    "{applicant}：\n"
    "本机关于{received}收到您（单位）提出的政府信息公开申请（编号：{tracking_number}），"
    "申请获取：{content}。\n"
    "经审查，办理结果为：{outcome}。现答复如下：\n"
)
REMEDY = (
    "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
    "或者自收到本答复之日起六个月内依法提起行政诉讼。\n"
)
CLOSING = "{agency}\n{reply_date}"

REPLY_TITLE = "政府信息公开申请答复书"
CLOSURE_TITLE = "政府信息公开申请终止办理告知书"

_PARAGRAPHS: dict[Outcome, str] = {
    Outcome.GRANTED: (
        f"您申请获取的政府信息属于公开范围。根据{REGULATIONS}第三十六条第（二）项的规定，"
        "本机关向您提供该政府信息（见附件）。"
    ),
    Outcome.PARTIALLY_GRANTED: (
        f"您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。"
        f"根据{REGULATIONS}第三十七条的规定，本机关向您提供可以公开的部分（见附件），"
        "不予公开部分的理由是：（请填写）。"
    ),
    Outcome.DENIED_STATE_SECRET: (
        f"您申请获取的政府信息属于国家秘密。根据{REGULATIONS}第十四条、第三十六条第（三）项的"
        "规定，本机关不予公开。"
    ),
    Outcome.DENIED_PROHIBITED_BY_LAW: (
        f"您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据{REGULATIONS}"
        "第十四条、第三十六条第（三）项的规定，本机关不予公开。"
    ),
    Outcome.DENIED_SECURITY_STABILITY: (
        f"您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"
        f"根据{REGULATIONS}第十四条、第三十六条第（三）项的规定，本机关不予公开。"
    ),
    Outcome.DENIED_THIRD_PARTY: (
        f"您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
        f"根据{REGULATIONS}第十五条、第三十二条、第三十六条第（三）项的规定，本机关不予公开。"
    ),
    Outcome.DENIED_INTERNAL_AFFAIRS: (
        f"您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息。"
        f"根据{REGULATIONS}第十六条第一款、第三十六条第（三）项的规定，本机关不予公开。"
    ),
    Outcome.DENIED_PROCESS_INFO: (
        f"您申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
        f"磋商信函、请示报告等过程性信息。根据{REGULATIONS}第十六条第二款、第三十六条第（三）项"
        "的规定，本机关不予公开。"
    ),
    Outcome.DENIED_ENFORCEMENT_FILE: (
        f"您申请获取的信息属于行政执法案卷信息。根据{REGULATIONS}第十六条第二款、"
        "第三十六条第（三）项的规定，本机关不予公开。"
    ),
    Outcome.DENIED_ADMINISTRATIVE_QUERY: (
        f"您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项。"
        f"根据{REGULATIONS}第三十六条第（七）项的规定，请您按照有关法律、行政法规的规定办理。"
    ),
    Outcome.UNABLE_NOT_HELD: (
        f"经检索查找，本机关未制作或者获取您申请的政府信息。根据{REGULATIONS}"
        "第三十六条第（四）项（或第（五）项）的规定，告知您该政府信息不存在"
        "（或者由其他机关负责公开：请填写该机关的名称、联系方式）。"
    ),
    Outcome.UNABLE_NEEDS_CREATION: (
        f"您申请获取的信息需要本机关对现有政府信息进行加工、分析后另行制作。"
        f"根据{REGULATIONS}第三十八条的规定，本机关不予提供。"
    ),
    Outcome.UNABLE_UNCLEAR_AFTER_CORRECTION: (
        f"经补正，您的申请内容仍不明确，本机关无法确定您所需的政府信息。"
        f"根据{REGULATIONS}第三十条的规定，本机关无法提供。"
    ),
    Outcome.NOT_PROCESSED_PETITION: (
        f"您以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{REGULATIONS}"
        "第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。"
    ),
    Outcome.NOT_PROCESSED_DUPLICATE: (
        f"您提出的申请与本机关已经答复的申请内容相同，属于重复申请。根据{REGULATIONS}"
        "第三十六条第（六）项的规定，本机关不予重复处理。"
    ),
    Outcome.NOT_PROCESSED_PUBLICATION: (
        f"您要求提供的信息属于政府公报、报刊、书籍等公开出版物。根据{REGULATIONS}"
        "第三十九条第二款的规定，本机关告知您获取的途径：（请填写）。"
    ),
    Outcome.NOT_PROCESSED_EXCESSIVE: (
        f"您申请公开政府信息的数量、频次明显超过合理范围，且未说明正当理由。根据{REGULATIONS}"
        "第三十五条的规定，本机关不予处理。"
    ),
    Outcome.NOT_PROCESSED_CONFIRMATION: (
        "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的范围，"
        "本机关不予处理。"
    ),
    Outcome.OTHER_NO_CORRECTION: (
        f"本机关已告知您对申请作出补正，您无正当理由逾期未补正。根据{REGULATIONS}"
        "第三十条的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。"
    ),
    Outcome.OTHER_UNPAID_FEE: (
        "您未在收费通知要求的期限内缴纳信息处理费。根据《政府信息公开信息处理费管理办法》"
        "（国办函〔2020〕109号）的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。"
    ),
    Outcome.OTHER_MISC: "本机关对您的申请作如下处理：（请填写）。",
    Outcome.OTHER: "本机关对您的申请作如下处理：（请填写）。",
}

_CLOSURES = {Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE}


def default_template(outcome: Outcome) -> tuple[str, str]:
    """Return the default (title, body) of the letter for `outcome`."""
    title = CLOSURE_TITLE if outcome in _CLOSURES else REPLY_TITLE
    body = OPENING + _PARAGRAPHS[outcome] + "\n" + REMEDY + CLOSING
    return title, body
