from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.reader.sources.text import tokenize_text
from gongkai.reader.sources.tokens import Kind


def _shape(text: str) -> list[tuple[str, str]]:
    return [(t.kind.name, t.text) for t in tokenize_text(text)]


def test_one_cell_per_line_gives_one_token_per_line() -> None:
    assert _shape("规章\n0\n\n12\n") == [("TEXT", "规章"), ("NUM", "0"), ("NUM", "12")]


def test_tab_and_pipe_rows_split_into_cells_and_keep_empty_cells() -> None:
    assert _shape("规章\t0\t\t3") == [
        ("TEXT", "规章"),
        ("NUM", "0"),
        ("EMPTY", ""),
        ("NUM", "3"),
    ]
    assert _shape("| 规 章 | 0 | 0 | 0 |") == [
        ("TEXT", "规 章"),
        ("NUM", "0"),
        ("NUM", "0"),
        ("NUM", "0"),
    ]


def test_markdown_rule_lines_are_not_cells() -> None:
    assert _shape("|---|---|\n| a | 1 |") == [("TEXT", "a"), ("NUM", "1")]


def test_nbsp_line_is_an_empty_cell_but_an_empty_line_is_a_row_break() -> None:
    tokens = tokenize_text("\t4\n\t\u00a0\n\n\t4")
    assert [t.kind for t in tokens] == [Kind.NUM, Kind.EMPTY, Kind.NUM]
    assert tokens[0].row == tokens[1].row != tokens[2].row


def test_blank_marks_are_cells_that_read_zero() -> None:
    assert [k for k, _ in _shape("-\n—\n/\n无")] == ["BLANK"] * 4


def test_digits_glued_to_labels_are_split_off_and_numbering_stays_with_the_label() -> (
    None
):
    assert _shape("1.属于国家秘密00000002.其他法律行政法规禁止公开") == [
        ("TEXT", "1.属于国家秘密"),
        ("NUM", "0000000"),
        ("TEXT", "2.其他法律行政法规禁止公开"),
    ]
    glued = [t for t in tokenize_text("规章000") if t.kind is Kind.NUM]
    assert glued[0].glued and glued[0].text == "000"


def test_signs_units_and_dates() -> None:
    assert _shape("行政许可26-2310") == [
        ("TEXT", "行政许可"),
        ("NUM", "26"),
        ("NUM", "-2310"),
    ]
    amount = tokenize_text("427557.68 元")[0]
    assert (amount.kind, amount.value, amount.unit) == (Kind.NUM, amount.value, "元")
    assert all(k == "TEXT" for k, _ in _shape("2020年1月1日"))


def test_full_width_digits_are_read_and_point_at_the_printed_characters() -> None:
    text = "规章\n１２\n"
    token = tokenize_text(text)[1]
    assert token.value == 12
    assert text[token.start : token.end] == "１２"


def test_prose_sentences_are_one_piece_of_text() -> None:
    text = (
        "2021年，我办共收到政府信息公开申请3件，全部在法定期限内办结，其中予以公开2件，"
        "部分公开1件，未发生因政府信息公开引起的行政复议和行政诉讼。下一年继续做好工作。"
    )
    assert all(t.kind is Kind.TEXT for t in tokenize_text(text))


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from("规章0123456789 \t|\n\u00a0-—/.、一(")))
def test_every_token_points_into_the_text(text: str) -> None:
    for token in tokenize_text(text):
        assert 0 <= token.start <= token.end <= len(text)
        if token.kind is Kind.NUM:
            assert text[token.start : token.start + len(token.text)].strip()
