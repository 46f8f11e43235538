"""Letter text: placeholders, filling a template, what counts as unfilled, dates, 文号.

A template is plain text with `{name}` placeholders from `PLACEHOLDERS` (`{{` and `}}`
stand for braces). Filling never fails on stored text: every value is first stripped
of what a DOCX cannot hold (control characters, lone surrogates), and inserted text is
never read as a template. What makes a letter refused is in the template: a
placeholder whose fact is empty, or a marker left for a person to fill in
(「（请填写）」, 「×××」, 「____」).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from datetime import date

from gongkai.errors import GongkaiError, InvalidInput

# name -> what it holds, as the template editor lists it.
PLACEHOLDERS: dict[str, str] = {
    "agency": "机关名称",
    "applicant": "申请人姓名或者名称",
    "tracking_number": "申请编号",
    "received": "收到申请日期",
    "channel": "申请方式",
    "content": "申请内容",
    "due_date": "答复期限，延期后为延长后的期限",
    "letter_date": "文书日期",
    "reasons": "理由或说明，由承办人办理该事项时填写",
    "correction_items": "需要补正的事项，在告知补正时的说明中填写",
    "party": "被征求意见的第三方",
    "amount": "收费金额",
    "payment_method": "缴费方式，在发出收费通知时的说明中填写",
    "outcome": "办理结果",
    "basis": "法律依据，按办理结果",
    "reconsideration_body": "行政复议机关，由机关管理员在文书设置中填写",
    "court": "管辖法院，由机关管理员在文书设置中填写",
    "reply_date": "答复日期，旧模板用",
    "fee": "收费金额，旧模板用",
}

# Text left for a person to complete: （请填写）（请注明……）【待补充】, ×××, XXX, ____.
MARKER = re.compile(
    r"[（(【\[]\s*(?:请|待)(?:填写|注明|补充|填入|输入)[^）)】\]]{0,40}[）)】\]]"
    r"|[×xX]{3,}|[_＿]{3,}"
)
# What XML 1.0 (and so DOCX) cannot hold, and C1 controls nobody means to print.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)
_SENTENCE_END = "。；，、！？.;,!?：:"
_DIGITS = "〇一二三四五六七八九"


class LetterIncomplete(GongkaiError):
    """A letter that would go out with something unfilled; names each."""

    def __init__(self, letter: str, missing: list[str]) -> None:
        super().__init__(f"{letter}不能出具，尚有未填写的内容：{'；'.join(missing)}")
        self.letter, self.missing = letter, missing


def printable(text: str) -> str:
    """Return `text` without what a DOCX cannot hold; CR LF and CR become LF."""
    return _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def chinese_date(day: date) -> str:
    """Return a date as official documents write it: 二〇二六年十二月四日."""
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_chinese_number(day.month)}月{_chinese_number(day.day)}日"


def _chinese_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def document_number(prefix: str, year: int, number: int) -> str:
    """Return a 文号: the agency's 代字, the year in 〔〕, the number: 示公开〔2026〕第3号."""
    return f"{printable(prefix).strip()}〔{year}〕第{number}号"


def fields_of(template: str) -> list[str]:
    """Return the placeholder names of a template, in order.

    Raises:
        InvalidInput: for unbalanced braces, a placeholder with a format spec,
            conversion, attribute or index, or an unknown name.
    """
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise InvalidInput(f"模板中的花括号不成对：{exc}") from None
    known = "、".join("{" + key + "}" for key in PLACEHOLDERS)
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "")
        written = (written + (f":{spec}" if spec else "") + "}")[:60]
        if spec or conversion:
            raise InvalidInput(f"占位符 {written} 只能写成 {{{name}}}，不能带格式")
        if name not in PLACEHOLDERS:
            raise InvalidInput(f"未知占位符 {written}，可用：{known}")
        names.append(name)
    return names


def markers_in(template: str) -> list[str]:
    """Return the fill-in markers a template still holds (「（请填写）」 …), in order."""
    return [found.group(0) for found in MARKER.finditer(template)]


def fill(letter: str, template: str, values: Mapping[str, str]) -> str:
    """Return the template with every placeholder replaced by its value.

    A value is made printable and trimmed; where it ends with a punctuation mark and
    the template goes on with one, the value's own is dropped (no 「。。」).

    Raises:
        InvalidInput: for a malformed template (see `fields_of`).
        LetterIncomplete: naming every placeholder whose value is empty and every
            fill-in marker of the template.
    """
    template = printable(template)  # stored text, like the values
    fields_of(template)
    missing = [f"「{m}」" for m in markers_in(template)]
    out: list[str] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        value = printable(values.get(name, "")).strip()
        if not value:
            label = f"{{{name}}}（{PLACEHOLDERS[name]}）"
            if label not in missing:
                missing.append(label)
            continue
        out.append(value)
    text = _join_punctuation(out)
    if missing:
        raise LetterIncomplete(letter, missing)
    return text


def _join_punctuation(pieces: list[str]) -> str:
    text = ""
    for piece in pieces:
        if text and piece and text[-1] in _SENTENCE_END and piece[0] in _SENTENCE_END:
            text = text[:-1]
        text += piece
    return text
