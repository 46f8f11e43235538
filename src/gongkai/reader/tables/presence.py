"""Signs that a table is printed, for a table that could not be read.

A table that is not read must never vanish in silence (issue 15): when a table's
reading comes back empty, the text is searched for what it prints, its heading or
several of its row labels and column headers, and the reader says what it found and
why that was not enough.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gongkai.reader.sources.normalize import label_key
from gongkai.reader.sources.tokens import Kind, Token
from gongkai.reader.tables.labels import (
    LabelSet,
    Role,
    applications_labels,
    proactive_labels,
    review_labels,
)
from gongkai.reader.tables.regions import Region, heading_of

_LABELS: dict[str, Callable[[], LabelSet]] = {
    "proactive": proactive_labels,
    "applications": applications_labels,
    "review_litigation": review_labels,
}
_NAMES = {
    "proactive": ("二、主动公开政府信息情况", "section 二 (proactive disclosure)"),
    "applications": ("三、收到和处理政府信息公开申请情况", "section 三 (applications)"),
    "review_litigation": (
        "四、行政复议、行政诉讼情况",
        "section 四 (review and litigation)",
    ),
}
# Distinct labels of a table that show it is printed even without its heading.
_ENOUGH = 3


def lost_table(
    table: str, tokens: Sequence[Token], region: Region | None
) -> tuple[str, str] | None:
    """Return the note (zh, en) for a table printed but not read, or None when the
    text shows no sign of it."""
    heading = False
    labels: set[str] = set()
    numbers = 0
    labels_of = _LABELS[table]()
    ranges = [(region.start, region.end)] if region is not None else [(0, len(tokens))]
    for start, end in ranges:
        for token in tokens[start:end]:
            if token.kind is not Kind.TEXT:
                numbers += token.kind is Kind.NUM
                continue
            key = label_key(token.text[:160])
            if heading_of(key) == table:
                heading = True
                continue  # the heading names 行政复议 too: not a label of the table
            for hit in labels_of.match(token.text):
                labels.update(
                    label.ident
                    for label in hit.labels
                    if label.role in (Role.ROW, Role.HEADER)
                )
    if not heading and len(labels) < _ENOUGH and region is None:
        return None
    zh_name, en_name = _NAMES[table]
    found_zh = "、".join(
        part
        for part in (
            "标题" if heading else "",
            f"{len(labels)} 个行名或列名" if labels else "",
            f"{numbers} 个数字" if numbers else "",
        )
        if part
    )
    found_en = ", ".join(
        part
        for part in (
            "its heading" if heading else "",
            f"{len(labels)} row or column label(s)" if labels else "",
            f"{numbers} number(s)" if numbers else "",
        )
        if part
    )
    if region is None:
        why_zh = "但未能确定表格的起止位置"
        why_en = "but the table's extent could not be found"
    elif not labels:
        why_zh = "但其后没有可识别的行名或表头"
        why_en = "but no row label or column header could be recognised after it"
    elif not numbers:
        why_zh = "但其后没有数字"
        why_en = "but no number follows"
    else:
        why_zh = "但没有一行能按规范格式读出"
        why_en = "but no row could be read in an official format"
    return (
        f"表「{zh_name}」在文中出现（找到{found_zh or '表格区域'}），{why_zh}；"
        "该表未读取，请人工核对",
        f"{en_name} is printed (found {found_en or 'its region'}) {why_en}; the table "
        "was not read, check it by hand",
    )
