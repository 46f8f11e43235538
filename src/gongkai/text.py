"""Text hygiene at the boundary: control characters in, formulas out.

Text typed by an applicant or read from a ledger may hold characters that no document
format can carry (XML 1.0 refuses most C0 control characters, so one `\\x01` makes a DOCX
or XLSX writer fail) and strings a spreadsheet program runs as a formula (`=HYPERLINK(…)`).

- On input, `check_text` refuses control characters, naming the field and the position.
- On output, `printable` removes them, so a renderer never fails on stored text.
- In spreadsheets, `neutralise_formula` marks a cell that would start a formula.
"""

from __future__ import annotations

import re

from gongkai.errors import InvalidInput

# C0 controls except tab, line feed and carriage return; DEL and the C1 controls;
# lone surrogates; the two non-characters XML 1.0 refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# On a one-line field, the line breaks and the tab are refused too.
_CONTROL_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]"
)
# A spreadsheet program reads a cell starting with one of these as a formula
# (OWASP "CSV injection"); tab and carriage return hide the sign after them.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def first_control(text: str, *, multiline: bool = True) -> int | None:
    """Return the offset of the first control character in `text`, or None.

    Tab, line feed and carriage return count as control characters only when
    `multiline` is false.
    """
    match = (_CONTROL if multiline else _CONTROL_ONE_LINE).search(text)
    return None if match is None else match.start()


def check_text(text: str, field: str, *, multiline: bool = True) -> None:
    """Refuse `text` if it holds a control character, naming `field` and the position.

    Raises:
        InvalidInput: 「field」含有控制字符 U+XXXX（第N个字符）.
    """
    offset = first_control(text, multiline=multiline)
    if offset is not None:
        raise InvalidInput(control_message(field, text, offset))


def control_message(field: str, text: str, offset: int) -> str:
    """Return the refusal of a control character at `offset` of `field`'s `text`."""
    code = f"U+{ord(text[offset]):04X}"
    return (
        f"「{field}」第{offset + 1}个字符是不可见的控制字符 {code}，请删除后再提交 "
        f"({field}: character {offset + 1} is the control character {code}; "
        f"remove it)"
    )


def printable(text: str) -> str:
    """Return `text` without the characters a DOCX, XLSX or XML document cannot hold."""
    return _CONTROL.sub("", text)


def neutralise_formula(text: str) -> str:
    """Return `text` with an apostrophe before it when it would start a formula.

    For CSV, where a cell has no type; `formula_text` undoes it on import.
    """
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def formula_text(text: str) -> str:
    """Undo `neutralise_formula`: drop an apostrophe put before a formula lead."""
    if text.startswith("'") and text[1:].startswith(FORMULA_LEADS):
        return text[1:]
    return text


def starts_formula(text: str) -> bool:
    """Tell whether a spreadsheet program would read `text` as a formula."""
    return text.startswith(FORMULA_LEADS)
