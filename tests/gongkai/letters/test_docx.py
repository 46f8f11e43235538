"""Letters laid out as DOCX (GB/T 9704), read back with python-docx; any text is safe."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.letters import (
    PLACEHOLDERS,
    Letter,
    LetterKind,
    compose,
    default_template,
    letter_outcomes,
    render_letter_docx,
)
from gongkai.vocabulary import Outcome

ON = date(2026, 12, 4)
FACTS = {name: f"「{label}」" for name, label in PLACEHOLDERS.items()} | {
    "reasons": "第3页载有第三人的个人信息"
}


def letter_of(
    kind: LetterKind, outcome: Outcome | None = None, **values: str
) -> Letter:
    basis = {"basis": outcome.basis or "「依据」"} if outcome is not None else {}
    return compose(
        kind,
        default_template(kind, outcome),
        FACTS | basis | values,
        number="示政公开〔2026〕第8号",
        signer="示范市人民防空办公室",
        issued_on=ON,
    )


def read(letter: Letter) -> Any:
    return Document(io.BytesIO(render_letter_docx(letter)))


def east_asia(element: Any) -> str | None:
    fonts = element.rPr.find(qn("w:rFonts")) if element.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def every_letter() -> list[tuple[LetterKind, Outcome | None]]:
    return [(k, o) for k in LetterKind for o in letter_outcomes(k)]


@pytest.mark.parametrize(
    ("kind", "outcome"),
    every_letter(),
    ids=lambda v: str(v) if v is not None else "-",
)
def test_every_default_letter_fills_and_lays_out(
    kind: LetterKind, outcome: Outcome | None
) -> None:
    document = read(letter_of(kind, outcome))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith(
        default_template(kind, outcome)[0] + "\n示政公开〔2026〕第8号"
    )
    assert "只计这一情形" not in text and "请填写" not in text and "。。" not in text
    assert "{" not in text
    assert text.endswith("示范市人民防空办公室\n二〇二六年十二月四日")
    if outcome is not None and outcome.basis:
        assert outcome.basis in text or kind is LetterKind.TERMINATION


@pytest.mark.parametrize(
    "outcome", [o for o in letter_outcomes(LetterKind.REPLY) if o is not None]
)
def test_every_reply_cites_its_articles_and_names_the_remedy_bodies(
    outcome: Outcome,
) -> None:
    letter = letter_of(LetterKind.REPLY, outcome)
    assert outcome.basis in letter.text
    assert "六十日内向「行政复议机关" in letter.text
    assert "六个月内向「管辖法院" in letter.text
    if (
        outcome.value.startswith("denied")
        and outcome is not Outcome.DENIED_ADMINISTRATIVE_QUERY
    ):
        assert "理由如下：第3页载有第三人的个人信息。" in letter.text


def test_page_is_a4_with_the_official_margins() -> None:
    section = read(letter_of(LetterKind.RECEIPT)).sections[0]
    assert [round(x.mm) for x in (section.page_width, section.page_height)] == [
        210,
        297,
    ]
    margins = (
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(x.mm) for x in margins] == [37, 35, 28, 26]


def test_fonts_title_body_heading_and_size() -> None:
    document = read(letter_of(LetterKind.RECEIPT))
    normal = document.styles["Normal"]
    assert east_asia(normal.element) == "仿宋_GB2312" and normal.font.size == Pt(16)
    title = document.paragraphs[0]
    assert east_asia(title.runs[0]._r) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = [p for p in document.paragraphs if p.text.startswith("本机关于")][0]
    assert east_asia(body.runs[0]._r) is None  # the Normal style's 仿宋_GB2312


def test_a_short_numbered_line_is_a_heading_in_heiti() -> None:
    letter = compose(
        LetterKind.RECEIPT,
        ("回执", "{applicant}：\n一、申请事项\n一、申请编号：{tracking_number}。"),
        FACTS,
        number="〔2026〕第1号",
        signer="机关",
        issued_on=ON,
    )
    paragraphs = read(letter).paragraphs
    heading = next(p for p in paragraphs if p.text == "一、申请事项")
    item = next(p for p in paragraphs if p.text.startswith("一、申请编号"))
    assert east_asia(heading.runs[0]._r) == "黑体"
    assert heading.runs[0].font.size == Pt(16)
    assert east_asia(item.runs[0]._r) is None


def test_signature_sits_bottom_right_under_a_seal_space() -> None:
    document = read(letter_of(LetterKind.EXTENSION))
    paragraphs = document.paragraphs
    signer, day = paragraphs[-2], paragraphs[-1]
    assert (signer.text, day.text) == ("示范市人民防空办公室", "二〇二六年十二月四日")
    assert day.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert day.paragraph_format.right_indent == Pt(64)  # 右空四字
    assert signer.paragraph_format.right_indent >= Pt(64)  # centred over the date
    assert [p.text for p in paragraphs[-5:-2]] == ["", "", ""]  # the seal's space
    marks = signer._p.findall(qn("w:bookmarkStart"))
    assert [m.get(qn("w:name")) for m in marks] == ["seal"]


def test_receipt_prints_the_verification_code_only_when_given() -> None:
    with_code = replace(letter_of(LetterKind.RECEIPT), verification_code="ABCD-EFGH")
    text = "\n".join(p.text for p in read(with_code).paragraphs)
    assert "查询码：ABCD-EFGH。" in text
    without = "\n".join(p.text for p in read(letter_of(LetterKind.RECEIPT)).paragraphs)
    assert "查询码" not in without


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.sampled_from(every_letter()),
    values=st.dictionaries(st.sampled_from(sorted(PLACEHOLDERS)), st.text()),
    title=st.text(max_size=50),
    signer=st.text(max_size=50),
    code=st.text(max_size=20),
)
def test_no_stored_text_makes_a_letter_fail(
    which: tuple[LetterKind, Outcome | None],
    values: dict[str, str],
    title: str,
    signer: str,
    code: str,
) -> None:
    """Arbitrary Unicode and control characters in any fact: the letter is laid out."""
    kind, outcome = which
    filled = FACTS | {name: "甲" + text for name, text in values.items()}
    _title, body = default_template(kind, outcome)
    letter = compose(
        kind,
        ("{agency}" + title.replace("{", "{{").replace("}", "}}"), body),
        filled,
        number="〔2026〕第1号",
        signer=signer,
        issued_on=ON,
    )
    document = read(replace(letter, verification_code=code))
    assert document.paragraphs[0].text == letter.title
