"""Ledger import bounds: hostile XLSX and CSV files are refused, naming the bound,
without materialising declared dimensions (security review F1, F11).

Peak memory is measured in a child process (`resource.getrusage` ru_maxrss), against a
stated bound over the child's own baseline after imports.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gongkai.errors import InvalidInput
from gongkai.ledger import HEADERS, parse_ledger, reader

# Peak resident memory a hostile ledger may add to the reading process.
MEMORY_BOUND_MB = 100

ROW = ["2024-001", "2024-01-05", "自然人", "张三", "某区征收补偿方案"]
ROW_3 = ["2024-002", "2024-01-06", "自然人", "李四"]


def plain_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(HEADERS.values())[:5])
    sheet.append(ROW)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, member: str, change: object) -> bytes:
    """Return the workbook `data` with `member` replaced by `change(old_xml)`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == member:
                body = change(body)  # type: ignore[operator]
            target.writestr(info.filename, body)
    return out.getvalue()


def with_sheet_xml(data: bytes, change: object) -> bytes:
    return rewrite(data, "xl/worksheets/sheet1.xml", change)


def dimension_bomb() -> bytes:
    """Declares A1:XFD1048576 and holds one inline string in A1048576 (F1)."""

    def change(xml: bytes) -> bytes:
        xml = re.sub(
            rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml
        )
        return xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'
            b"</row></sheetData>",
        )

    return with_sheet_xml(plain_workbook(), change)


def declared_only() -> bytes:
    """Declares A1:XFD1048576 but holds only the two real rows."""
    return with_sheet_xml(
        plain_workbook(),
        lambda xml: re.sub(
            rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml
        ),
    )


def wide_row() -> bytes:
    return with_sheet_xml(
        plain_workbook(),
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c><c r="BZ3"'
            b' t="inlineStr"><is><t>y</t></is></c></row></sheetData>',
        ),
    )


def huge_cell(chars: int) -> bytes:
    return with_sheet_xml(
        plain_workbook(),
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="3">'
            + b"".join(
                b'<c r="%s3" t="inlineStr"><is><t>%s</t></is></c>'
                % (column.encode(), value.encode())
                for column, value in zip("ABCD", ROW_3, strict=True)
            )
            + b'<c r="E3" t="inlineStr"><is><t>'
            + b"a" * chars
            + b"</t></is></c></row></sheetData>",
        ),
    )


def shared_strings_bomb(megabytes: int) -> bytes:
    """sharedStrings.xml of `megabytes` MB (compresses to a few hundred KB)."""
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' count="1" uniqueCount="1"><si><t>'
        + b"a" * (megabytes * 1024 * 1024)
        + b"</t></si></sst>"
    )
    data = plain_workbook()
    source = zipfile.ZipFile(io.BytesIO(data))
    if "xl/sharedStrings.xml" in source.namelist():
        return rewrite(data, "xl/sharedStrings.xml", lambda _xml: strings)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


CHILD = """
import json, resource, sys
from gongkai.errors import InvalidInput
from gongkai.ledger import read_ledger
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    rows, message = len(read_ledger(sys.argv[1]).rows), ""
except InvalidInput as exc:
    rows, message = -1, str(exc)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": rows, "message": message, "added_mb": (peak - base) / 1024}))
"""


def read_in_child(path: Path) -> dict[str, object]:
    """Read the ledger at `path` in a child process capped at 1 GB; report its peak."""
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
    done = subprocess.run(
        [sys.executable, "-c", limit + CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_dimension_bomb_is_refused_naming_the_row_bound_within_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dimbomb.xlsx"
    path.write_bytes(dimension_bomb())
    assert path.stat().st_size < 10_000
    result = read_in_child(path)
    assert result["rows"] == -1
    assert f"{reader.MAX_ROWS}" in str(result["message"])
    assert "1048576" in str(result["message"])
    assert float(str(result["added_mb"])) < MEMORY_BOUND_MB, result


def test_declared_dimension_alone_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "declared.xlsx"
    path.write_bytes(declared_only())
    result = read_in_child(path)
    assert result["rows"] == 1, result
    assert float(str(result["added_mb"])) < MEMORY_BOUND_MB, result


def test_shared_strings_bomb_is_refused_before_loading(tmp_path: Path) -> None:
    path = tmp_path / "sst.xlsx"
    path.write_bytes(shared_strings_bomb(reader.MAX_SHARED_STRINGS_BYTES // 2**20 + 8))
    assert path.stat().st_size < 2_000_000
    result = read_in_child(path)
    assert result["rows"] == -1
    assert "sharedStrings" in str(result["message"])
    assert float(str(result["added_mb"])) < MEMORY_BOUND_MB, result


def test_a_row_beyond_the_column_bound_is_refused() -> None:
    with pytest.raises(InvalidInput, match=f"{reader.MAX_COLUMNS} 列") as caught:
        parse_ledger(wide_row(), "wide.xlsx")
    assert "第3行" in str(caught.value)


def test_a_cell_beyond_the_length_bound_is_refused() -> None:
    parse_ledger(huge_cell(reader.MAX_CELL_CHARS), "long.xlsx")  # at the bound: read
    with pytest.raises(InvalidInput, match=f"{reader.MAX_CELL_CHARS}") as caught:
        parse_ledger(huge_cell(reader.MAX_CELL_CHARS + 1), "long.xlsx")
    assert "第3行" in str(caught.value) and "E" in str(caught.value)


def test_too_many_zip_bytes_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_UNZIPPED_BYTES", 2000)
    with pytest.raises(InvalidInput, match="解压"):
        parse_ledger(plain_workbook(), "big.xlsx")


def test_time_bound_is_a_clear_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_SECONDS", 0.0)
    with pytest.raises(InvalidInput, match="秒"):
        parse_ledger(plain_workbook(), "slow.xlsx")


# --- CSV -----------------------------------------------------------------------------

CSV_HEADER = ",".join(list(HEADERS.values())[:5])


def test_csv_field_over_the_csv_module_limit_is_a_clear_refusal() -> None:
    data = f"{CSV_HEADER}\n2024-001,2024-01-05,自然人,张三,{'长' * 200_000}\n"
    with pytest.raises(InvalidInput, match=f"{reader.MAX_CELL_CHARS}") as caught:
        parse_ledger(data.encode(), "long.csv")
    assert "第2行" in str(caught.value)


def test_csv_rows_beyond_the_bound_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    lines = [CSV_HEADER] + [
        f"2024-{i:03},2024-01-05,自然人,张三,内容" for i in range(1, 5)
    ]
    with pytest.raises(InvalidInput, match="3 行"):
        parse_ledger("\n".join(lines).encode(), "many.csv")
    assert len(parse_ledger("\n".join(lines[:4]).encode(), "ok.csv").rows) == 3


def test_csv_columns_beyond_the_bound_are_refused() -> None:
    data = CSV_HEADER + "," * reader.MAX_COLUMNS + "x\n"
    with pytest.raises(InvalidInput, match=f"{reader.MAX_COLUMNS} 列"):
        parse_ledger(data.encode(), "wide.csv")
