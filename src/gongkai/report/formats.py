"""The two official annual-report formats as data: every table, row, column and label.

国办公开办函〔2019〕60号 ("2019") and 国办公开办函〔2021〕30号 ("2021") fix the tables of
sections 二, 三 and 四. Everything that needs a row id, an official label, an order or a
grouping (the model, the validator, the renderers, the reader) derives it from here, so
no label is written twice. Labels are verbatim, with full-width punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FormatId(StrEnum):
    F2019 = "2019"
    F2021 = "2021"

    @property
    def label(self) -> str:
        return FORMAT_DOCUMENTS[self]


FORMAT_DOCUMENTS: dict[FormatId, str] = {
    FormatId.F2019: "国办公开办函〔2019〕60号",
    FormatId.F2021: "国办公开办函〔2021〕30号",
}


class CellKind(StrEnum):
    COUNT = "count"  # a non-negative integer
    SIGNED = "signed"  # an integer that may be negative (本年增/减)
    DECIMAL = "decimal"  # money (万元 or as printed)

    @property
    def label(self) -> str:
        return {"count": "非负整数", "signed": "整数（可为负）", "decimal": "数值"}[
            self
        ]


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: CellKind = CellKind.COUNT


@dataclass(frozen=True)
class ProactiveRow:
    id: str
    label: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class ProactiveBlock:
    """One block of the section 二 table: a title row, a header row, data rows."""

    title: str  # 第二十条第（一）项
    rows: tuple[ProactiveRow, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.rows[0].columns

    @property
    def header(self) -> tuple[str, ...]:
        return (CONTENT_HEADER, *(c.label for c in self.columns))


@dataclass(frozen=True)
class ApplicationRow:
    """A row of the section 三 table; `group` is the merged label cell it sits under."""

    id: str
    label: str  # the item label as printed in its own cell
    group: str | None = None  # （三）不予公开 …
    is_outcome: bool = False  # one of the 三、本年度办理结果 rows that add up to 总计

    @property
    def full_label(self) -> str:
        return f"{self.group} {self.label}" if self.group else self.label


@dataclass(frozen=True)
class ReviewGroup:
    id: str
    label: str
    parent: str | None  # 行政诉讼 for the two litigation groups


@dataclass(frozen=True)
class TableSpec:
    id: str
    heading: str


@dataclass(frozen=True)
class ReportFormat:
    id: FormatId
    proactive: tuple[ProactiveBlock, ...]
    applications: tuple[ApplicationRow, ...]

    @property
    def proactive_rows(self) -> tuple[ProactiveRow, ...]:
        return tuple(row for block in self.proactive for row in block.rows)

    @property
    def outcome_rows(self) -> tuple[ApplicationRow, ...]:
        return tuple(row for row in self.applications if row.is_outcome)

    def application_row(self, row_id: str) -> ApplicationRow:
        return next(row for row in self.applications if row.id == row_id)

    def proactive_row(self, row_id: str) -> ProactiveRow:
        return next(row for row in self.proactive_rows if row.id == row_id)


CONTENT_HEADER = "信息内容"

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

# --- section 二 -------------------------------------------------------------------

_DOCS_2021 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)

_DOCS_2019 = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
_ITEMS_2019 = (
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减", CellKind.SIGNED),
    Column("decisions", "处理决定数量"),
)

_PROACTIVE_2021 = (
    ProactiveBlock(
        "第二十条第（一）项",
        (
            ProactiveRow("regulations", "规章", _DOCS_2021),
            ProactiveRow("normative_documents", "行政规范性文件", _DOCS_2021),
        ),
    ),
    ProactiveBlock(
        "第二十条第（五）项", (ProactiveRow("licensing", "行政许可", _DECISIONS_2021),)
    ),
    ProactiveBlock(
        "第二十条第（六）项",
        (
            ProactiveRow("penalty", "行政处罚", _DECISIONS_2021),
            ProactiveRow("enforcement", "行政强制", _DECISIONS_2021),
        ),
    ),
    ProactiveBlock(
        "第二十条第（八）项",
        (
            ProactiveRow(
                "fees",
                "行政事业性收费",
                (
                    Column(
                        "amount_wan_yuan",
                        "本年收费金额（单位：万元）",
                        CellKind.DECIMAL,
                    ),
                ),
            ),
        ),
    ),
)

_PROACTIVE_2019 = (
    ProactiveBlock(
        "第二十条第（一）项",
        (
            ProactiveRow("regulations", "规章", _DOCS_2019),
            ProactiveRow("normative_documents", "规范性文件", _DOCS_2019),
        ),
    ),
    ProactiveBlock(
        "第二十条第（五）项",
        (
            ProactiveRow("licensing", "行政许可", _ITEMS_2019),
            ProactiveRow("other_services", "其他对外管理服务事项", _ITEMS_2019),
        ),
    ),
    ProactiveBlock(
        "第二十条第（六）项",
        (
            ProactiveRow("penalty", "行政处罚", _ITEMS_2019),
            ProactiveRow("enforcement", "行政强制", _ITEMS_2019),
        ),
    ),
    ProactiveBlock(
        "第二十条第（八）项",
        (ProactiveRow("fees", "行政事业性收费", _ITEMS_2019[:2]),),
    ),
    ProactiveBlock(
        "第二十条第（九）项",
        (
            ProactiveRow(
                "procurement",
                "政府集中采购",
                (
                    Column("items", "采购项目数量"),
                    Column("amount", "采购总金额", CellKind.DECIMAL),
                ),
            ),
        ),
    ),
)

# Text fields that sit beside the numbers of a section 二 row (not table cells).
PROACTIVE_TEXT_FIELDS: dict[str, tuple[str, ...]] = {"procurement": ("amount_unit",)}

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

_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _outcome(row_id: str, label: str, group: str | None = None) -> ApplicationRow:
    return ApplicationRow(row_id, label, group, is_outcome=True)


_APPLICATIONS_HEAD = (
    ApplicationRow("new_received", "一、本年新收政府信息公开申请数量"),
    ApplicationRow("carried_over", "二、上年结转政府信息公开申请数量"),
    _outcome("granted", "（一）予以公开"),
    _outcome(
        "partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    ),
    _outcome("denied_state_secret", "1.属于国家秘密", _DENIED),
    _outcome("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", _DENIED),
    _outcome("denied_security_stability", "3.危及“三安全一稳定”", _DENIED),
    _outcome("denied_third_party", "4.保护第三方合法权益", _DENIED),
    _outcome("denied_internal_affairs", "5.属于三类内部事务信息", _DENIED),
    _outcome("denied_process_info", "6.属于四类过程性信息", _DENIED),
    _outcome("denied_enforcement_file", "7.属于行政执法案卷", _DENIED),
    _outcome("denied_administrative_query", "8.属于行政查询事项", _DENIED),
    _outcome("unable_not_held", "1.本机关不掌握相关政府信息", _UNABLE),
    _outcome("unable_needs_creation", "2.没有现成信息需要另行制作", _UNABLE),
    _outcome("unable_unclear_after_correction", "3.补正后申请内容仍不明确", _UNABLE),
    _outcome("not_processed_petition", "1.信访举报投诉类申请", _NOT_PROCESSED),
    _outcome("not_processed_duplicate", "2.重复申请", _NOT_PROCESSED),
    _outcome("not_processed_publication", "3.要求提供公开出版物", _NOT_PROCESSED),
    _outcome("not_processed_excessive", "4.无正当理由大量反复申请", _NOT_PROCESSED),
    _outcome(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        _NOT_PROCESSED,
    ),
)
_APPLICATIONS_TAIL = (
    ApplicationRow("total", "（七）总计"),
    ApplicationRow("carried_forward", "四、结转下年度继续办理"),
)
_OTHER_2019 = (_outcome("other", _OTHER),)
_OTHER_2021 = (
    _outcome(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _OTHER,
    ),
    _outcome(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _OTHER,
    ),
    _outcome("other_misc", "3.其他", _OTHER),
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

# --- the two formats ----------------------------------------------------------------

FORMATS: dict[FormatId, ReportFormat] = {
    FormatId.F2019: ReportFormat(
        FormatId.F2019,
        _PROACTIVE_2019,
        _APPLICATIONS_HEAD + _OTHER_2019 + _APPLICATIONS_TAIL,
    ),
    FormatId.F2021: ReportFormat(
        FormatId.F2021,
        _PROACTIVE_2021,
        _APPLICATIONS_HEAD + _OTHER_2021 + _APPLICATIONS_TAIL,
    ),
}


def get_format(format_id: str | FormatId) -> ReportFormat:
    """Return the definition of an official format by its id ("2019" or "2021").

    Raises:
        KeyError: for any other id.
    """
    return FORMATS[FormatId(format_id)]


def outcome_row_ids() -> frozenset[str]:
    """Return every outcome row id of either format (what a reply may be recorded as)."""
    return frozenset(row.id for f in FORMATS.values() for row in f.outcome_rows)
