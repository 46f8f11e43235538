"""Plain text (and Markdown) read line by line into tokens.

A line is one cell (one cell per line, seeds 000/001/004), or a row of cells separated
by tabs, `|` or box-drawing bars (seeds 002/003, Markdown, text tables), or a paragraph
of prose, of which only sentences with bare numbers (a table whose tags were stripped)
are read cell by cell. An empty line ends a row; a line holding only NBSP or a tab is
an empty cell.
"""

from __future__ import annotations

import re

from gongkai.reader.sources.normalize import fold_for_tokens
from gongkai.reader.sources.tokens import CellReader, Kind, Token, simple_kind

_DELIMS = re.compile(r"[\t|│┃║]")
_BOX_BAR = re.compile("[│┃║]")
_BOX_RULE_CHAR = re.compile("[─━═┼┬┴├┤]")
_BOX_ANY = re.compile("[│┃║─━═┼┬┴├┤]")
_LINE_ENDS = "\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"
_NONEMPTY_LINE = re.compile(r"[^\n]+")
# Line breaks other than \n and \r\n (looked for in two quick scans: an alternation
# tries both branches at every character of a long text).
_ODD_BREAK_CHARACTERS = re.compile("[\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
_LONE_CR = re.compile("\r(?!\n)")
_RULE = re.compile(
    r"\s*\|?(?:\s*:?-{3,}:?\s*\|?)+\s*|\s*[-=_*~]{4,}\s*"
    r"|[\s─━┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬│┃+\-=|]*[─━═┼┬┴├┤][\s─━┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬│┃+\-=|]*"
)


def tokenize_text(text: str, working: str | None = None) -> list[Token]:
    """Return the tokens of a plain-text report.

    `text` is the original text (offsets point into it); `working` is the same text in
    simplified characters, character for character, used for the token texts.
    """
    source = working if working is not None else text
    folded = fold_for_tokens(source)
    if _ODD_BREAK_CHARACTERS.search(folded) is not None or (
        "\r" in folded and _LONE_CR.search(folded) is not None
    ):
        return _tokenize_lines(source, folded)
    reader = CellReader()
    number, position = 1, 0
    boxed = _BOX_ANY.search(folded) is not None  # else no line need be searched
    # non-empty lines only: blank lines are counted between them (row breaks)
    for match in _NONEMPTY_LINE.finditer(folded):
        start = match.start()
        if start > position:
            breaks = start - position  # between two matches: only line breaks
            number += breaks
            if breaks > 1 or position == 0:
                reader.row += 1
        position = match.end()
        _read_text_line(
            reader, source, match.group().rstrip("\r"), start, number, boxed
        )
    return reader.tokens


def _tokenize_lines(source: str, folded: str) -> list[Token]:
    """The same, for texts that also break lines with \\r, \\v, \\f or U+2028."""
    reader = CellReader()
    offset = 0
    for number, raw in enumerate(folded.splitlines(keepends=True), 1):
        line = raw.rstrip(_LINE_ENDS)
        if line:
            _read_text_line(reader, source, line, offset, number)
        else:
            reader.row += 1
        offset += len(raw)
    return reader.tokens


def _read_text_line(
    reader: CellReader,
    source: str,
    line: str,
    offset: int,
    number: int,
    boxed: bool = True,
) -> None:
    """Read one line; `boxed` False when the text has no box-drawing character."""
    stripped = line.strip()
    if len(line) > 60 and "。" in line:
        _read_prose(reader, line, offset, number)
    elif not stripped:
        if not source[offset : offset + len(line)].strip(" "):
            reader.row += 1  # a line of spaces ends a row (cell-per-line layouts)
        else:
            reader.add_cell("", offset, number)  # only NBSP or a tab: an empty cell
    elif (
        "|" in line
        or ("\t" in line and line.count("\t") > (line[0] == "\t"))
        or (boxed and _BOX_ANY.search(line) is not None)
    ):
        read_line(reader, line, line, offset, number)
    else:
        kind = simple_kind(stripped)
        if kind is None:
            reader.add_cell(line, offset, number)
            return
        reader.cell += 1  # the common case, one plain cell on a line: inline for speed
        at = offset + line.find(stripped)
        reader.tokens.append(
            Token(
                kind,
                stripped,
                at,
                at + len(stripped),
                number,
                reader.row,
                reader.cell,
                False,
                int(stripped) if kind is Kind.NUM else None,
                None,
                None,
            )
        )


# A number in prose is followed by what it counts (3件, 2021年); one that is not may be
# a cell of a table whose tags were stripped.
_BARE_NUMBER = re.compile(
    r"\d+(?![\d.,]|\s*[年月日号件条个项次篇人%万元余多家所名位种批份期天时分秒倍])"
)
_SEGMENT = re.compile(r"[^。；;！？!?]+")


def _read_prose(reader: CellReader, line: str, offset: int, number: int) -> None:
    """A paragraph: a sentence whose numbers all count something (3件) is one piece of
    text; a sentence with bare numbers (a table whose tags were stripped) is read cell
    by cell."""
    for match in _SEGMENT.finditer(line):
        segment = match.group()
        if not segment.strip():
            continue
        if _BARE_NUMBER.search(segment) is None:
            start = offset + match.start() + len(segment) - len(segment.lstrip())
            stripped = segment.strip()
            reader.cell += 1
            reader.tokens.append(
                Token(
                    Kind.TEXT,
                    stripped,
                    start,
                    start + len(stripped),
                    number,
                    reader.row,
                    reader.cell,
                    False,
                    None,
                    None,
                    None,
                )
            )
        else:
            read_line(reader, segment, segment, offset + match.start(), number)


def read_line(
    reader: CellReader,
    line: str,
    raw: str,
    offset: int,
    number: int,
    where: dict[str, int] | None = None,
) -> None:
    """Add the tokens of one line of text (`line` folded, `raw` as printed)."""
    if not raw.strip(" "):
        reader.new_row()  # an empty line: the end of a row in cell-per-line layouts
        return
    if not line.strip():
        reader.add_cell("", offset, number, where)
        return
    if "\t" not in line and "|" not in line and _BOX_BAR.search(line) is None:
        if _BOX_RULE_CHAR.search(line) is None or not _RULE.fullmatch(line):
            reader.add_cell(line, offset, number, where)
        return
    if (
        "-" in line
        or "=" in line
        or "~" in line
        or "_" in line
        or "*" in line
        or _BOX_RULE_CHAR.search(line) is not None
    ) and _RULE.fullmatch(line):
        return
    cuts = [m.start() for m in _DELIMS.finditer(line)]
    start = 0
    if cuts and cuts[0] == 0 and line[0] == "\t" and len(cuts) == 1:
        start, cuts = 1, []  # one leading tab: indentation of a cell-per-line layout
    if not cuts:
        reader.add_cell(line[start:], offset + start, number, where)
        return
    reader.new_row()
    bounds = [-1, *cuts, len(line)]
    last = len(bounds) - 2
    for index in range(len(bounds) - 1):
        left, right = bounds[index] + 1, bounds[index + 1]
        cell = line[left:right]
        if (index == 0 and not cell and line[cuts[0]] != "\t") or (
            index == last and not cell.strip() and line[cuts[-1]] != "\t"
        ):
            continue  # the outside of `| a | b |` is not a cell
        reader.add_cell(cell, offset + left, number, where)
    reader.new_row()
