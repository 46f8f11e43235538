"""`supervise compile -o OUT.(json|html|md|docx|xlsx|pdf)`, `check --xlsx`, `notice`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai_cli import main


def run(*args: str) -> int:
    return main(["supervise", *args])


REGION = ("--region", "city", "--year", "2020")


@pytest.mark.parametrize("suffix", ["json", "html", "md", "docx", "xlsx", "pdf"])
def test_compile_writes_the_format_of_the_suffix(
    region: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = region / f"汇总.{suffix}"
    code = run("compile", *REGION, "-o", str(out))
    err = capsys.readouterr().err
    if suffix == "pdf" and code == 2 and "LibreOffice" in err:
        pytest.skip("no LibreOffice here")
    assert code == 0, err
    data = out.read_bytes()
    if suffix == "json":
        assert json.loads(data)["included"] == ["s001", "s003"]
    elif suffix in ("html", "md"):
        assert "汇总 2 个机关：s001、s003" in data.decode("utf-8")
    elif suffix == "docx":
        text = [p.text for p in Document(io.BytesIO(data)).paragraphs]
        assert "示例市人民政府2020年政府信息公开工作年度报告（汇总）" in text
    elif suffix == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames
    else:
        assert data.startswith(b"%PDF")


def test_compile_refuses_an_unknown_suffix_with_one_line(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("compile", *REGION, "-o", str(region / "x.odt")) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "x.odt" in err and ".json" in err and "Traceback" not in err
    assert not (region / "x.odt").exists()


def test_check_writes_the_findings_workbook(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = region / "findings.xlsx"
    assert run("check", *REGION, "--json", "--xlsx", str(out)) == 0
    found = json.loads(capsys.readouterr().out)
    rows = list(load_workbook(out)["问题清单"].iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "机关代码", "机关名称")
    assert len(rows) == len(found) + 1
    assert ("s003", "池州市人民防空办公室", 2020, "错误", "text.tampered") in [
        r[1:6] for r in rows
    ]


@pytest.mark.parametrize(
    "args,message",
    [
        (["--xlsx", "out.csv"], "must end in .xlsx"),
        (["--jump-ratio", "x"], "--jump-ratio"),
        (["--jump-ratio", "1"], "above 1"),
    ],
)
def test_check_refuses_bad_options_with_exit_2(
    region: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run("check", *REGION, *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_check_takes_the_jump_threshold(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("check", *REGION, "--jump-ratio", "2.5", "--jump-minimum", "10") == 0


def test_notice_writes_the_docx_draft(
    region: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = region / "通报.docx"
    assert run("notice", *REGION, "-o", str(out)) == 0
    text = [p.text for p in Document(str(out)).paragraphs]
    assert text[0] == "关于示例市人民政府2020年度政府信息公开工作年度报告检查情况的通报"
    body = "\n".join(text)
    assert "本次共检查5个机关" in body and "收集到2份，未收集到3份" in body
    assert "黑龙江省人民防空办公室" in body  # not collected for 2020, named
    assert "（二）池州市人民防空办公室" in text
    assert text[-2] == "示例市人民政府办公室"


def test_notice_of_an_unknown_region_is_one_message(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("notice", "--region", "nope", "--year", "2020", "-o",
               str(tmp_path / "n.docx")) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err
    assert run("notice", *REGION, "-o", str(tmp_path / "n.pdf")) == 2
    assert "must end in .docx" in capsys.readouterr().err


def test_collected_reports_keep_their_provenance(region: Path) -> None:
    from gongkai_web.supervision.models import CollectedReport

    row = CollectedReport.objects.get(agency__code="s001")
    assert row.provenance == {
        "name": "001_33abec3ff02c02bd.txt",
        "via": "manifest",
        "manifest": "m.csv",
    }
