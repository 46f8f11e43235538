"""The records of the demo agency (code `demo`), as plain data.

A fictional 示范市人民防空办公室 with a proactive-disclosure catalog, the figures of
other business systems, an application ledger and a reconsideration/litigation
register. Its 2021 report computed from these records reproduces exactly the tables of
the seed report 004 (嘉兴市人民防空办公室 2021: sections 二, 三 and 四); the people,
projects and case numbers are invented. `gongkai demo` loads the same records into the
database, so the web application and the core show the same report.

What the 2021 tables come from:
- 二: no 规章 or 规范性文件 made, repealed or in force in 2021 (the two old normative
  documents expired in 2020); 0 licensing, penalty and enforcement decisions entered;
  fee income 4 887 800.58 元 of 防空地下室易地建设费 = 488.780058 万元.
- 三: nine applications from natural persons received in 2021: four granted, four
  refused to protect third parties' commercial information (after consulting them),
  one received on 2021-12-20 and answered in January 2022 (carried forward).
- 四: one lawsuit filed directly in 2021 and dismissed in 2021 (结果维持). A
  reconsideration filed in 2020 and decided in 2021 counts in 2021 only with the
  `count_concluded_from_previous_year` option.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gongkai.annual import Draft, build_draft, fee_sentence, fees_charged
from gongkai.ledger import LedgerRow
from gongkai.litigation import ReviewCase, ReviewKind, ReviewResult, review_notes
from gongkai.proactive import CatalogItem, Category, CategoryCount, ItemStatus, Measure
from gongkai.report.model import SectionKey
from gongkai.vocabulary import ApplicantType, Channel, Outcome

AGENCY_CODE = "demo"
AGENCY_NAME = "示范市人民防空办公室"
REPORT_YEAR = 2021

_INDEX = "MB1C00001X"  # the agency's (fictional) 统一社会信用代码 prefix of 索引号
C = Category
D = date.fromisoformat

# 索引号 number, title, category, 成文日期, 公开日期 (None: in review), 文号, 废止日期.
_CATALOG: tuple[tuple[str, str, Category, str, str | None, str, str | None], ...] = (
    ("00008", "示范市人民防空办公室关于印发《示范市人防工程平时使用管理办法》的通知",
     C.NORMATIVE_DOCUMENT, "2015-06-01", "2015-06-05", "示人防〔2015〕8号",
     "2020-06-01"),  # 有效期五年，届满失效
    ("00012", "示范市人民防空办公室关于印发《示范市人民防空工程维护管理实施细则》的通知",
     C.NORMATIVE_DOCUMENT, "2016-03-10", "2016-03-15", "示人防〔2016〕12号",
     "2020-12-31"),
    ("00003", "防空地下室易地建设费收费依据及标准",
     C.FEE, "2018-01-10", "2018-01-12", "", None),
    ("00021", "结合民用建筑修建防空地下室审批办事指南",
     C.LICENSING, "2019-06-03", "2019-06-05", "", None),
    ("00022", "人民防空工程建设项目竣工验收备案办事指南",
     C.OTHER_SERVICE, "2019-06-03", "2019-06-05", "", None),
    ("00027", "示范市人民防空办公室行政处罚事项清单",
     C.PENALTY, "2019-08-01", "2019-08-06", "", None),
    ("00002", "示范市人民防空办公室2020年政府信息公开工作年度报告",
     C.OTHER, "2021-01-25", "2021-01-29", "", None),
    ("00005", "示范市人民防空办公室2021年部门预算",
     C.OTHER, "2021-02-08", "2021-02-24", "", None),
    ("00011", "关于开展2021年人防宣传教育进社区活动的通知",
     C.OTHER, "2021-04-06", "2021-05-20",  # 条例第二十六条：应于2021-05-06前公开，逾期
     "示人防办〔2021〕6号", None),
    ("00019", "示范市人民防空办公室2020年度部门决算",
     C.OTHER, "2021-07-30", "2021-08-06", "", None),
    ("00023", "关于2021年9月18日全市防空警报试鸣的通告",
     C.OTHER, "2021-09-06", "2021-09-07", "", None),
    ("00031", "2021年度人防工程监督检查随机抽查结果公示",
     C.OTHER, "2021-11-22", "2021-11-25", "", None),
    ("00036", "示范市人民防空办公室2022年政务公开工作要点",
     C.OTHER, "2021-12-28", None, "", None),
)  # fmt: skip


def _item(
    number: str,
    title: str,
    category: Category,
    made_on: str,
    published_on: str | None,
    document_no: str,
    repealed_on: str | None,
) -> CatalogItem:
    return CatalogItem(
        index_no=f"{_INDEX}/{made_on[:4]}-{number}",
        title=title,
        category=category,
        issuing_body=AGENCY_NAME,
        made_on=D(made_on),
        formed_or_changed_on=D(made_on),
        document_no=document_no,
        published_on=D(published_on) if published_on else None,
        repealed_on=D(repealed_on) if repealed_on else None,
        is_valid=repealed_on is None,
    )


CATALOG_ITEMS: tuple[CatalogItem, ...] = tuple(_item(*row) for row in _CATALOG)

# Where each item stands in the review workflow (the rest follows from its dates).
ITEM_STATUSES: dict[str, ItemStatus] = {
    f"{_INDEX}/2021-00036": ItemStatus.CONFIDENTIALITY_REVIEW,
}


def item_status(item: CatalogItem) -> ItemStatus:
    """Return the workflow status of a demo catalog item."""
    if item.index_no in ITEM_STATUSES:
        return ITEM_STATUSES[item.index_no]
    if item.repealed_on is not None:
        return ItemStatus.REPEALED
    return ItemStatus.PUBLISHED if item.is_published else ItemStatus.DRAFT


_SERVICES = "示范市政务服务网（人防工程审批）"
_ENFORCEMENT = "示范市行政执法监管平台"
_NON_TAX = "示范市财政局非税收入收缴管理系统（防空地下室易地建设费）"
M = Measure

CATEGORY_COUNTS: tuple[CategoryCount, ...] = (
    CategoryCount(2020, C.LICENSING, M.DECISIONS, 3, _SERVICES),
    CategoryCount(2020, C.OTHER_SERVICE, M.DECISIONS, 11, _SERVICES),
    CategoryCount(2020, C.PENALTY, M.DECISIONS, 0, _ENFORCEMENT),
    CategoryCount(2020, C.ENFORCEMENT, M.DECISIONS, 0, _ENFORCEMENT),
    CategoryCount(2021, C.LICENSING, M.DECISIONS, 0, _SERVICES),
    CategoryCount(2021, C.PENALTY, M.DECISIONS, 0, _ENFORCEMENT),
    CategoryCount(2021, C.ENFORCEMENT, M.DECISIONS, 0, _ENFORCEMENT),
    CategoryCount(2021, C.FEE, M.FEE_AMOUNT, Decimal("4887800.58"), _NON_TAX, "元"),
)

_THIRD_PARTY = "已书面征求第三方意见，第三方以涉及商业秘密为由不同意公开"
W = Channel
_GRANTED, _REFUSED = Outcome.GRANTED, Outcome.DENIED_THIRD_PARTY

# number, received, applicant, content, channel, replied, outcome, consultation
# (start and end; the third party refused, `_THIRD_PARTY`). All natural persons.
_LEDGER: tuple[tuple[str, str, str, str, Channel, str, Outcome, str], ...] = (
    ("2020-001", "2020-06-15", "黄立新", "申请公开本市人防疏散基地（场所）的名单和位置",
     W.ONLINE, "2020-07-03", _GRANTED, ""),
    ("2020-002", "2020-10-26", "刘明辉",
     "申请公开锦绣华庭项目建设单位与人防车位承租人签订的租赁合同",
     W.POST, "2020-11-20", _REFUSED, "2020-10-30/2020-11-13"),
    ("2021-001", "2021-02-22", "陈晓东",
     "申请公开2020年度全市防空警报试鸣的时间、范围及相关通告",
     W.ONLINE, "2021-03-05", _GRANTED, ""),
    ("2021-002", "2021-03-08", "周文斌",
     "申请公开锦绣华庭项目建设单位缴纳防空地下室易地建设费的缴费凭证及金额",
     W.ONLINE, "2021-04-14", _REFUSED, "2021-03-15/2021-03-31"),
    ("2021-003", "2021-04-12", "林雅琴",
     "申请公开结合民用建筑修建防空地下室的审批依据及易地建设费收费标准",
     W.POST, "2021-04-26", _GRANTED, ""),
    ("2021-004", "2021-05-10", "吴海涛",
     "申请公开滨江壹号项目人防工程施工合同及建设单位的工程造价结算资料",
     W.ONLINE, "2021-06-18", _REFUSED, "2021-05-17/2021-06-04"),
    ("2021-005", "2021-06-07", "王建国",
     "申请公开翠湖花园小区地下人防工程平时使用的管理规定及收费依据",
     W.ONLINE, "2021-06-28", _GRANTED, ""),
    ("2021-006", "2021-07-19", "郑佳怡",
     "申请公开阳光水岸小区人防车位出租的收入明细及建设单位的财务资料",
     W.EMAIL, "2021-08-27", _REFUSED, "2021-07-26/2021-08-13"),
    ("2021-007", "2021-09-13", "赵丽华", "申请公开2021年度人防工程监督检查随机抽查的结果",
     W.IN_PERSON, "2021-09-30", _GRANTED, ""),
    ("2021-008", "2021-10-25", "孙志强",
     "申请公开云栖府项目建设单位申请减免防空地下室易地建设费时提交的经营资料",
     W.ONLINE, "2021-12-03", _REFUSED, "2021-11-01/2021-11-19"),
    ("2021-009", "2021-12-20", "马晓燕", "申请公开2021年度全市防空地下室易地建设费的征收总额",
     W.ONLINE, "2022-01-12", _GRANTED, ""),
)  # fmt: skip


def _application(
    number: str,
    received: str,
    applicant: str,
    content: str,
    channel: Channel,
    replied: str,
    outcome: Outcome,
    consultation: str,
) -> LedgerRow:
    start, _sep, end = consultation.partition("/")
    return LedgerRow(
        number=number,
        received=D(received),
        applicant_type=ApplicantType.NATURAL_PERSON,
        applicant=applicant,
        content=content,
        channel=channel,
        consultation_start=D(start) if start else None,
        consultation_end=D(end) if end else None,
        replied=D(replied),
        outcome=outcome,
        fee_yuan=None,
        note=_THIRD_PARTY if consultation else "",
    )


APPLICATIONS: tuple[LedgerRow, ...] = tuple(_application(*row) for row in _LEDGER)

REVIEW_CASES: tuple[ReviewCase, ...] = (
    ReviewCase(
        case_no="示政复〔2020〕47号",
        kind=ReviewKind.RECONSIDERATION,
        filed_on=date(2020, 12, 10),
        applications=("2020-002",),
        result=ReviewResult.UPHELD,
        concluded_on=date(2021, 2, 5),
        body="示范市人民政府",
    ),
    ReviewCase(
        case_no="（2021）示0102行初58号",
        kind=ReviewKind.LITIGATION_DIRECT,
        filed_on=date(2021, 6, 1),
        applications=("2021-002",),
        result=ReviewResult.UPHELD,
        concluded_on=date(2021, 11, 18),
        body="示范市城东区人民法院",
    ),
)

_OVERVIEW_2021 = """\
本报告依据《中华人民共和国政府信息公开条例》编制，由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分组成。本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。
（一）主动公开情况
2021年，我办坚持以公开为常态、不公开为例外，在门户网站主动公开政府信息412条，通过“示范人防”微信公众号发布信息156条，及时公开部门预决算、防空警报试鸣通告、人防工程监督检查结果等信息。
（二）依申请公开情况
全年新收政府信息公开申请9件，均为自然人申请；办结8件，其中予以公开4件，因涉及第三方商业秘密不予公开4件，结转下年度办理1件。所有申请均在法定期限内答复，未收取任何费用。
（三）政府信息管理情况
落实“先审查、后公开”和“一事一审”制度，拟公开信息逐条填写保密审查表，经处室负责人和分管领导审核后发布；按规范目录调整门户网站栏目，及时更新公开指南和公开目录。
（四）政府信息公开平台建设情况
以门户网站为第一平台，明确专人维护网站和微信公众号两个公开平台，建立网站找错纠错制度，全年未发生网络安全事件。
（五）监督保障情况
调整政务公开工作领导小组，将政务公开纳入处室年度考核；组织政府信息公开业务培训2次；全年未发生因政务公开工作引起的责任追究情况。"""

_PROBLEMS_2021 = """\
（一）上年度报告所列问题的整改情况
针对上年度报告提出的政策解读形式单一的问题，本年度采用图解、问答等形式解读政策文件3件。
（二）存在的主要问题
一是部分信息公开的及时性有待提高，个别通知未在形成之日起20个工作日内公开；二是依申请公开答复书的说理还需加强。
（三）改进措施
一是完善信息发布时限提醒，严格执行《条例》第二十六条规定的公开时限；二是组织答复书范本学习，规范不予公开答复的理由和救济途径告知。"""


def _other_matters_2021(notes: tuple[str, ...], fee_total_yuan: Decimal) -> str:
    lines = [
        "（一）收取信息处理费情况",
        fee_sentence(fee_total_yuan),
        "（二）落实上级年度政务公开工作要点情况",
        "按照市政府办公室年度政务公开工作要点的分工，做好人防工程建设审批、易地建设费"
        "征收等信息的公开工作，相关任务均已完成。",
        "（三）人大代表建议和政协提案办理结果公开情况",
        "2021年我办未承办人大代表建议和政协提案。",
        "（四）年度政务公开工作创新情况",
        "在门户网站开设“人防工程查询”专栏，集中公开全市已建人防工程的位置和开放时间。",
        "（五）其他",
        *notes,
    ]
    return "\n".join(lines)


def demo_draft(
    year: int = REPORT_YEAR, *, count_concluded_from_previous_year: bool = False
) -> Draft:
    """Return the demo agency's report of `year` computed from the records above.

    The 2021 report carries written sections 一, 五 and 六; other years the scaffold.

    Raises:
        InvalidInput: for a year before 2019 (no official format).
    """
    option = count_concluded_from_previous_year
    fee = fees_charged(APPLICATIONS, year)
    sections: dict[SectionKey, str] | None = None
    if year == REPORT_YEAR:
        notes = review_notes(
            REVIEW_CASES, year, count_concluded_from_previous_year=option
        )
        sections = {
            "1": _OVERVIEW_2021,
            "5": _PROBLEMS_2021,
            "6": _other_matters_2021(notes, fee),
        }
    return build_draft(
        agency=AGENCY_NAME,
        year=year,
        catalog=CATALOG_ITEMS,
        counts=CATEGORY_COUNTS,
        applications=APPLICATIONS,
        review_cases=REVIEW_CASES,
        sections=sections,
        information_fee_yuan=fee,
        count_concluded_from_previous_year=option,
    )
