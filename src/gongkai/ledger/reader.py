"""Read a ledger from XLSX or UTF-8 CSV, all or nothing.

Every invalid cell of every row becomes a `LedgerProblem`; one `LedgerError` lists them
all and nothing is returned half-read. Headers are matched after trimming, in any order;
unknown columns are listed in `Ledger.unknown_headers`.

A ledger is untrusted bytes (an upload): the reader is bounded in rows, columns, cell
length, unzipped size (sharedStrings included) and time, and ignores the dimension a
sheet declares (a 2 KB workbook may declare A1:XFD1048576). Over a bound the file is
refused with `InvalidInput` naming the bound; nothing is read half.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

import openpyxl
from openpyxl.utils import get_column_letter

from gongkai.calendar import parse_date
from gongkai.errors import InvalidInput, LedgerError, LedgerProblem, ReportFileError
from gongkai.ledger.columns import (
    APPLICANT_KEYS,
    CHANNEL_KEYS,
    HEADERS,
    NO,
    REQUIRED,
    YES,
    Cell,
    Ledger,
    LedgerRow,
    cell_text,
    normalise,
    parse_outcome,
)
from gongkai.reader.sources.decode import decode_text
from gongkai.text import first_control, formula_text, printable
from gongkai.vocabulary import ApplicantType, Channel


def read_ledger(path: Path | str) -> Ledger:
    """Return the ledger in an .xlsx or .csv file.

    Raises:
        InvalidInput: for a file that is not a readable XLSX or UTF-8 CSV.
        LedgerError: listing every invalid row.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: 无法读取 (cannot read: {exc.strerror})") from None
    return parse_ledger(data, path.name)


def parse_ledger(data: bytes, name: str) -> Ledger:
    """Return the ledger in `data`, an XLSX or CSV file called `name` (an upload).

    Raises:
        InvalidInput: for a file that is not a readable XLSX or UTF-8 CSV.
        LedgerError: listing every invalid row.
    """
    lowered = name.lower()
    if lowered.endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        table = _xlsx_cells(data, name)
    elif lowered.endswith(".csv") or lowered.endswith(".txt"):
        table = _csv_cells(data, name)
    else:
        raise InvalidInput(
            f"{name}: 只接受 .xlsx 或 .csv 文件 (expected .xlsx or .csv)"
        )
    if not table:
        raise InvalidInput(f"{name}: 文件为空，缺少表头行 (empty file, no header row)")
    return parse_ledger_table(table[0], table[1:], name)


# Bounds on an imported ledger (a year of one agency is a few thousand rows).
MAX_ROWS = 100_000  # data rows, the header not counted
MAX_COLUMNS = 64  # the ledger has 15; room for the office's own columns
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_SHARED_STRINGS_BYTES = 64 * 2**20  # xl/sharedStrings.xml, unzipped
MAX_UNZIPPED_BYTES = 256 * 2**20  # every part of the workbook, unzipped
MAX_ZIP_MEMBERS = 1000
MAX_SECONDS = 60.0  # reading the cells, per file


def _xlsx_cells(data: bytes, name: str) -> list[list[Cell]]:
    _check_zip(data, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(
            f"{name}: 不是有效的 XLSX 文件 (not a valid XLSX file: {exc})"
        ) from None
    try:
        sheet = book.worksheets[0]
        # The declared dimension is not trusted: read the rows and cells the sheet
        # holds (a row is at most 16,384 cells, checked and dropped at once).
        sheet.reset_dimensions()
        return _bounded(sheet.iter_rows(values_only=True), name)
    finally:
        book.close()


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts unzip beyond the bounds, before reading any.

    A part is never read past its declared size (zipfile stops there), so the sizes in
    the directory bound the memory openpyxl can use.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidInput(
            f"{name}: 不是有效的 XLSX 文件 (not a valid XLSX file: {exc})"
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise InvalidInput(
            f"{name}: 文件包含 {len(members)} 个部件，超过上限 {MAX_ZIP_MEMBERS} "
            f"({len(members)} parts, more than {MAX_ZIP_MEMBERS})"
        )
    for info in members:
        if (
            info.filename.lower().endswith("sharedstrings.xml")
            and info.file_size > MAX_SHARED_STRINGS_BYTES
        ):
            raise InvalidInput(
                f"{name}: 共享字符串 sharedStrings.xml 解压后 {info.file_size} 字节，"
                f"超过上限 {MAX_SHARED_STRINGS_BYTES} 字节 (sharedStrings.xml unzips "
                f"to {info.file_size} bytes, more than {MAX_SHARED_STRINGS_BYTES})"
            )
    total = sum(info.file_size for info in members)
    if total > MAX_UNZIPPED_BYTES:
        raise InvalidInput(
            f"{name}: 解压后共 {total} 字节，超过上限 {MAX_UNZIPPED_BYTES} 字节 "
            f"(unzips to {total} bytes, more than {MAX_UNZIPPED_BYTES})"
        )


def _bounded(rows: Iterable[Sequence[Cell]], name: str) -> list[list[Cell]]:
    """Return `rows` with trailing empty cells and rows cut, within the bounds.

    Empty rows inside the table are kept (row numbers in messages stay right) as one
    shared empty list; empty rows after the last filled one cost nothing.

    Raises:
        InvalidInput: for a row past `MAX_ROWS`, a value past `MAX_COLUMNS`, a cell
            longer than `MAX_CELL_CHARS`, or reading longer than `MAX_SECONDS`.
    """
    started = time.monotonic()
    table: list[list[Cell]] = []
    empty: list[Cell] = []
    pending = 0  # empty rows not yet known to be inside the table
    for number, row in enumerate(rows, start=1):
        if number % 1024 == 1 and time.monotonic() - started > MAX_SECONDS:
            raise InvalidInput(
                f"{name}: 读取超过 {MAX_SECONDS:g} 秒，已停止（第{number}行） "
                f"(reading took more than {MAX_SECONDS:g} seconds; stopped at row "
                f"{number})"
            )
        cells = _trimmed(row)
        if not cells:
            pending += 1
            continue
        if number > MAX_ROWS + 1:
            raise InvalidInput(
                f"{name}: 第{number}行超出上限：台账最多 {MAX_ROWS} 行（不含表头） "
                f"(row {number} is beyond the bound of {MAX_ROWS} rows)"
            )
        if len(cells) > MAX_COLUMNS:
            raise InvalidInput(
                f"{name}: 第{number}行超出上限：台账最多 {MAX_COLUMNS} 列 "
                f"(row {number} has more than {MAX_COLUMNS} columns)"
            )
        for index, value in enumerate(cells):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise InvalidInput(
                    f"{name}: 第{number}行第{get_column_letter(index + 1)}列有 "
                    f"{len(value)} 个字符，超过上限 {MAX_CELL_CHARS} "
                    f"(row {number}, column {get_column_letter(index + 1)}: "
                    f"{len(value)} characters, more than {MAX_CELL_CHARS})"
                )
        table.extend(empty for _ in range(pending))
        pending = 0
        table.append(cells)
    return table


def _trimmed(row: Sequence[Cell]) -> list[Cell]:
    """Return `row` without its trailing empty cells."""
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return list(row[:end])


def csv_text(data: bytes, name: str) -> str:
    """Return the characters of a CSV ledger decoded as the report reader decodes
    text: UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030 (what Excel on
    Chinese Windows saves as "CSV"), Big5.

    Unlike a report, a ledger is stored row by row: a character that could not be
    decoded is refused with its line, never replaced.

    Raises:
        InvalidInput: no encoding fits, or some bytes could not be decoded.
    """
    try:
        text, _notes = decode_text(data, name)
    except ReportFileError:
        raise InvalidInput(
            f"{name}: 无法识别文件编码，请另存为“CSV UTF-8”或 Excel 工作簿 "
            "(no text encoding fits; save as CSV UTF-8 or .xlsx)"
        ) from None
    if "\ufffd" in text:
        line = text.count("\n", 0, text.index("\ufffd")) + 1
        raise InvalidInput(
            f"{name}: 第{line}行有无法识别的字符，请另存为“CSV UTF-8”后重新导入 "
            f"(line {line}: bytes that no encoding decodes; save as CSV UTF-8)"
        )
    return text


def _csv_cells(data: bytes, name: str) -> list[list[Cell]]:
    text = csv_text(data, name)
    return _bounded(_csv_rows(text, name), name)


def _csv_rows(text: str, name: str) -> Iterator[list[str]]:
    """Yield the rows of a CSV text; a field the csv module refuses is a clear error."""
    rows = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(
                f"{name}: 第{rows.line_num}行无法读取：单元格超过上限 {MAX_CELL_CHARS} "
                f"个字符或引号不配对 (row {rows.line_num}: a cell longer than "
                f"{MAX_CELL_CHARS} characters or unbalanced quotes: {exc})"
            ) from None
        # An apostrophe the export put before a formula-leading cell is not data.
        yield [formula_text(cell) for cell in row]


def parse_ledger_table(
    header: Sequence[Cell], rows: Sequence[Sequence[Cell]], source: str
) -> Ledger:
    """Return the typed ledger of a header row and data rows (row 2 onwards).

    Raises:
        LedgerError: listing every missing column and every invalid cell.
    """
    columns, unknown, problems = _match_headers(header)
    parsed: list[LedgerRow] = []
    first_seen: dict[str, int] = {}
    if not problems:
        for offset, cells in enumerate(rows):
            number = offset + 2
            values = {
                cid: cells[i] if i < len(cells) else None for cid, i in columns.items()
            }
            if all(cell_text(v) == "" for v in values.values()):
                continue
            control = _control_problems(number, values)
            if control:
                problems += control
                continue
            row, row_problems = _parse_row(number, values)
            key = cell_text(values.get("number"))
            if key and key in first_seen:
                row_problems.append(
                    _problem(
                        number,
                        "number",
                        key,
                        f"编号重复，与第{first_seen[key]}行相同 "
                        f"(duplicate number, see row {first_seen[key]})",
                    )
                )
            first_seen.setdefault(key, number)
            problems += row_problems
            if row is not None and not row_problems:
                parsed.append(row)
    if problems:
        raise LedgerError(source, problems)
    return Ledger(source, tuple(parsed), tuple(unknown))


def _match_headers(
    header: Sequence[Cell],
) -> tuple[dict[str, int], list[str], list[LedgerProblem]]:
    by_label = {label: cid for cid, label in HEADERS.items()}
    columns: dict[str, int] = {}
    unknown: list[str] = []
    problems: list[LedgerProblem] = []
    for index, cell in enumerate(header):
        label = cell_text(cell)
        cid = by_label.get(label)
        if cid is None:
            if label:
                unknown.append(label)
        elif cid in columns:
            problems.append(
                LedgerProblem(1, label, label, "表头重复 (duplicate header)")
            )
        else:
            columns[cid] = index
    for cid in REQUIRED:
        if cid not in columns:
            problems.append(
                LedgerProblem(
                    1, HEADERS[cid], "", "缺少必填列 (required column missing)"
                )
            )
    return columns, unknown, problems


def _control_problems(number: int, values: dict[str, Cell]) -> list[LedgerProblem]:
    """Return a problem for each cell holding a control character (a NUL included)."""
    found = []
    for cid, value in values.items():
        if isinstance(value, str):
            offset = first_control(value)
            if offset is not None:
                code = f"U+{ord(value[offset]):04X}"
                found.append(
                    LedgerProblem(
                        number,
                        HEADERS[cid],
                        printable(value)[:200],
                        f"第{offset + 1}个字符是不可见的控制字符 {code}，请删除 "
                        f"(character {offset + 1} is the control character {code})",
                    )
                )
    return found


def _problem(row: int, cid: str, value: Cell, reason: str) -> LedgerProblem:
    shown = value.isoformat() if isinstance(value, date) else cell_text(value)
    return LedgerProblem(row, HEADERS[cid], shown, reason)


class _RowReader:
    """Parse the cells of one row, collecting a problem per invalid cell."""

    def __init__(self, number: int, values: dict[str, Cell]) -> None:
        self.number, self.values = number, values
        self.problems: list[LedgerProblem] = []

    def fail(self, cid: str, reason: str) -> None:
        self.problems.append(_problem(self.number, cid, self.values.get(cid), reason))

    def text(self, cid: str, *, required: bool = False) -> str:
        value = cell_text(self.values.get(cid))
        if required and not value:
            self.fail(cid, "必填项为空 (required value is empty)")
        return value

    def date(self, cid: str, *, required: bool = False) -> date | None:
        value = self.values.get(cid)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float | Decimal):
            self.fail(
                cid,
                "是数字而不是日期，请设为日期格式或写成 YYYY-MM-DD "
                "(a number, not a date cell)",
            )
            return None
        text = self.text(cid, required=required)
        if not text:
            return None
        try:
            return parse_date(text)
        except InvalidInput as exc:
            self.fail(cid, str(exc))
            return None

    def choice(
        self, cid: str, keys: dict[str, _T], expected: str, *, required: bool = False
    ) -> _T | None:
        text = self.text(cid, required=required)
        if not text:
            return None
        found = keys.get(normalise(text))
        if found is None:
            self.fail(cid, f"应为 {expected} 之一 (expected one of {expected})")
        return found

    def flag(self, cid: str) -> bool:
        text = self.text(cid)
        if text not in ("", YES, NO):
            self.fail(cid, f"应为「{YES}」或「{NO}」 (expected {YES} or {NO})")
        return text == YES

    def money(self, cid: str) -> Decimal | None:
        value = self.values.get(cid)
        text = cell_text(value).removesuffix("元").replace(",", "").strip()
        if not text:
            return None
        try:
            amount = Decimal(str(value)) if isinstance(value, float) else Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0:
            self.fail(cid, "应为不小于0的金额（元） (expected an amount in yuan, >= 0)")
            return None
        if amount >= MAX_YUAN:
            self.fail(
                cid,
                f"金额过大，应小于 {MAX_YUAN:,} 元 (amount too large, expected < {MAX_YUAN:,})",
            )
            return None
        if amount != amount.quantize(CENT):
            self.fail(
                cid,
                "金额最多两位小数（分） (an amount has at most 2 decimals, to the fen)",
            )
            return None
        return amount


_T = TypeVar("_T")
# Amounts are stored with 2 decimals in 12 digits (元, to the 分): below 10^10 元.
CENT = Decimal("0.01")
MAX_YUAN = 10**10


def _parse_row(
    number: int, values: dict[str, Cell]
) -> tuple[LedgerRow | None, list[LedgerProblem]]:
    r = _RowReader(number, values)
    applicant_types = "、".join(t.label for t in ApplicantType)
    channels = "、".join(c.label for c in Channel)
    row_number = r.text("number", required=True)
    received = r.date("received", required=True)
    applicant_type = r.choice(
        "applicant_type", APPLICANT_KEYS, applicant_types, required=True
    )
    applicant = r.text("applicant", required=True)
    content = r.text("content", required=True)
    channel = r.choice("channel", CHANNEL_KEYS, channels)
    dates = {
        cid: r.date(cid)
        for cid in (
            "correction_asked",
            "correction_received",
            "consultation_start",
            "consultation_end",
            "replied",
        )
    }
    extended = r.flag("extended")
    outcome = None
    if r.text("outcome"):
        try:
            outcome = parse_outcome(r.text("outcome"))
        except InvalidInput as exc:
            r.fail("outcome", str(exc))
    fee = r.money("fee_yuan")
    if received is not None:
        _check_order(r, received, dates, has_outcome=bool(r.text("outcome")))
    if r.problems or received is None or applicant_type is None:
        return None, r.problems
    row = LedgerRow(
        number=row_number,
        received=received,
        applicant_type=applicant_type,
        applicant=applicant,
        content=content,
        channel=channel,
        correction_asked=dates["correction_asked"],
        correction_received=dates["correction_received"],
        consultation_start=dates["consultation_start"],
        consultation_end=dates["consultation_end"],
        extended=extended,
        replied=dates["replied"],
        outcome=outcome,
        fee_yuan=fee,
        note=r.text("note"),
        row_number=number,
    )
    return row, r.problems


def _check_order(
    r: _RowReader,
    received: date,
    dates: dict[str, date | None],
    *,
    has_outcome: bool,
) -> None:
    replied = dates["replied"]
    if replied is not None and not has_outcome:
        r.fail(
            "outcome",
            "有答复日期时必须填写办理结果 (an outcome is required with 答复日期)",
        )
    if has_outcome and not r.text("replied"):
        r.fail(
            "replied",
            "有办理结果时必须填写答复日期 (答复日期 is required with an outcome)",
        )
    for cid, day in dates.items():
        if day is not None and day < received:
            r.fail(cid, f"早于收到日期 {received.isoformat()} (before 收到日期)")
    ordered = [
        ("correction_asked", "correction_received"),
        ("consultation_start", "consultation_end"),
    ]
    for first, last in ordered:
        a, b = dates[first], dates[last]
        if b is not None and a is None:
            r.fail(
                first,
                f"填写了「{HEADERS[last]}」但此项为空 (missing, {HEADERS[last]} is given)",
            )
        elif a is not None and b is not None and b < a:
            r.fail(
                last,
                f"早于「{HEADERS[first]}」{a.isoformat()} (before {HEADERS[first]})",
            )
    if replied is not None:
        for cid in ("correction_received", "consultation_end"):
            day = dates[cid]
            if day is not None and day > replied:
                r.fail(cid, f"晚于答复日期 {replied.isoformat()} (after 答复日期)")
