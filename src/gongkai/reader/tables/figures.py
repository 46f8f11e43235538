"""Figures stated in the prose (「制发行政规范性文件12件」), the last tie-breaker.

Only used when the table's own rules leave more than one reading of a row. The words
looked for are the rows' official labels (section 二) or the first four characters of
them (section 三), so nothing here is a second list of labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from gongkai.reader.sources.document import Document
from gongkai.reader.sources.normalize import fold, label_key
from gongkai.reader.tables.glued import Number
from gongkai.report.formats import FORMATS

Figures = dict[str, set[Number]]
_AFTER = r"[^\d。；;\n]{0,12}?(\d+)\s*(?:件|条|个|项|次|份|万元|元)"


def _keywords() -> dict[str, dict[str, str]]:
    words: dict[str, dict[str, str]] = {"proactive": {}, "applications": {}}
    for spec in FORMATS.values():
        for row in spec.proactive_rows:
            words["proactive"].setdefault(label_key(row.label), row.id)
        for app in spec.applications:
            key = label_key(app.label)
            if len(key) >= 4:
                words["applications"].setdefault(key[:4], app.id)
    return words


@FORMATS.derived
def _patterns() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    return {
        table: [
            (re.compile(re.escape(word) + _AFTER), row) for word, row in words.items()
        ]
        for table, words in _keywords().items()
    }


def prose_figures(document: Document) -> Callable[[str], Mapping[str, set[Number]]]:
    """Return a lookup of the numbers the prose states next to each row's words."""
    cache: dict[str, Figures] = {}

    def lookup(table: str) -> Mapping[str, set[Number]]:
        if table not in cache:
            cache[table] = _scan(document, table)
        return cache[table]

    return lookup


def _scan(document: Document, table: str) -> Figures:
    found: Figures = {}
    patterns = _patterns().get(table, [])
    for line in document.lines:
        if len(line) < 6:
            continue
        folded = fold(line)
        for pattern, row in patterns:
            for match in pattern.finditer(folded):
                found.setdefault(row, set()).add(int(match.group(1)))
    return found
