"""Tampered pages: text that does not belong in a government report.

Hacked government sites carry injected gambling, lottery, casino and adult spam: words
substituted into the prose (seed 003: every 政务公开 reads 足球比分网, 新时代 carries
`365体育:`) and links to the spam sites. The detector looks for

- terms of a word list that no annual report has a reason to print (`SPAM_TERMS`); terms
  a report may print for a good reason (体育彩票 of a sports bureau, 打击赌博, 淫秽色情 of
  扫黄打非, 金沙县) are left out on purpose;
- brand patterns of the spam sites: a number run into 体育/娱乐/彩票/棋牌 (`365体育`);
- out-of-place link text: a web address whose host names gambling or adult content
  (`bet365.com`, `www.xx-casino.net`); addresses of government sites and e-mail
  addresses are never flagged.

Matching is on the reader's simplified-character lines, case-insensitive for Latin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Words of gambling, lottery, casino and adult spam sites.
SPAM_TERMS: tuple[str, ...] = (
    # gambling and sports betting
    "足球比分",
    "比分网",
    "比分直播",
    "体育投注",
    "投注平台",
    "在线投注",
    "博彩",
    "赌场",
    "网上赌",
    "赌球",
    "百家乐",
    "娱乐城",
    "真人娱乐",
    "真人视讯",
    "老虎机",
    "电子游艺",
    "开户送",
    "注册送",
    "首存",
    "彩金",
    "棋牌游戏",
    "葡京",
    "威尼斯人",
    "皇冠体育",
    "亚博体育",
    "bet365",
    "casino",
    "baccarat",
    "sportsbook",
    # lottery spam (not 福利彩票/体育彩票, which bureaus administer)
    "时时彩",
    "六合彩",
    "北京赛车",
    "幸运飞艇",
    "彩票平台",
    "购彩",
    "彩票网",
    "网投",
    # adult
    "成人视频",
    "成人网站",
    "裸聊",
    "约炮",
    "一夜情",
    "av女优",
    "porn",
)

_BRAND = re.compile(r"\d{2,4}(?:体育|娱乐|彩票|棋牌)(?![局厅处科馆场])")
_LINK = re.compile(
    r"(?:https?://|www\.)[\w.\-]+|\b[\w\-]+(?:\.[\w\-]+)*\.(?:com|net|cc|vip|bet|top|xyz)\b",
    re.IGNORECASE,
)
_LINK_SPAM = re.compile(
    r"bet|casino|bocai|dubo|caipiao|baijiale|yule|sport|porn|sex|xxx|365|888|777",
    re.IGNORECASE,
)
_GOVERNMENT_HOST = re.compile(r"\.gov\.cn\b|\.gov\b|\.org\.cn\b", re.IGNORECASE)


@dataclass(frozen=True)
class TamperHit:
    """One piece of out-of-place text: where, what was matched and the text around it."""

    line: int  # 1-based, in the reader's view of the document
    column: int  # 0-based
    kind: str  # term, brand, link
    text: str
    excerpt: str


def find_tampering(lines: Iterable[str]) -> list[TamperHit]:
    """Return every out-of-place term, spam brand and spam link in `lines`, in order."""
    hits: list[TamperHit] = []
    for number, line in enumerate(lines, start=1):
        lowered = line.lower()
        for term in SPAM_TERMS:
            start = lowered.find(term)
            while start >= 0:
                hits.append(_hit(number, "term", line, start, len(term)))
                start = lowered.find(term, start + len(term))
        for match in _BRAND.finditer(line):
            hits.append(_hit(number, "brand", line, match.start(), len(match[0])))
        for match in _LINK.finditer(line):
            host = match[0]
            if match.start() and line[match.start() - 1] in "@＠":
                continue  # an e-mail address: the agency's own contact
            if _GOVERNMENT_HOST.search(host) or not _LINK_SPAM.search(host):
                continue
            hits.append(_hit(number, "link", line, match.start(), len(host)))
    return _distinct(hits)


def _hit(number: int, kind: str, line: str, start: int, length: int) -> TamperHit:
    excerpt = line[max(0, start - 12) : start + length + 12].strip()
    return TamperHit(number, start, kind, line[start : start + length], excerpt)


def _distinct(hits: list[TamperHit]) -> list[TamperHit]:
    """One hit per run of overlapping matches (足球比分 and 比分网 in 足球比分网)."""
    kept: list[TamperHit] = []
    for hit in sorted(hits, key=lambda h: (h.line, h.column, -len(h.text))):
        last = kept[-1] if kept else None
        if last and last.line == hit.line and hit.column < last.column + len(last.text):
            end = max(last.column + len(last.text), hit.column + len(hit.text))
            overlap = last.text + hit.text[last.column + len(last.text) - hit.column :]
            kept[-1] = TamperHit(
                last.line,
                last.column,
                last.kind,
                overlap[: end - last.column],
                last.excerpt,
            )
            continue
        kept.append(hit)
    return kept
