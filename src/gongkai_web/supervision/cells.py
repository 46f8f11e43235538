"""Cells of a collected report by model path, and where a finding sits on the tables.

A cell's path is the field name the layout grid gives it (`gongkai.render.layout`):
`applications.granted[0]`, `proactive.regulations.issued`,
`review_litigation.reconsideration[4]`. A correction names its cell by that path; a
finding's path may name a cell, a row (`applications.total`), a table
(`review_litigation`), a cell by its column id (`review_litigation.reconsideration.total`,
the validator's form) or a place in the file (`file:12`), which marks no cell.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.report.formats import REVIEW_COLUMNS

_PATH = re.compile(
    r"^(proactive|applications|review_litigation)\.(\w+)(?:\[(\d+)\]|\.(\w+))?$"
)
_TABLES = ("proactive", "applications", "review_litigation")


class CellPathError(ValueError):
    """A path that names no number cell of the report."""


def parse_number(text: str) -> int | Decimal:
    """The number typed for a cell: an integer, or a decimal for amounts.

    Raises:
        CellPathError: not a number.
    """
    cleaned = text.strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CellPathError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise CellPathError(f"not a number: {text!r}")
    return (
        int(value)
        if value == value.to_integral_value() and "." not in cleaned
        else value
    )


def _split(path: str) -> tuple[str, str, int | None, str | None]:
    match = _PATH.match(path)
    if match is None:
        raise CellPathError(f"not a cell of the tables: {path!r}")
    table, row, index, column = match.groups()
    return table, row, int(index) if index is not None else None, column


def _slot(data: dict[str, Any], path: str) -> tuple[Any, int | str]:
    table, row, index, column = _split(path)
    try:
        container = data[table][row]
    except (KeyError, TypeError):
        raise CellPathError(f"the report has no {table}.{row}") from None
    key: int | str
    if index is not None:
        if not isinstance(container, list) or not 0 <= index < len(container):
            raise CellPathError(f"the report has no cell {path}")
        key = index
    elif column is not None and isinstance(container, dict) and column in container:
        key = column
    else:
        raise CellPathError(f"the report has no cell {path}")
    return container, key


def get_cell(data: dict[str, Any], path: str) -> Any:
    """The value of the cell `path` in the model data (JSON form).

    Raises:
        CellPathError: no such cell.
    """
    container, key = _slot(data, path)
    return container[key]


def set_cell(data: dict[str, Any], path: str, value: int | Decimal) -> None:
    """Set the cell `path` in the model data (JSON form) in place.

    Raises:
        CellPathError: no such cell.
    """
    container, key = _slot(data, path)
    container[key] = int(value) if isinstance(value, int) else float(value)


def cell_key(path: str | None) -> str | None:
    """The grid field a finding's path marks: a cell, a row (`table.row`) or a table.

    The validator names a cell of section 四 by its column id; the grid by its index.
    """
    if not path:
        return None
    if path in _TABLES:
        return path
    match = _PATH.match(path)
    if match is None:
        return None
    table, row, index, column = match.groups()
    if table == "review_litigation" and column is not None:
        ids = [c.id for c in REVIEW_COLUMNS]
        if column in ids:
            return f"{table}.{row}[{ids.index(column)}]"
    return path


def marks(field: str, keys: set[str]) -> bool:
    """Tell whether a finding keyed `keys` falls on the grid cell `field`."""
    if field in keys:
        return True
    table, _, rest = field.partition(".")
    row = re.split(r"[\[.]", rest, maxsplit=1)[0]
    return f"{table}.{row}" in keys or table in keys
