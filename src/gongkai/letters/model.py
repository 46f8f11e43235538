"""A letter as issued: its number, title, filled text, signer and date; built from facts.

`compose` fills a template with a case's facts and refuses an incomplete letter; the
result is what the web layer stores and what `docx` lays out. A stored letter is
laid out again from its own text, so a letter downloaded twice is the same letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.letters.kinds import LetterKind
from gongkai.letters.text import chinese_date, fill, printable

# A first-level heading: 一、 and a short phrase with no sentence end (一、申请事项).
HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、[^。；;！？!?]{1,24}$")


class Block(StrEnum):
    ADDRESSEE = "addressee"
    HEADING = "heading"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Letter:
    """One issued letter: everything the page shows."""

    kind: LetterKind
    title: str
    number: str  # 文号: 示公开〔2026〕第3号
    text: str  # the filled body: addressee line, then paragraphs
    signer: str  # the issuing agency, above the date and under the seal
    issued_on: date
    # 受理回执 only: the applicant's verification code, printed, never stored.
    verification_code: str = ""

    @property
    def date_text(self) -> str:
        return chinese_date(self.issued_on)

    def blocks(self) -> list[tuple[Block, str]]:
        """Return the body as laid out: the addressee, headings and paragraphs."""
        lines = [line.strip() for line in printable(self.text).split("\n")]
        lines = [line for line in lines if line]
        found: list[tuple[Block, str]] = []
        for index, line in enumerate(lines):
            if index == 0 and line.endswith(("：", ":")) and len(line) <= 60:
                found.append((Block.ADDRESSEE, line))
            elif HEADING.match(line):
                found.append((Block.HEADING, line))
            else:
                found.append((Block.PARAGRAPH, line))
        if self.verification_code:
            found.append((Block.PARAGRAPH, code_paragraph(self.verification_code)))
        return found


def code_paragraph(code: str) -> str:
    """Return the receipt's paragraph giving the applicant's verification code."""
    return (
        f"查询码：{printable(code).strip()}。请妥善保管，凭申请编号和查询码可以查询"
        "办理进度；查询码遗失的，可以联系本机关重新生成。"
    )


def compose(
    kind: LetterKind,
    template: tuple[str, str],
    values: dict[str, str],
    *,
    number: str,
    signer: str,
    issued_on: date,
) -> Letter:
    """Return the letter of `template` (title, body) filled with `values`.

    Raises:
        InvalidInput: for a malformed template.
        LetterIncomplete: naming every empty placeholder and fill-in marker.
    """
    title, body = template
    name = fill(kind.label, title, values).strip() or kind.label
    text = fill(kind.label, body, values)
    return Letter(
        kind=kind,
        title=name,
        number=number,
        text=text,
        signer=printable(signer).strip(),
        issued_on=issued_on,
    )
