"""国办公开办函〔2019〕60号: the format of the reports for 2019 and 2020.

Section 二 counts documents made and published and, per matter, items and decisions;
section 三 has one （六）其他处理 row. The 2019 wording of sections 一, 五 and 六 is
unconfirmed (formats.md §2): the scaffold uses the 2021 topics without the fee item and
without 五's item on last year's problems.
"""

from __future__ import annotations

from gongkai.report.formats.common import (
    APPLICATIONS_HEAD,
    APPLICATIONS_TAIL,
    IMPROVEMENTS,
    OTHER,
    OVERVIEW_TOPICS,
    PROBLEMS,
    outcome,
)
from gongkai.report.formats.spec import (
    CellKind,
    Column,
    FormatId,
    ProactiveBlock,
    ProactiveRow,
    ReportFormat,
    Scaffold,
)

ID = FormatId.declare("2019")

_DOCS = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
_ITEMS = (
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减", CellKind.SIGNED),
    Column("decisions", "处理决定数量"),
)

PROACTIVE = (
    ProactiveBlock(
        "第二十条第（一）项",
        (
            ProactiveRow("regulations", "规章", _DOCS),
            ProactiveRow("normative_documents", "规范性文件", _DOCS),
        ),
    ),
    ProactiveBlock(
        "第二十条第（五）项",
        (
            ProactiveRow("licensing", "行政许可", _ITEMS),
            ProactiveRow("other_services", "其他对外管理服务事项", _ITEMS),
        ),
    ),
    ProactiveBlock(
        "第二十条第（六）项",
        (
            ProactiveRow("penalty", "行政处罚", _ITEMS),
            ProactiveRow("enforcement", "行政强制", _ITEMS),
        ),
    ),
    ProactiveBlock(
        "第二十条第（八）项",
        (ProactiveRow("fees", "行政事业性收费", _ITEMS[:2]),),
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
                text_fields=("amount_unit",),
            ),
        ),
    ),
)

# One （六）其他处理 row where 2021 has three.
APPLICATIONS = (*APPLICATIONS_HEAD, outcome("other", OTHER), *APPLICATIONS_TAIL)

FORMAT = ReportFormat(
    id=ID,
    document="国办公开办函〔2019〕60号",
    effective_from=2019,
    proactive=PROACTIVE,
    applications=APPLICATIONS,
    scaffold=Scaffold(
        overview=OVERVIEW_TOPICS,
        problems=(("（一）存在的主要问题", PROBLEMS), ("（二）改进措施", IMPROVEMENTS)),
    ),
    # The three 2021 （六）其他处理 rows are counted in the one 2019 row.
    outcome_fallback={
        "other_no_correction": "other",
        "other_unpaid_fee": "other",
        "other_misc": "other",
    },
    distinguishing_rows=frozenset({"other", "other_services", "procurement"}),
)
