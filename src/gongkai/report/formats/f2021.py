"""国办公开办函〔2021〕30号: the format of the reports from 2021 on.

Section 二 counts documents issued, repealed and in force and, per matter, decisions
only; section 三 splits （六）其他处理 into three rows. Section 五 opens with how last
year's problems were fixed; section 六 opens with the fees charged (国办函〔2020〕109号)
and continues with the sub-items observed in published reports (formats.md §2).
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

ID = FormatId.declare("2021")

_DOCS = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS = (Column("decisions", "本年处理决定数量"),)

PROACTIVE = (
    ProactiveBlock(
        "第二十条第（一）项",
        (
            ProactiveRow("regulations", "规章", _DOCS),
            ProactiveRow("normative_documents", "行政规范性文件", _DOCS),
        ),
    ),
    ProactiveBlock(
        "第二十条第（五）项", (ProactiveRow("licensing", "行政许可", _DECISIONS),)
    ),
    ProactiveBlock(
        "第二十条第（六）项",
        (
            ProactiveRow("penalty", "行政处罚", _DECISIONS),
            ProactiveRow("enforcement", "行政强制", _DECISIONS),
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

OTHER_ROWS = (
    outcome(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        OTHER,
    ),
    outcome(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OTHER,
    ),
    outcome("other_misc", "3.其他", OTHER),
)
APPLICATIONS = (*APPLICATIONS_HEAD, *OTHER_ROWS, *APPLICATIONS_TAIL)

SCAFFOLD = Scaffold(
    overview=OVERVIEW_TOPICS,
    problems=(
        ("（一）上年度报告所列问题的整改情况", "上一年度报告所列问题逐项整改的情况。"),
        ("（二）存在的主要问题", PROBLEMS),
        ("（三）改进措施", IMPROVEMENTS),
    ),
    fee_heading="（一）收取信息处理费情况",
    other=(
        (
            "（二）落实上级年度政务公开工作要点情况",
            "落实上级年度政务公开工作要点的情况。",
        ),
        (
            "（三）人大代表建议和政协提案办理结果公开情况",
            "人大代表建议和政协提案办理结果公开情况；没有的填写“无”。",
        ),
        ("（四）年度政务公开工作创新情况", "本年度政务公开工作的创新做法。"),
    ),
    notes_heading="（五）其他",
)

FORMAT = ReportFormat(
    id=ID,
    document="国办公开办函〔2021〕30号",
    effective_from=2021,
    proactive=PROACTIVE,
    applications=APPLICATIONS,
    scaffold=SCAFFOLD,
    # A 2019 （六）其他处理 is counted as 3.其他, the 2021 catch-all.
    outcome_fallback={"other": "other_misc"},
    distinguishing_rows=frozenset(row.id for row in OTHER_ROWS),
)
