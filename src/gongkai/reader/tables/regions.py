"""Where each of the three tables is printed in the token stream.

A table's region starts at its section heading (二、三、四, in the wording of the format
or of 条例 第五十条) or, when there is none, at a label only that table prints (a block
title 第二十条第（一）项, the 勾稽 corner, the 行政复议/结果维持 header). It ends where
another table or section 五/六 begins. An intro that lists the six parts, or a sub-head
of 一 that names section 四, is not taken for the table: the heading nearest before
the table's own labels wins.

Real headings stray from the wording: `行政复议与行政诉讼情况`, a typo (`行政法复议`), the
heading broken over two lines. A heading that misses the patterns is taken when it is
within an edit or two of the official wording, or when the text after it completes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from gongkai.reader.sources.normalize import label_key
from gongkai.reader.sources.tokens import Kind, Token
from gongkai.report.formats import SECTION_HEADINGS

TABLE_IDS = ("proactive", "applications", "review_litigation")

_PART = r"(?:第[一二三四五六七八九十]部分)?"
HEADINGS: dict[str, re.Pattern[str]] = {
    "proactive": re.compile(_PART + r"(?:行政机关)?主动公开政府信息(?:的)?情况"),
    "applications": re.compile(
        _PART + r"(?:行政机关)?收到和处理政府信息公开申请(?:的)?情况"
    ),
    "review_litigation": re.compile(
        _PART
        + r"(?:因)?政府信息公开(?:工作)?(?:被申请|申请)?行政复议(?:和|及)?(?:提起)?"
        r"行政诉讼(?:的)?情况"
    ),
    "5": re.compile(
        _PART + r"(?:政府信息公开工作)?存在的?主要?问题(?:及|和|与)(?:其)?改进"
    ),
    "6": re.compile(_PART + r"其他需要报告的事项"),
}
_GROUP_NAMES = {f"h{i}": name for i, name in enumerate(HEADINGS)}
_ANY_HEADING = re.compile(
    "|".join(
        f"(?P<h{i}>{pattern.pattern})" for i, pattern in enumerate(HEADINGS.values())
    )
)
_HEADING_HINT = re.compile("情况|改进|事项")
# The official wording of each heading, for headings that miss the patterns above.
_OFFICIAL: dict[str, str] = {
    name: label_key(SECTION_HEADINGS[number])
    for name, number in (
        ("proactive", "2"),
        ("applications", "3"),
        ("review_litigation", "4"),
        ("5", "5"),
        ("6", "6"),
    )
}

# Labels only the table prints, as the start of a cell (prose mentions do not count).
_ANCHORS: dict[str, tuple[str, ...]] = {
    "proactive": ("第二十条第", "信息内容本年", "信息内容上一年", "信息内容采购"),
    "applications": (
        "本列数据的勾稽关系",
        "申请人情况",
        "本年新收政府信息公开申请数量",
    ),
}
_EXACT_ANCHORS: dict[str, str] = {"信息内容": "proactive"}


@dataclass(frozen=True)
class Region:
    table: str
    start: int  # token index
    end: int


def find_regions(tokens: Sequence[Token]) -> dict[str, Region]:
    """Return the token range of each table found (absent tables are left out)."""
    headings: dict[str, list[int]] = {name: [] for name in HEADINGS}
    anchors: dict[str, int] = {}
    keys: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind is not Kind.TEXT:
            keys.append("")
            continue
        key, name, broken, tables = _classify(token.text)
        keys.append(key)
        if broken:
            name = _broken_heading(key, tokens, index)
        if name is not None:
            headings[name].append(index)
        for table in tables:
            if table not in anchors:
                anchors[table] = index
    review = _review_anchor(keys)
    if review is not None:
        anchors["review_litigation"] = review
    starts = {table: _start(table, headings, anchors) for table in TABLE_IDS}
    found = {t: s for t, s in starts.items() if s is not None}
    sections = [*headings["5"], *headings["6"]]
    regions: dict[str, Region] = {}
    for table, start in found.items():
        bounds = [*sections, *(s for t, s in found.items() if t != table)]
        bounds += [i for t in TABLE_IDS if t != table for i in headings[t]]
        end = min((b for b in bounds if b > start), default=len(tokens))
        regions[table] = Region(table, start, end)
    return regions


@lru_cache(maxsize=16384)
def _classify(text: str) -> tuple[str, str | None, bool, tuple[str, ...]]:
    """What a piece of text is to `find_regions`, worked out once per distinct text:
    its key, the heading it is, whether it may be the first half of a heading broken
    over two lines (decided by the text after it), and the tables it is an anchor of."""
    key = label_key(text if len(text) <= 120 else text[:120])
    if not key:
        return key, None, False, ()
    name = heading_of(key)
    broken = name is None and len(key) < 40 and key[:6] in _PREFIXES
    tables = tuple(
        table for table, prefixes in _ANCHORS.items() if key.startswith(prefixes)
    )
    exact = _EXACT_ANCHORS.get(key)
    if exact is not None:
        tables += (exact,)
    return key, name, broken, tables


_STARTS = frozenset(official[:2] for official in _OFFICIAL.values())
_SECONDS = frozenset(official[2:4] for official in _OFFICIAL.values())
_PREFIXES = frozenset(official[:6] for official in _OFFICIAL.values())


@lru_cache(maxsize=8192)
def heading_of(key: str) -> str | None:
    """Return the table (or section 5, 6) whose heading starts `key`, if any."""
    if _HEADING_HINT.search(key) is None:
        return None
    match = _ANY_HEADING.match(key)
    if match is not None and match.lastgroup is not None:
        return _GROUP_NAMES[match.lastgroup]
    if key[:2] not in _STARTS and key[2:4] not in _SECONDS:
        return None  # cheap test first: most text is no heading at all
    for name, official in _OFFICIAL.items():
        if (key[:2] == official[:2] or key[2:4] == official[2:4]) and _near(
            official, key
        ):
            return name
    return None


def _near(official: str, key: str) -> bool:
    """Tell whether `key` starts with `official` give or take one edit (two for a
    heading of ten characters or more): an inserted 与, a stray 法, a missing 的."""
    allowed = 2 if len(official) >= 10 else 1
    previous = list(range(len(key) + 1))  # edit distance of official[:0] to key[:j]
    for i, char in enumerate(official, 1):
        current = [i]
        for j in range(1, len(key) + 1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char != key[j - 1]),
                )
            )
        previous = current
    # the heading may be followed by anything: the best prefix of `key` counts
    return min(previous) <= allowed


def _broken_heading(key: str, tokens: Sequence[Token], index: int) -> str | None:
    """A heading broken over two lines: the first piece is the start of a heading and
    the next piece of text completes it."""
    if len(key) < 6 or key[:6] not in _PREFIXES:
        return None
    for following in tokens[index + 1 : index + 3]:
        if following.kind is Kind.TEXT:
            return heading_of(key + label_key(following.text[:60]))
        if following.kind is not Kind.EMPTY:
            return None
    return None


def _review_anchor(keys: list[str]) -> int | None:
    """The 行政复议 header: followed closely by 结果维持 (prose mentions are not)."""
    for index, key in enumerate(keys):
        if not key or key[0] != "行" or not key.startswith("行政复议"):
            continue
        window = keys[index : index + 12]
        if any("维持" in k for k in window):
            return index
    return None


def _start(
    table: str, headings: dict[str, list[int]], anchors: dict[str, int]
) -> int | None:
    anchor = anchors.get(table)
    own = headings[table]
    if anchor is None:
        return own[-1] if own else None
    before = [i for i in own if i <= anchor]
    if not before:
        return anchor
    nearest = before[-1]
    others = [i for name, found in headings.items() if name != table for i in found]
    if any(nearest < i < anchor for i in others):
        return anchor
    return nearest
