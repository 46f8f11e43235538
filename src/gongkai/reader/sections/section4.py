"""Section 四 (政府信息公开行政复议、行政诉讼情况): three header rows, fifteen numbers.

The numbers follow the last header cell, in one row; each group of five ends with its
总计, which decides how digits printed without gaps are split.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from gongkai.reader.result import Trace
from gongkai.reader.sources.normalize import label_key
from gongkai.reader.sources.tokens import Kind, Token
from gongkai.reader.tables.cells import read_row
from gongkai.reader.tables.choice import row_options
from gongkai.reader.tables.emit import RowSpec, emit_row
from gongkai.reader.tables.glued import Number
from gongkai.reader.tables.labels import LabelSet, review_labels
from gongkai.reader.tables.rows import Record
from gongkai.report.formats import LITIGATION, REVIEW_COLUMNS, REVIEW_GROUPS, TABLES

GROUP = len(REVIEW_COLUMNS)
# The characters of every header of the table: text made only of them is a piece of a
# header cell broken over lines (`结果` / `维持` in text copied from a PDF).
_HEADER_CHARS = frozenset(
    "".join(
        label_key(label)
        for label in (
            *(c.label for c in REVIEW_COLUMNS),
            *(g.label for g in REVIEW_GROUPS),
            LITIGATION,
            "合计",
        )
    )
)


_RESULT_CHARS = frozenset("维持纠正审结")


def _row_wise(tokens: Sequence[Token], after_last: list[Token]) -> list[Token] | None:
    """The table printed one group per row (行政复议 | 1 | 0 | …): take the numbers
    after the first header when those after the last header are too few."""
    printed = sum(1 for t in after_last if t.kind is Kind.NUM or t.kind is Kind.BLANK)
    if printed >= CELLS:
        return None
    for index, token in enumerate(tokens):
        if token.kind is Kind.TEXT and any(
            h.labels for h in review_labels().match(token.text)
        ):
            rest = [
                t
                for t in tokens[index + 1 :]
                if t.kind is Kind.NUM or t.kind is Kind.BLANK
            ]
            return rest if len(rest) == CELLS else None
    return None


def _is_fragment(key: str) -> bool:
    return len(key) >= 2 and all(char in _HEADER_CHARS for char in key)


_RESULT_COLUMNS = frozenset(c.id for c in REVIEW_COLUMNS[:-1])
CELLS = GROUP * len(REVIEW_GROUPS)
_PATHS = tuple(
    f"review_litigation.{group.id}[{i}]"
    for group in REVIEW_GROUPS
    for i in range(GROUP)
)
_COLUMNS = tuple(
    f"{group.label}·{column.label}"
    for group in REVIEW_GROUPS
    for column in REVIEW_COLUMNS
)


def group_total(values: Sequence[Number]) -> Number | None:
    """Each group's 总计 must equal the four results before it."""
    if len(values) % GROUP == GROUP - 1:
        return sum(values[-(GROUP - 1) :])
    return None


def _header_text(labels: LabelSet, text: str) -> tuple[str, bool, bool]:
    """A text's key, whether it is (a piece of) a header of the table, and whether it
    names a result column; worked out once per distinct short text."""
    if len(text) <= 200:
        return _cached_header_text(labels, text)
    return _header_of(labels, text)


def _header_of(labels: LabelSet, text: str) -> tuple[str, bool, bool]:
    hits = [label for hit in labels.match(text) for label in hit.labels]
    key = label_key(text)
    return (
        key,
        bool(hits) or _is_fragment(key),
        any(label.ident in _RESULT_COLUMNS for label in hits),
    )


_cached_header_text = lru_cache(maxsize=8192)(_header_of)


def read_review(
    tokens: Sequence[Token], trace: Trace
) -> dict[str, list[Number]] | None:
    """Return the three groups of section 四, or None when the table is absent."""
    last_header = -1
    has_columns = False
    fragments: list[str] = []
    labels = review_labels()
    for index, token in enumerate(tokens):
        if token.kind is not Kind.TEXT:
            continue
        key, is_header, columns = _header_text(labels, token.text)
        if is_header:
            last_header = index
            has_columns |= columns
            fragments.append(key)
    # header cells broken in pieces, even character by character in narrow columns
    has_columns |= _RESULT_CHARS <= set("".join(fragments))
    if last_header < 0 or not has_columns:
        return None
    material = [t for t in tokens[last_header + 1 :] if t.kind is not Kind.TEXT]
    material = _row_wise(tokens, material) or material
    if not material:
        trace.note(
            "table_empty",
            "review_litigation",
            "表「四」只印了表头，没有数字，按缺表处理",
            "section 四 prints its headers but no numbers; read as absent",
        )
        return None
    header = tokens[last_header]
    record = Record(None, header.text, header, "exact", material)
    reading = read_row(material, CELLS, group_total)
    options = row_options(reading, group_total)

    spec = RowSpec(
        "review_litigation", TABLES["review_litigation"].heading, _COLUMNS, _PATHS
    )
    values = emit_row(
        trace, spec, options, record if material else None, extra=len(reading.extra)
    )
    return {
        group.id: values[i * GROUP : (i + 1) * GROUP]
        for i, group in enumerate(REVIEW_GROUPS)
    }
