"""What every format revision shares: section headings, section 三's applicant columns
and first and last rows, section 四, and the topics of section 一.

A revision module builds its tables from these pieces; a later revision that changes
one of them defines its own instead.
"""

from __future__ import annotations

from gongkai.report.formats.spec import (
    ApplicationRow,
    Column,
    ReviewGroup,
    TableSpec,
    Topic,
)

TABLES: dict[str, TableSpec] = {
    "proactive": TableSpec("proactive", "二、主动公开政府信息情况"),
    "applications": TableSpec("applications", "三、收到和处理政府信息公开申请情况"),
    "review_litigation": TableSpec(
        "review_litigation", "四、政府信息公开行政复议、行政诉讼情况"
    ),
}

SECTION_HEADINGS: dict[str, str] = {
    "1": "一、总体情况",
    "2": TABLES["proactive"].heading,
    "3": TABLES["applications"].heading,
    "4": TABLES["review_litigation"].heading,
    "5": "五、存在的主要问题及改进情况",
    "6": "六、其他需要报告的事项",
}

# --- section 一 -------------------------------------------------------------------

# The topics the 2021 format names; the 2019 wording is unconfirmed (formats.md §2).
OVERVIEW_TOPICS: tuple[Topic, ...] = (
    ("（一）主动公开情况", "本年度主动公开政府信息的主要做法、数量和渠道。"),
    ("（二）依申请公开情况", "收到和办理政府信息公开申请的总体情况。"),
    ("（三）政府信息管理情况", "公开审查、目录和指南维护、信息更新等制度和做法。"),
    ("（四）政府信息公开平台建设情况", "门户网站、政务新媒体等公开平台的建设和管理。"),
    ("（五）监督保障情况", "组织领导、培训、考核、社会评议和责任追究情况。"),
)
PROBLEMS = "本年度政府信息公开工作存在的主要问题。"
IMPROVEMENTS = "下一步的改进措施。"

# --- section 三 -------------------------------------------------------------------

APPLICANT_GROUP = "申请人情况"
ORGANISATION_GROUP = "法人或其他组织"
APPLICATIONS_CORNER = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
)
RESULTS_GROUP = "三、本年度办理结果"

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_TYPES = APPLICANT_COLUMNS[:6]
ORGANISATION_COLUMNS = APPLICANT_COLUMNS[1:6]

DENIED = "（三）不予公开"
UNABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"


def outcome(row_id: str, label: str, group: str | None = None) -> ApplicationRow:
    """Return a row of 三、本年度办理结果 (the rows that add up to 总计)."""
    return ApplicationRow(row_id, label, group, is_outcome=True)


# The rows before （六）其他处理, the same in 2019 and 2021.
APPLICATIONS_HEAD: tuple[ApplicationRow, ...] = (
    ApplicationRow("new_received", "一、本年新收政府信息公开申请数量"),
    ApplicationRow("carried_over", "二、上年结转政府信息公开申请数量"),
    outcome("granted", "（一）予以公开"),
    outcome(
        "partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    ),
    outcome("denied_state_secret", "1.属于国家秘密", DENIED),
    outcome("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", DENIED),
    outcome("denied_security_stability", "3.危及“三安全一稳定”", DENIED),
    outcome("denied_third_party", "4.保护第三方合法权益", DENIED),
    outcome("denied_internal_affairs", "5.属于三类内部事务信息", DENIED),
    outcome("denied_process_info", "6.属于四类过程性信息", DENIED),
    outcome("denied_enforcement_file", "7.属于行政执法案卷", DENIED),
    outcome("denied_administrative_query", "8.属于行政查询事项", DENIED),
    outcome("unable_not_held", "1.本机关不掌握相关政府信息", UNABLE),
    outcome("unable_needs_creation", "2.没有现成信息需要另行制作", UNABLE),
    outcome("unable_unclear_after_correction", "3.补正后申请内容仍不明确", UNABLE),
    outcome("not_processed_petition", "1.信访举报投诉类申请", NOT_PROCESSED),
    outcome("not_processed_duplicate", "2.重复申请", NOT_PROCESSED),
    outcome("not_processed_publication", "3.要求提供公开出版物", NOT_PROCESSED),
    outcome("not_processed_excessive", "4.无正当理由大量反复申请", NOT_PROCESSED),
    outcome(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        NOT_PROCESSED,
    ),
)
# The rows after （六）其他处理.
APPLICATIONS_TAIL: tuple[ApplicationRow, ...] = (
    ApplicationRow("total", "（七）总计"),
    ApplicationRow("carried_forward", "四、结转下年度继续办理"),
)

# --- section 四 -------------------------------------------------------------------

REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
LITIGATION = "行政诉讼"
REVIEW_GROUPS: tuple[ReviewGroup, ...] = (
    ReviewGroup("reconsideration", "行政复议", None),
    ReviewGroup("litigation_direct", "未经复议直接起诉", LITIGATION),
    ReviewGroup("litigation_after_reconsideration", "复议后起诉", LITIGATION),
)
