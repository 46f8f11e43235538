"""JSON in and out of the canonical model, in the layout of the gold files.

Numbers are parsed exactly (decimals as `Decimal`), and a file that is not JSON, or JSON
of the wrong shape, raises one `ReportFileError` naming the file and the field path, e.g.
`applications.total[3]: expected a number, got 'x'`. Hostile JSON is refused the same
way, located: an empty file, nesting deeper than `MAX_DEPTH`, a number of more than
`MAX_DIGITS` digits or beyond 10^`MAX_DIGITS` (no count in a report comes near).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gongkai.errors import ReportFileError
from gongkai.report.formats import FORMATS
from gongkai.report.model import OPTIONAL_FIELDS, AnnualReport

MAX_DEPTH = 32  # a report nests four levels deep
MAX_DIGITS = 18
# A JSON string, or one bracket: what the nesting check needs to see.
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _NumberTooLarge(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def load_report(path: Path) -> AnnualReport:
    """Read a canonical report JSON file.

    Raises:
        ReportFileError: the file is unreadable, not UTF-8 JSON, or of the wrong shape.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportFileError(str(path), "", f"cannot read the file ({exc})") from exc
    return parse_report(text, source=str(path))


def parse_report(text: str, source: str = "<json>") -> AnnualReport:
    """Parse canonical report JSON text.

    Raises:
        ReportFileError: not JSON, or JSON of the wrong shape (first problem, located).
    """
    if not text.strip():
        raise ReportFileError(source, "", "the file is empty (expected a JSON object)")
    _check_depth(text, source)
    try:
        data = json.loads(text, parse_float=_decimal, parse_int=_integer)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ReportFileError(source, where, f"not valid JSON ({exc.msg})") from exc
    except _NumberTooLarge as exc:
        where = _line_column(text, text.find(exc.text))
        shown = exc.text if len(exc.text) <= 40 else f"{exc.text[:20]}…"
        raise ReportFileError(
            source,
            where,
            f"number {shown} ({len(exc.text)} characters) is too large: a count has "
            f"at most {MAX_DIGITS} digits",
        ) from exc
    return report_from_data(data, source)


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _NumberTooLarge(text)
    return int(text)


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - json only hands over numbers
        raise _NumberTooLarge(text) from None
    if len(text) > 2 * MAX_DIGITS or (value and value.adjusted() > MAX_DIGITS):
        raise _NumberTooLarge(text)
    return value


def _check_depth(text: str, source: str) -> None:
    """Refuse nesting deeper than `MAX_DEPTH` (json recurses once per level)."""
    depth = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ReportFileError(
                    source,
                    _line_column(text, match.start()),
                    f"nested more than {MAX_DEPTH} levels deep (a report has four)",
                )
        elif token in "]}":
            depth -= 1


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"line {line} column {column}"


def report_from_data(data: object, source: str = "<data>") -> AnnualReport:
    """Build the model from already-parsed JSON data.

    Raises:
        ReportFileError: the data is not of the model's shape (first problem, located).
    """
    try:
        return AnnualReport.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = field_path(error["loc"]) or "(top level)"
        problem = _describe(error)
        raise ReportFileError(source, where, problem) from exc


def field_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location as `applications.total[3]` (format tags dropped)."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in FORMATS:
            path += f".{part}" if path else part
    return path


def _describe(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "field not in the model"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected an integer, got {_shown(error['input'])}"
    if kind in ("too_long", "too_short"):
        size = error["ctx"].get("max_length") or error["ctx"].get("min_length")
        return f"expected {size} cells, got {error['ctx']['actual_length']}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a JSON object"
    if kind == "list_type":
        return "expected a list of numbers"
    return str(error["msg"]).replace("Value error, ", "")


def _shown(value: object) -> str:
    """Return a JSON value as it was written (decimals included), cut when long."""
    if isinstance(value, Decimal):
        text = str(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}…"


def report_to_data(report: AnnualReport) -> dict[str, Any]:
    """Return the report as plain data in spec key order, optional fields only when set."""
    data = report.model_dump(mode="python")
    for name in OPTIONAL_FIELDS:
        if data.get(name) is None:
            data.pop(name, None)
    if "published_on" in data:
        data["published_on"] = data["published_on"].isoformat()
    return data


def dump_report(report: AnnualReport) -> str:
    """Return the report as JSON text laid out like the gold files (rows on one line)."""
    return _dump(report_to_data(report), 0) + "\n"


def _dump(value: Any, depth: int) -> str:
    if isinstance(value, dict):
        if not value or all(_is_scalar(v) for v in value.values()):
            inner = ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items())
            return "{" + inner + "}"
        pad = "  " * (depth + 1)
        items = [f"{pad}{_scalar(k)}: {_dump(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v, depth + 1) for v in value) + "]"
    return _scalar(value)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _scalar(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)
