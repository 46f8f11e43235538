"""Character-level normalisation: what a label or a number looks like once folded.

Published reports print the same table in many hands: full-width digits and brackets,
NBSP and ideographic spaces, traditional characters (a 繁體 mirror of a simplified page,
sometimes with Taiwan phrasing such as 檔案 for 文件), pinyin glosses from spam mirrors,
numbering written 1. / 1、 / (一) / 一、. Everything here keeps the original text intact:
`fold` maps one character to one character, so offsets found in folded text are offsets
in the original, and `label_key` is used for matching only.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import opencc

# One character to one character (offsets are preserved).
_FOLD_MAP: dict[int, str] = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FOLD_MAP.update({ord(c): " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004"})
_FOLD_MAP.update({ord(c): " " for c in "\u2005\u2006\u2007\u2008\u2009\u200a\u200b"})
_FOLD_MAP.update({ord(c): " " for c in "\u202f\u205f\u3000\ufeff\u00ad"})
_FOLD_MAP.update({ord("−"): "-", ord("﹣"): "-", ord("‐"): "-", ord("‑"): "-"})
_FOLD_MAP.update({ord("﹒"): ".", ord("､"): "、"})
# Kangxi radicals and compatibility ideographs that PDF fonts map some characters to
# (Chromium prints 一 人 民 生 文 as ⼀ ⼈ ⺠ ⽣ ⽂): their standard ideographs.
for _first, _last in ((0x2E80, 0x2EF3), (0x2F00, 0x2FD5), (0xF900, 0xFAFF)):
    for _code in range(_first, _last + 1):
        _standard = unicodedata.normalize("NFKC", chr(_code))
        if len(_standard) == 1 and _standard != chr(_code):
            _FOLD_MAP[_code] = _standard
# The CJK Radicals Supplement has no NFKC mapping; these forms stand for whole
# characters in PDF text (⺠ 民, ⻩ 黄, ⻔ 门 …).
_FOLD_MAP.update(
    {
        0x2E9F: "母",
        0x2EA0: "民",
        0x2EA7: "牛",
        0x2EA9: "王",
        0x2EAB: "目",
        0x2EAC: "示",
        0x2EAE: "竹",
        0x2EB1: "网",
        0x2EB7: "羊",
        0x2EB9: "老",
        0x2EBB: "聿",
        0x2EBD: "臼",
        0x2EC1: "虎",
        0x2EC4: "西",
        0x2EC5: "见",
        0x2EC6: "角",
        0x2EC9: "贝",
        0x2ECA: "足",
        0x2ECB: "车",
        0x2ED1: "长",
        0x2ED3: "长",
        0x2ED4: "门",
        0x2ED7: "雨",
        0x2ED8: "青",
        0x2ED9: "韦",
        0x2EDA: "页",
        0x2EDB: "风",
        0x2EDC: "飞",
        0x2EDD: "食",
        0x2EE2: "马",
        0x2EE3: "骨",
        0x2EE4: "鬼",
        0x2EE5: "鱼",
        0x2EE6: "鸟",
        0x2EE7: "卤",
        0x2EE8: "麦",
        0x2EE9: "黄",
        0x2EEA: "黾",
        0x2EEC: "齐",
        0x2EEE: "齿",
        0x2EEF: "龙",
        0x2EF3: "龟",
    }
)
FOLD = str.maketrans(_FOLD_MAP)

# Characters that carry no meaning in a label: whitespace and punctuation of both widths.
_DROP_CHARS = (
    " \t\r\n\f\v"
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "“”‘’《》〈〉「」『』【】〔〕〖〗、。，：；！？·•…—–～─━"
    "①②③④⑤⑥⑦⑧⑨⑩※★☆▲△●○◆◇■□│┃┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬"
)
_DROP = str.maketrans("", "", _DROP_CHARS)

# 1. 1、 (1) (一) 一、 at the start of a cell or glued after another label or number.
_NUMBERING = re.compile(
    r"[(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)]"
    r"|(?<![\d.])\d{1,2}\s*[.、](?!\d)"
    r"|[一二三四五六七八九十]{1,3}\s*、"
)
# 國務(wù)院, 政(zheng)府(fu): pinyin glosses injected by spam mirrors.
_PINYIN = re.compile(r"\(\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\s*\)")

# Taiwan phrasing left behind by a simplified -> traditional -> simplified round trip.
_PHRASE_ALIASES: tuple[tuple[str, str], ...] = (
    ("档案", "文件"),
    ("资讯", "信息"),
    ("讯息", "信息"),
    ("网路", "网络"),
    ("入口网站", "门户网站"),
    ("资料", "数据"),
)

_T2S = opencc.OpenCC("t2s")
# Characters that only occur in traditional text: a cheap test before converting.
_TRADITIONAL = re.compile(
    "[個們這來說對時會國與為發開關門問間體務資訊報處請條點選總計結轉辦數據機構當"
    "認處屬於審複訟規範檔無較權產實現應動動業經過學應區縣鄉鎮廳級]"
)


# The characters `fold` changes, for a quick scan of long texts.
_FOLDABLE = re.compile(
    "[\uff01-\uff5e\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000"
    "\ufeff\u00ad\u2212\ufe63\u2010\u2011\ufe52\uff64"
    "\u2e80-\u2ef3\u2f00-\u2fd5\uf900-\ufaff]"
)


_RADICAL = re.compile("[\u2e80-\u2ef3\u2f00-\u2fd5\uf900-\ufaff]")


def standard_ideographs(text: str) -> str:
    """Return `text` with radicals and compatibility ideographs as standard ones."""
    if _RADICAL.search(text) is None:
        return text
    return _RADICAL.sub(lambda match: match.group().translate(FOLD), text)


def fold_long(text: str) -> str:
    """`fold` for long texts: only the characters that change are looked up."""
    return _FOLDABLE.sub(lambda match: match.group().translate(FOLD), text)


_ODD_SPACES = (
    "\u00a0\u3000\u2002\u2003\u2009\u200b\u202f\u205f\ufeff\u1680\u2000\u2001"
    "\u2004\u2005\u2006\u2007\u2008\u200a\u00ad"
)
_NUMBER_FORMS = re.compile(
    "[０-９＋－．／｜\u2212\ufe63\u2010\u2011\ufe52]|(?<=[0-9０-９])，(?=[0-9０-９])"
)
# The same in two quick scans (the alternation above tries both branches at every
# character of a long text): the characters, then a comma before a digit.
_NUMBER_CHARACTERS = re.compile("[０-９＋－．／｜\u2212\ufe63\u2010\u2011\ufe52]")
_COMMA_DIGIT = re.compile("，(?=[0-9０-９])")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_ODD_SPACE = re.compile(f"[{_ODD_SPACES}]")


def fold_for_tokens(text: str) -> str:
    """What the tokenizer needs of `fold`, fast on long texts: odd spaces become spaces,
    full-width digits, signs, dots, pipes (and commas between digits) ASCII. Labels
    are folded later, by `label_key`. Same length as `text`."""
    if _ODD_SPACE.search(text) is not None:
        for space in _ODD_SPACES:
            if space in text:
                text = text.replace(space, " ")
    if _NUMBER_CHARACTERS.search(text) is None and not _digit_comma(text):
        return text
    return _NUMBER_FORMS.sub(lambda match: match.group().translate(FOLD), text)


def _digit_comma(text: str) -> bool:
    """Tell whether a full-width comma stands between two digits (`1，234`)."""
    for match in _COMMA_DIGIT.finditer(text):
        if match.start() and text[match.start() - 1] in _DIGITS:
            return True
    return False


def fold(text: str) -> str:
    """Return `text` with full-width ASCII, odd spaces and minus signs folded.

    The result has the same length as `text`, character for character.
    """
    return text.translate(FOLD)


def to_simplified(text: str) -> str:
    """Return `text` in simplified characters (OpenCC t2s), unchanged if none traditional."""
    if _TRADITIONAL.search(text) is None:
        return text
    converted: str = _T2S.convert(text)
    return converted


def has_traditional(text: str) -> bool:
    """Tell whether `text` holds characters used only in traditional writing."""
    return _TRADITIONAL.search(text) is not None


def label_key(text: str) -> str:
    """Return the matching key of a label: folded, no numbering, no punctuation or space.

    `（三）不予公开` -> `不予公开`; `3. 危及“三安全一稳 定”` -> `危及三安全一稳定`;
    `行政规范性档案` (a 繁體 round trip) -> `行政规范性文件`.
    """
    return _cached_key(text) if len(text) <= 160 else _key(text)


@lru_cache(maxsize=65536)
def _cached_key(text: str) -> str:
    return _key(text)


def _key(text: str) -> str:
    folded = fold(text)
    if "(" in folded:
        folded = _PINYIN.sub("", folded)
    folded = _NUMBERING.sub("", folded)
    key = folded.translate(_DROP)
    for old, new in _PHRASE_ALIASES:
        if old in key:
            key = key.replace(old, new)
    return key


# --- numbers ---------------------------------------------------------------------

# 〇 and 零 are zero written as a character: read as 0 like a blank, with their own note.
ZERO_CHARACTERS = frozenset({"〇", "零", "○"})
BLANK_MARKS = frozenset(
    {"-", "--", "—", "——", "–", "/", "\\", "无", "空", "×", "_"} | ZERO_CHARACTERS
)
UNITS = ("万元", "元", "件", "条", "个", "项", "次", "篇")
_NUMBER = re.compile(
    r"(?P<sign>[+-])?\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"\s*(?P<unit>万元|元|件|条|个|项|次|篇)?"
)


_CHANGE = re.compile(
    r"(?P<word>增加|新增|增|减少|减|下降|降低)\s*(?P<number>\d+)\s*(?:项|个|件)?"
)


def parse_change(text: str) -> int | None:
    """Return the signed change of `增加2` (2), `减少1` (-1): 本年增/减 in words."""
    match = _CHANGE.fullmatch(text.strip())
    if match is None:
        return None
    value = int(match["number"])
    return -value if match["word"] in ("减少", "减", "下降", "降低") else value


def parse_number(text: str) -> tuple[int | Decimal, str | None] | None:
    """Return (value, unit) for one printed number such as `+8`, `1,234`, `427557.68 元`.

    Whole numbers come back as int, the rest as an exact Decimal. Returns None when the
    text is not one number (the caller decides what else it may be).
    """
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    digits = match["int"].replace(",", "") + (match["frac"] or "")
    try:
        exact = Decimal(digits)
    except InvalidOperation:
        return None
    if match["sign"] == "-":
        exact = -exact
    value: int | Decimal = int(exact) if exact == exact.to_integral_value() else exact
    return value, match["unit"]
