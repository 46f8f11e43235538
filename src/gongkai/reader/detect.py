"""The agency and the report year, from the title and the opening text.

Titles follow `XX（机关名称）20XX年（度）政府信息公开工作年度报告` (or `…工作20XX年度报告`);
some put the agency on its own line above or below a title without it, or print
`XX （2019 年度）`. A page without a title still names the agency in the preamble
(`报告的电子版可在XX网站下载`) and the year in the statistics period (`统计期限为
2020年1月1日至2020年12月31日`). Injected spam before the agency (mirror sites) is cut
at the last separator.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from gongkai.reader.result import Entry
from gongkai.reader.sources.document import Document

_AGENCY = r"(?P<agency>[\u3400-\u9fff]{2,40}?)"
_YEAR = r"(?P<year>20\d\d)"
_REPORT = r"(?:政府)?(?:信息|资讯|讯息)公开(?:工作)?(?:年度|情况)?(?:报告|年报)"
_TITLE = re.compile(rf"{_AGENCY}\s*[（(]?\s*{_YEAR}\s*年\s*度?\s*[)）]?\s*{_REPORT}")
_TITLE_AFTER = re.compile(rf"{_AGENCY}\s*政府信息公开工作\s*{_YEAR}\s*年\s*度?\s*报告")
_YEAR_TITLE = re.compile(rf"^\s*{_YEAR}\s*年\s*度?\s*{_REPORT}")
_AGENCY_YEAR = re.compile(rf"^\s*{_AGENCY}\s*[（(]\s*{_YEAR}\s*年\s*度?\s*[)）]\s*$")
_PERIOD = re.compile(
    rf"{_YEAR}\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*(?:20\d\d\s*年\s*)?"
    r"12\s*月\s*31\s*日"
)
_YEAR_OF = re.compile(rf"{_YEAR}\s*年\s*度?\s*(?:的)?{_REPORT}")
_DOWNLOAD = re.compile(
    rf"(?:可在|可以在|可从|请登录|登录|可于){_AGENCY}(?:门户)?(?:网站|官网|政府网|网)"
    r"(?:上)?(?:下载|查阅|查看|浏览)"
)
_NOW = re.compile(rf"(?:现将|现发布|特向社会公布){_AGENCY}\s*{_YEAR}\s*年")
_AGENCY_LINE = re.compile(rf"^\s*{_AGENCY}\s*$")
_SUFFIX = re.compile(
    r"(?:办公室|办公厅|委员会|人民政府|政府|管理局|局|厅|中心|院|委|办|署|会|所|站|馆"
    r"|办事处|镇|乡|街道|公司|集团|队|部|处|社|监狱|园区|管委会|分局|支队|大队)$"
)
_TITLE_LINES = 40
# The title patterns tried in order, and those that can match a line without 公开
# (the others need it: a cheap test first, as they try every start of a long line).
_AGENCY_TITLES = (_TITLE, _TITLE_AFTER, _AGENCY_YEAR)
_AGENCY_TITLES_UNNAMED = (_AGENCY_YEAR,)
_YEAR_TITLES = (_TITLE, _TITLE_AFTER, _AGENCY_YEAR, _YEAR_TITLE)
_YEAR_TITLES_UNNAMED = (_AGENCY_YEAR,)
# What follows the agency in _TITLE and _TITLE_AFTER: a line without it is not tried
# with the agency's lazy repeat at each of its characters.
_TAILS = {
    _TITLE: re.compile(rf"{_YEAR}\s*年\s*度?\s*[)）]?\s*{_REPORT}"),
    _TITLE_AFTER: re.compile(rf"政府信息公开工作\s*{_YEAR}\s*年\s*度?\s*报告"),
}
# What _DOWNLOAD needs besides 网.
_VIEWED = ("下载", "查阅", "查看", "浏览")
_PHRASE = re.compile(_REPORT)
_HEAD_YEAR_END = re.compile(r"[（(]?\s*(20\d\d)\s*年\s*度?\s*[)）]?\s*(?:关于)?\s*$")
_HEAD_YEAR_START = re.compile(r"^\s*(?:关于)?\s*(20\d\d)\s*年\s*度?\s*")
_LAST_NAME = re.compile(r"[\u3400-\u9fff]{2,40}$")
_NOT_AGENCY = re.compile(
    r"年|报告|我|本机关|本单位|^(?:现将|现发布|特向|根据|按照|依据|关于)"
)


@dataclass(frozen=True)
class Found:
    value: str
    line: int
    start: int
    end: int
    how: str


def find_agency(document: Document) -> Found | None:
    """Return the agency named in the title or the opening text."""
    lines, maps = _cleaned(document)
    found = _find_agency(lines)
    return _mapped(found, maps)


def _from_phrase(line: str, index: int, width: int) -> tuple[Found, Found] | None:
    """A title read around `政府信息公开工作年度报告`: the year at either end of what
    comes before it (`2024年XX局…`, `XX局关于2023年度…`), the agency the rest."""
    phrase = _PHRASE.search(line)
    if phrase is None:
        return None
    head = line[: phrase.start()]
    end_year = _HEAD_YEAR_END.search(head)
    start_year = _HEAD_YEAR_START.match(head)
    if end_year is not None:
        year_start, year_end, head = (
            end_year.start(1),
            end_year.end(1),
            head[: end_year.start()],
        )
    elif start_year is not None:
        year_start, year_end = start_year.start(1), start_year.end(1)
    else:
        return None
    offset = start_year.end() if end_year is None and start_year is not None else 0
    body = head[offset:].removeprefix("关于").rstrip()
    if body.endswith("关于"):
        body = body[:-2]
    name = _LAST_NAME.search(body)
    if name is None:
        return None
    start = (
        offset
        + (len(head[offset:]) - len(head[offset:].removeprefix("关于")))
        + name.start()
    )
    agency = name.group()
    if (
        not _is_agency(agency)
        and phrase.group().startswith("政府")
        and end_year is None
    ):
        agency += "政府"  # XX县人民政府信息公开…: 政府 belongs to the name
    if not _is_agency(agency) or start + len(agency) > width:
        return None
    return (
        Found(agency, index, start, start + len(agency), "title"),
        Found(
            line[year_start:year_end],
            index,
            min(year_start, width),
            min(year_end, width),
            "title",
        ),
    )


def _find_agency(lines: Sequence[str]) -> Found | None:
    for index, line in _head_texts(lines):
        width = len(lines[index])
        if "年" not in line:
            continue
        named = "公开" in line  # _PHRASE, _TITLE and _TITLE_AFTER need it
        parts = _from_phrase(line, index, width) if named else None
        if parts is not None:
            return parts[0]
        for pattern in _AGENCY_TITLES if named else _AGENCY_TITLES_UNNAMED:
            match = _search_title(pattern, line)
            if (
                match
                and _is_agency(match["agency"])
                and _within_one_line(match, "agency", width)
            ):
                return _found(match, "agency", index, "title", width)
        if _YEAR_TITLE.match(line):
            for neighbour in (index - 1, index + 1, index - 2):
                if 0 <= neighbour < len(lines):
                    found = _agency_line(lines, neighbour)
                    if found is not None:
                        return found
    for pattern, hint, needed in ((_DOWNLOAD, "网", _VIEWED), (_NOW, "现", ("年",))):
        for index, line in enumerate(lines):
            if hint not in line or not any(word in line for word in needed):
                continue
            match = pattern.search(line)
            if match and _is_agency(match["agency"]):
                return _found(match, "agency", index, "text")
    return None


def _search_title(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    tail = _TAILS.get(pattern)
    if tail is not None and tail.search(line) is None:
        return None
    return pattern.search(line)


def find_year(document: Document) -> Found | None:
    """Return the report year: from the title, else the statistics period, else the
    year most often named with 政府信息公开工作报告."""
    lines, maps = _cleaned(document)
    return _mapped(_find_year(lines), maps)


def _find_year(lines: Sequence[str]) -> Found | None:
    for index, line in _head_texts(lines):
        if "年" not in line:
            continue
        named = "公开" in line  # _PHRASE, _TITLE, _TITLE_AFTER, _YEAR_TITLE need it
        parts = _from_phrase(line, index, len(lines[index])) if named else None
        if parts is not None:
            return parts[1]
        for pattern in _YEAR_TITLES if named else _YEAR_TITLES_UNNAMED:
            match = _search_title(pattern, line)
            if match:
                return _found(match, "year", index, "title", len(lines[index]))
    for index, line in enumerate(lines):
        if "31" not in line:
            continue
        match = _PERIOD.search(line)
        if match:
            return _found(match, "year", index, "period")
    mentions: Counter[str] = Counter()
    first: dict[str, Found] = {}
    for index, line in enumerate(lines):
        if "信息公开" not in line:
            continue
        for match in _YEAR_OF.finditer(line):
            mentions[match["year"]] += 1
            first.setdefault(match["year"], _found(match, "year", index, "text"))
    if mentions:
        return first[mentions.most_common(1)[0][0]]
    return None


# A title ends with its report phrase; a letter forwarding a report (`…年度报告的函`),
# an attachment line (`附件：…报告（另附）`) or a sentence mentioning one does not.
_TITLE_END = re.compile(r"(?:报告|年报)[\s》」』\"”'’:：]*$")
_NOT_TITLE_START = re.compile(r"^\s*(?:附件|附|抄送|主送)\s*\d*\s*[:：]")


def looks_like_report(document: Document) -> bool:
    """Tell whether the text has the title of a 政府信息公开 annual report: a line
    naming 信息公开 that ends with 报告 / 年报, not one that merely mentions a report."""
    for line in document.lines[: _TITLE_LINES * 3]:
        if (
            "信息公开" in line
            and _TITLE_END.search(line) is not None
            and _NOT_TITLE_START.match(line) is None
        ):
            return True
    return False


def entry(document: Document, found: Found) -> Entry:
    return document.line_entry(found.line, found.start, found.end)


# 政(zheng)府(fu): pinyin glosses of spam mirrors, dropped before matching.
_GLOSS = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}[)）]")


Cleaned = tuple[list[str], dict[int, list[int]]]


def _cleaned(document: Document) -> Cleaned:
    """The document's lines cleaned for matching, computed once per document."""
    cached = document.cache.get("detect")
    if not isinstance(cached, tuple):
        cached = document.cache["detect"] = _clean(document.lines)
    return cached


def _clean(lines: Sequence[str]) -> Cleaned:
    """Return the lines without pinyin glosses, and for changed lines where each kept
    character was."""
    cleaned: list[str] = []
    maps: dict[int, list[int]] = {}
    if _GLOSS.search("\n".join(lines)) is None:  # one scan: most texts have none
        return list(lines), maps
    for index, line in enumerate(lines):
        if "(" not in line and "（" not in line or _GLOSS.search(line) is None:
            cleaned.append(line)
            continue
        kept: list[int] = []
        position = 0
        for match in _GLOSS.finditer(line):
            kept.extend(range(position, match.start()))
            position = match.end()
        kept.extend(range(position, len(line)))
        cleaned.append("".join(line[i] for i in kept))
        maps[index] = kept
    return cleaned, maps


def _mapped(found: Found | None, maps: dict[int, list[int]]) -> Found | None:
    if found is None or found.line not in maps:
        return found
    kept = maps[found.line]
    start = kept[found.start] if found.start < len(kept) else len(kept)
    end = kept[found.end - 1] + 1 if 0 < found.end <= len(kept) else start
    return Found(found.value, found.line, start, end, found.how)


def _head(lines: Sequence[str]) -> list[int]:
    heads = []
    for index, line in enumerate(lines):
        if line.strip():
            heads.append(index)
            if len(heads) >= _TITLE_LINES:
                break
    return heads


def _head_texts(lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """The first lines alone, then each joined with the next (a title wrapped in two);
    made as they are asked for (most titles are the first line)."""
    heads = _head(lines)
    for index in heads:
        if len(lines[index]) <= 100:
            yield index, lines[index]
    for position, index in enumerate(heads[:-1]):
        if len(lines[index]) < 40:
            yield index, lines[index] + lines[heads[position + 1]]


def _within_one_line(match: re.Match[str], group: str, width: int) -> bool:
    """In two joined lines, a name must not run across the join."""
    return match.end(group) <= width or match.start(group) >= width


def _found(
    match: re.Match[str], group: str, line: int, how: str, width: int | None = None
) -> Found:
    start, end = match.start(group), match.end(group)
    if width is not None:
        start, end = min(start, width), min(end, width)
    return Found(match[group], line, start, end, how)


def _is_agency(name: str) -> bool:
    name = name.strip()
    if len(name) < 3 or _NOT_AGENCY.search(name):
        return False
    return _SUFFIX.search(name) is not None


def _agency_line(lines: Sequence[str], index: int) -> Found | None:
    match = _AGENCY_LINE.match(lines[index])
    if match and _is_agency(match["agency"]) and len(match["agency"]) <= 30:
        return _found(match, "agency", index, "title")
    return None
