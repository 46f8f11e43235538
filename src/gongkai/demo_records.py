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

_BODY = AGENCY_NAME
_INDEX = "MB1C00001X"  # the agency's (fictional) 统一社会信用代码 prefix of 索引号
C = Category


def _item(
    number: str,
    title: str,
    category: Category,
    made_on: date,
    published_on: date | None,
    *,
    document_no: str = "",
    formed_or_changed_on: date | None = None,
    repealed_on: date | None = None,
) -> CatalogItem:
    return CatalogItem(
        index_no=f"{_INDEX}/{made_on.year}-{number}",
        title=title,
        category=category,
        issuing_body=_BODY,
        made_on=made_on,
        formed_or_changed_on=formed_or_changed_on or made_on,
        document_no=document_no,
        published_on=published_on,
        repealed_on=repealed_on,
        is_valid=repealed_on is None,
    )


CATALOG_ITEMS: tuple[CatalogItem, ...] = (
    _item(
        "00008",
        "示范市人民防空办公室关于印发《示范市人防工程平时使用管理办法》的通知",
        C.NORMATIVE_DOCUMENT,
        date(2015, 6, 1),
        date(2015, 6, 5),
        document_no="示人防〔2015〕8号",
        repealed_on=date(2020, 6, 1),  # 有效期五年，届满失效
    ),
    _item(
        "00012",
        "示范市人民防空办公室关于印发《示范市人民防空工程维护管理实施细则》的通知",
        C.NORMATIVE_DOCUMENT,
        date(2016, 3, 10),
        date(2016, 3, 15),
        document_no="示人防〔2016〕12号",
        repealed_on=date(2020, 12, 31),
    ),
    _item(
        "00003",
        "防空地下室易地建设费收费依据及标准",
        C.FEE,
        date(2018, 1, 10),
        date(2018, 1, 12),
    ),
    _item(
        "00021",
        "结合民用建筑修建防空地下室审批办事指南",
        C.LICENSING,
        date(2019, 6, 3),
        date(2019, 6, 5),
    ),
    _item(
        "00022",
        "人民防空工程建设项目竣工验收备案办事指南",
        C.OTHER_SERVICE,
        date(2019, 6, 3),
        date(2019, 6, 5),
    ),
    _item(
        "00027",
        "示范市人民防空办公室行政处罚事项清单",
        C.PENALTY,
        date(2019, 8, 1),
        date(2019, 8, 6),
    ),
    _item(
        "00002",
        "示范市人民防空办公室2020年政府信息公开工作年度报告",
        C.OTHER,
        date(2021, 1, 25),
        date(2021, 1, 29),
    ),
    _item(
        "00005",
        "示范市人民防空办公室2021年部门预算",
        C.OTHER,
        date(2021, 2, 8),
        date(2021, 2, 24),
    ),
    _item(
        "00011",
        "关于开展2021年人防宣传教育进社区活动的通知",
        C.OTHER,
        date(2021, 4, 6),
        date(2021, 5, 20),  # 条例第二十六条：应于2021-05-06前公开，逾期
        document_no="示人防办〔2021〕6号",
    ),
    _item(
        "00019",
        "示范市人民防空办公室2020年度部门决算",
        C.OTHER,
        date(2021, 7, 30),
        date(2021, 8, 6),
    ),
    _item(
        "00023",
        "关于2021年9月18日全市防空警报试鸣的通告",
        C.OTHER,
        date(2021, 9, 6),
        date(2021, 9, 7),
    ),
    _item(
        "00031",
        "2021年度人防工程监督检查随机抽查结果公示",
        C.OTHER,
        date(2021, 11, 22),
        date(2021, 11, 25),
    ),
    _item(
        "00036",
        "示范市人民防空办公室2022年政务公开工作要点",
        C.OTHER,
        date(2021, 12, 28),
        None,
    ),
)

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

CATEGORY_COUNTS: tuple[CategoryCount, ...] = (
    CategoryCount(2020, C.LICENSING, Measure.DECISIONS, 3, _SERVICES),
    CategoryCount(2020, C.OTHER_SERVICE, Measure.DECISIONS, 11, _SERVICES),
    CategoryCount(2020, C.PENALTY, Measure.DECISIONS, 0, _ENFORCEMENT),
    CategoryCount(2020, C.ENFORCEMENT, Measure.DECISIONS, 0, _ENFORCEMENT),
    CategoryCount(2021, C.LICENSING, Measure.DECISIONS, 0, _SERVICES),
    CategoryCount(2021, C.PENALTY, Measure.DECISIONS, 0, _ENFORCEMENT),
    CategoryCount(2021, C.ENFORCEMENT, Measure.DECISIONS, 0, _ENFORCEMENT),
    CategoryCount(
        2021, C.FEE, Measure.FEE_AMOUNT, Decimal("4887800.58"), _NON_TAX, unit="元"
    ),
)

P = ApplicantType.NATURAL_PERSON


def _application(
    number: str,
    received: date,
    applicant: str,
    content: str,
    channel: Channel,
    replied: date | None,
    outcome: Outcome | None,
    *,
    consultation: tuple[date, date] | None = None,
    note: str = "",
) -> LedgerRow:
    return LedgerRow(
        number=number,
        received=received,
        applicant_type=P,
        applicant=applicant,
        content=content,
        channel=channel,
        consultation_start=consultation[0] if consultation else None,
        consultation_end=consultation[1] if consultation else None,
        replied=replied,
        outcome=outcome,
        fee_yuan=None,
        note=note,
    )


_THIRD_PARTY = "已书面征求第三方意见，第三方以涉及商业秘密为由不同意公开"

APPLICATIONS: tuple[LedgerRow, ...] = (
    _application(
        "2020-001",
        date(2020, 6, 15),
        "黄立新",
        "申请公开本市人防疏散基地（场所）的名单和位置",
        Channel.ONLINE,
        date(2020, 7, 3),
        Outcome.GRANTED,
    ),
    _application(
        "2020-002",
        date(2020, 10, 26),
        "刘明辉",
        "申请公开锦绣华庭项目建设单位与人防车位承租人签订的租赁合同",
        Channel.POST,
        date(2020, 11, 20),
        Outcome.DENIED_THIRD_PARTY,
        consultation=(date(2020, 10, 30), date(2020, 11, 13)),
        note=_THIRD_PARTY,
    ),
    _application(
        "2021-001",
        date(2021, 2, 22),
        "陈晓东",
        "申请公开2020年度全市防空警报试鸣的时间、范围及相关通告",
        Channel.ONLINE,
        date(2021, 3, 5),
        Outcome.GRANTED,
    ),
    _application(
        "2021-002",
        date(2021, 3, 8),
        "周文斌",
        "申请公开锦绣华庭项目建设单位缴纳防空地下室易地建设费的缴费凭证及金额",
        Channel.ONLINE,
        date(2021, 4, 14),
        Outcome.DENIED_THIRD_PARTY,
        consultation=(date(2021, 3, 15), date(2021, 3, 31)),
        note=_THIRD_PARTY,
    ),
    _application(
        "2021-003",
        date(2021, 4, 12),
        "林雅琴",
        "申请公开结合民用建筑修建防空地下室的审批依据及易地建设费收费标准",
        Channel.POST,
        date(2021, 4, 26),
        Outcome.GRANTED,
    ),
    _application(
        "2021-004",
        date(2021, 5, 10),
        "吴海涛",
        "申请公开滨江壹号项目人防工程施工合同及建设单位的工程造价结算资料",
        Channel.ONLINE,
        date(2021, 6, 18),
        Outcome.DENIED_THIRD_PARTY,
        consultation=(date(2021, 5, 17), date(2021, 6, 4)),
        note=_THIRD_PARTY,
    ),
    _application(
        "2021-005",
        date(2021, 6, 7),
        "王建国",
        "申请公开翠湖花园小区地下人防工程平时使用的管理规定及收费依据",
        Channel.ONLINE,
        date(2021, 6, 28),
        Outcome.GRANTED,
    ),
    _application(
        "2021-006",
        date(2021, 7, 19),
        "郑佳怡",
        "申请公开阳光水岸小区人防车位出租的收入明细及建设单位的财务资料",
        Channel.EMAIL,
        date(2021, 8, 27),
        Outcome.DENIED_THIRD_PARTY,
        consultation=(date(2021, 7, 26), date(2021, 8, 13)),
        note=_THIRD_PARTY,
    ),
    _application(
        "2021-007",
        date(2021, 9, 13),
        "赵丽华",
        "申请公开2021年度人防工程监督检查随机抽查的结果",
        Channel.IN_PERSON,
        date(2021, 9, 30),
        Outcome.GRANTED,
    ),
    _application(
        "2021-008",
        date(2021, 10, 25),
        "孙志强",
        "申请公开云栖府项目建设单位申请减免防空地下室易地建设费时提交的经营资料",
        Channel.ONLINE,
        date(2021, 12, 3),
        Outcome.DENIED_THIRD_PARTY,
        consultation=(date(2021, 11, 1), date(2021, 11, 19)),
        note=_THIRD_PARTY,
    ),
    _application(
        "2021-009",
        date(2021, 12, 20),
        "马晓燕",
        "申请公开2021年度全市防空地下室易地建设费的征收总额",
        Channel.ONLINE,
        date(2022, 1, 12),
        Outcome.GRANTED,
    ),
)

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
