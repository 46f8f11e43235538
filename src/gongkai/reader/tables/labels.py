"""Label matching: which official row, group, header or block a piece of text names.

Every label comes from the registered formats (`gongkai.report.formats`), and the label
sets are rebuilt when a format is registered; the only text written here is a short
alias table for variants seen in published reports (合计 for 总计, 对外公开总量, a bare
部分公开). A piece of text is matched exactly (after `label_key`), then split into
several labels when cells ran together (`三、本年度办理结果（一）予以公开`), then as the
start of a label broken over lines (`7. 属于行政执法案` + `卷`), then approximately
(`已取得信息` for `已获取信息`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from gongkai.reader.sources.normalize import label_key
from gongkai.report.formats import (
    APPLICANT_COLUMNS,
    APPLICANT_GROUP,
    APPLICATIONS_CORNER,
    CONTENT_HEADER,
    FORMATS,
    LITIGATION,
    ORGANISATION_GROUP,
    RESULTS_GROUP,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    FormatId,
)


class Role(StrEnum):
    ROW = "row"  # a data row: numbers follow
    GROUP = "group"  # a merged row-group cell: （三）不予公开
    HEADER = "header"  # a column header
    BLOCK = "block"  # a section 二 block title: 第二十条第（一）项


@dataclass(frozen=True)
class Label:
    key: str
    role: Role
    printed: str  # the official text
    ident: str  # row id, column id, group or header name
    formats: frozenset[FormatId]


@dataclass(frozen=True)
class Hit:
    """A piece of text and the labels it may name (none: unknown text)."""

    text: str
    labels: tuple[Label, ...]
    how: str  # exact, part, prefix, fuzzy, unknown

    def with_role(self, role: Role) -> tuple[Label, ...]:
        return tuple(label for label in self.labels if label.role is role)

    @cached_property
    def formats(self) -> frozenset[FormatId] | None:
        """The formats that print these labels, when all of them are printed by the
        same formats (None for unknown text or labels of different formats)."""
        found = {label.formats for label in self.labels}
        return next(iter(found)) if len(found) == 1 else None

    @cached_property
    def roles(self) -> dict[tuple[bool, FormatId | None], Label | None]:
        """Which label the hit stood for, by (rows started, format): see rows.py."""
        return {}


# Variants seen in published reports (formats.md §10): printed text -> official text.
ALIASES: dict[str, str] = {
    "合计": "总计",
    "对外公开总量": "对外公开总数量",
    "部分公开": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "本年新制作": "本年新制作数量",
    "本年新公开": "本年新公开数量",
}
_BLOCK_NUMERALS = ("", "一", "五", "六", "八", "九")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")
_UNIT_WORDS = frozenset(
    {"件", "条", "个", "项", "次", "元", "万元", "人次", "篇", "户", "单位件"}
)


# Texts longer than this (prose, rarely seen twice) are not kept by text.
_CACHED_TEXT = 200


class LabelSet:
    """The labels of one table, indexed for the matching steps."""

    def __init__(self, labels: list[Label]) -> None:
        self.exact: dict[str, tuple[Label, ...]] = {}
        for label in labels:
            self.exact[label.key] = (*self.exact.get(label.key, ()), label)
        for printed, official in ALIASES.items():
            key, target = label_key(printed), label_key(official)
            if target in self.exact and key not in self.exact:
                self.exact[key] = self.exact[target]
        self.by_length = sorted(self.exact, key=len, reverse=True)
        self.rows = sorted(
            {
                k
                for k, ls in self.exact.items()
                if any(label.role is Role.ROW for label in ls)
            }
        )
        self._bigrams = {key: _bigrams(key) for key in self.rows}
        self._cache: dict[str, tuple[Hit, ...]] = {}  # by label key
        self._by_text: dict[str, tuple[Hit, ...]] = {}  # the same, by text
        self._votes: dict[str, tuple[FormatId, ...]] = {}
        # The keys each format prints, to tell a format from one that extends it.
        self.keys_of: dict[FormatId, frozenset[str]] = {
            f: frozenset(label.key for label in labels if f in label.formats)
            for f in FORMATS
        }

    def match(self, text: str) -> tuple[Hit, ...]:
        """Return the labels `text` names, in printed order (unknown pieces included)."""
        found = self._by_text.get(text)
        if found is not None:
            return found
        key = label_key(text)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._match_key(key, text)
            if len(self._cache) < 100_000:
                self._cache[key] = cached
        if len(text) <= _CACHED_TEXT and len(self._by_text) < 100_000:
            self._by_text[text] = cached
        return cached

    def votes(self, text: str) -> tuple[FormatId, ...]:
        """The formats `text` votes for: those printing a label it names, when some
        format does not print it (see `rows.vote_format`)."""
        found = self._votes.get(text)
        if found is None:
            every = frozenset(self.keys_of)
            found = tuple(
                format_id
                for hit in self.match(text)
                if hit.formats is not None and hit.formats < every
                for format_id in hit.formats
            )
            if len(text) <= _CACHED_TEXT and len(self._votes) < 100_000:
                self._votes[text] = found
        return found

    def _match_key(self, key: str, text: str) -> tuple[Hit, ...]:
        if not key or key in _UNIT_WORDS:
            return ()  # punctuation, marks or a unit: nothing to match
        exact = self.exact.get(key)
        if exact is not None:
            return (Hit(text, exact, "exact"),)
        bare = _TRAILING_NOTE.sub("", text)
        if bare != text and (noted := self.exact.get(label_key(bare))) is not None:
            return (
                Hit(text, noted, "exact"),
            )  # 予以公开（含全部公开）: a note after it
        parts = self._decompose(key)
        if parts:
            return parts
        return (self._approximate(key, text),)

    def _decompose(self, key: str) -> tuple[Hit, ...]:
        """Split text holding several labels run together, longest labels first."""
        taken = [False] * len(key)
        found: list[tuple[int, int, str]] = []
        for label_key_ in self.by_length:
            if len(label_key_) < 2:
                continue
            start = key.find(label_key_)
            while start >= 0:
                end = start + len(label_key_)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * (end - start)
                    found.append((start, end, label_key_))
                start = key.find(label_key_, start + 1)
        covered = sum(taken)
        if not found or covered * 2 < len(key):
            return ()
        found.sort()
        found = self._rows_end_cleanly(found, len(key))
        if not found:
            return ()
        hits: list[Hit] = []
        position = 0
        for start, end, found_key in found:
            if start > position:
                hits.append(self._gap(key[position:start], last=False))
            hits.append(Hit(found_key, self.exact[found_key], "part"))
            position = end
        if position < len(key):
            hits.append(self._gap(key[position:], last=True))
        return tuple(hit for hit in hits if hit.labels or len(hit.text) > 1)

    def _rows_end_cleanly(
        self, found: list[tuple[int, int, str]], size: int
    ) -> list[tuple[int, int, str]]:
        """A row label inside longer text must end where the next label or the text
        ends (`其他情形` is not the row 其他 followed by junk)."""
        kept = []
        for index, (start, end, key) in enumerate(found):
            following = found[index + 1][0] if index + 1 < len(found) else size
            is_row = any(label.role is Role.ROW for label in self.exact[key])
            if is_row and following > end:
                continue
            kept.append((start, end, key))
        return kept

    def _gap(self, piece: str, *, last: bool) -> Hit:
        if last and len(piece) >= 3:
            return self._approximate(piece, piece)
        return Hit(piece, (), "unknown")

    def _approximate(self, key: str, text: str) -> Hit:
        if len(key) >= 3:
            starts = {k for k in self.rows if k.startswith(key)}
            rows = {label.ident for k in starts for label in self.exact[k]}
            length = min((len(k) for k in starts), default=0)
            if len(rows) == 1 and (len(key) >= 6 or len(key) * 3 >= length):
                return Hit(text, self.exact[next(iter(starts))], "prefix")
        if len(key) >= 4:
            best = _closest(key, self._bigrams)
            if best is not None:
                return Hit(text, self.exact[best], "fuzzy")
        return Hit(text, (), "unknown")


def _bigrams(key: str) -> frozenset[str]:
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def _closest(key: str, candidates: dict[str, frozenset[str]]) -> str | None:
    """Return the candidate with a bigram Dice coefficient >= 0.75, clearly the best."""
    grams = _bigrams(key)
    if not grams:
        return None
    scored = sorted(
        (
            (2 * len(grams & other) / (len(grams) + len(other)), cand)
            for cand, other in candidates.items()
            if other
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < 0.75:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < 0.1:
        return None
    return scored[0][1]


def _label(text: str, role: Role, ident: str, formats: frozenset[FormatId]) -> Label:
    return Label(label_key(text), role, text, ident, formats)


def _merge_formats(labels: list[Label]) -> list[Label]:
    """Join labels that differ only in the formats that print them."""
    merged: dict[tuple[str, Role, str], Label] = {}
    for label in labels:
        slot = (label.key, label.role, label.ident)
        known = merged.get(slot)
        formats = label.formats | (known.formats if known else frozenset())
        merged[slot] = Label(label.key, label.role, label.printed, label.ident, formats)
    return list(merged.values())


def _every_format() -> frozenset[FormatId]:
    return frozenset(FORMATS)


@FORMATS.derived
def proactive_labels() -> LabelSet:
    """Return the labels of the section 二 table of every registered format."""
    every = _every_format()
    labels = [_label(CONTENT_HEADER, Role.HEADER, CONTENT_HEADER, every)]
    keys = [f"第二十条第{numeral}项" for numeral in _BLOCK_NUMERALS]
    keys += [label_key(b.title) for spec in FORMATS.values() for b in spec.proactive]
    for key in dict.fromkeys(keys):
        labels.append(Label(key, Role.BLOCK, "第二十条", "block", every))
    for format_id, spec in FORMATS.items():
        only = frozenset({format_id})
        for block in spec.proactive:
            for row in block.rows:
                labels.append(_label(row.label, Role.ROW, row.id, only))
                for column in row.columns:
                    labels.append(_label(column.label, Role.HEADER, column.id, only))
    return LabelSet(_merge_formats(labels))


@FORMATS.derived
def applications_labels() -> LabelSet:
    """Return the labels of the section 三 table of every registered format."""
    every = _every_format()
    labels = [
        _label(APPLICATIONS_CORNER, Role.HEADER, "corner", every),
        _label(APPLICANT_GROUP, Role.HEADER, "applicants", every),
        _label(ORGANISATION_GROUP, Role.HEADER, "organisations", every),
        _label(RESULTS_GROUP, Role.GROUP, "results", every),
    ]
    labels += [_label(c.label, Role.HEADER, c.id, every) for c in APPLICANT_COLUMNS]
    for format_id, spec in FORMATS.items():
        only = frozenset({format_id})
        for row in spec.applications:
            labels.append(_label(row.label, Role.ROW, row.id, only))
            if row.group is not None:
                labels.append(_label(row.group, Role.GROUP, row.group, only))
    return LabelSet(_merge_formats(labels))


@FORMATS.derived
def review_labels() -> LabelSet:
    """Return the labels of the section 四 table (the same in every format)."""
    every = _every_format()
    labels = [_label(LITIGATION, Role.HEADER, "litigation", every)]
    labels += [_label(g.label, Role.HEADER, g.id, every) for g in REVIEW_GROUPS]
    labels += [_label(c.label, Role.HEADER, c.id, every) for c in REVIEW_COLUMNS]
    return LabelSet(_merge_formats(labels))
