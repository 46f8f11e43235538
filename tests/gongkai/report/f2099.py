"""A made-up format revision for the tests: 2021 with one more section 二 row and one
section 三 label reworded. It lives here, not in `report/formats/`, to show that a
revision is one module plus its registration: nothing else is edited for it."""

from __future__ import annotations

import dataclasses

from gongkai.report.formats import (
    FormatId,
    ProactiveBlock,
    ProactiveRow,
    ReportFormat,
    f2021,
)
from gongkai.report.formats.common import DENIED, outcome
from gongkai.report.formats.spec import Column

ID = FormatId.declare("2099")

DATA_OPENING = ProactiveRow(
    "data_opening", "公共数据开放", (Column("decisions", "本年开放数据集数量"),)
)
THIRD_PARTY = "4.保护第三方合法权益和个人隐私"

FORMAT: ReportFormat = dataclasses.replace(
    f2021.FORMAT,
    id=ID,
    document="国办公开办函〔2099〕1号",
    effective_from=2099,
    proactive=(
        *f2021.PROACTIVE,
        ProactiveBlock("第二十条第（十五）项", (DATA_OPENING,)),
    ),
    applications=tuple(
        outcome(row.id, THIRD_PARTY, DENIED) if row.id == "denied_third_party" else row
        for row in f2021.APPLICATIONS
    ),
    distinguishing_rows=f2021.FORMAT.distinguishing_rows | {"data_opening"},
)
