"""Scoring the reader against gold models: accuracy per table, reports with every cell
right, agency/year/format, and every wrong cell (file, table, row, column, expected,
got). Used by `gongkai eval`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

TABLES = ("proactive", "applications", "review_litigation")


_DECIMAL = re.compile(r'"\\u0000dec:(-?[0-9]+(?:\.[0-9]+)?)"')


def json_text(data: Any, indent: int | None = None) -> str:
    """Return JSON with decimals written as exact numbers (never rounded via float)."""
    if indent is None:
        text = _ENCODER.encode(data)
    else:
        text = json.dumps(
            data, ensure_ascii=False, indent=indent, default=_mark_decimal
        )
    return _DECIMAL.sub(r"\1", text) if "\\u0000dec:" in text else text


def _mark_decimal(value: Any) -> str:
    """A decimal as a marked string, unmarked after dumping (json calls this only for
    what it cannot write itself, so the record is not walked twice)."""
    if isinstance(value, Decimal):
        return f"\x00dec:{value:f}"
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# One line per record (`gongkai read` writes thousands): the records are trees built
# by the reader, never circular, so the encoder does not keep track of what it saw.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, default=_mark_decimal
)


@dataclass
class Tally:
    """Counts over the reports scored so far."""

    cells: dict[str, list[int]] = field(
        default_factory=lambda: {t: [0, 0] for t in TABLES}
    )
    meta: dict[str, int] = field(
        default_factory=lambda: {"year": 0, "format": 0, "agency": 0}
    )
    reports: int = 0
    perfect: int = 0
    failed: list[str] = field(default_factory=list)
    lost: list[tuple[str, str, bool]] = field(
        default_factory=list
    )  # file, table, noted
    wrong: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)


def flatten(value: Any, prefix: str) -> dict[str, Any]:
    """Return the leaves of a table as {path: value}; an absent table is one leaf."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}"))
        return out
    if isinstance(value, list):
        return {f"{prefix}[{i}]": item for i, item in enumerate(value)}
    return {prefix: value}


def score(
    tally: Tally,
    path: str,
    got: dict[str, Any] | None,
    error: str | None,
    gold: dict[str, Any],
    notes: list[dict[str, Any]] | None = None,
) -> None:
    """Count one report read (`got`, the model data) or failed (`error`) against gold;
    `notes` are the reader's notes, to tell a lost table that was reported."""
    tally.reports += 1
    if got is None:
        tally.failed.append(error or f"{path}: not read")
    perfect = got is not None
    for name in tally.meta:
        if got is not None and got.get(name) == gold.get(name):
            tally.meta[name] += 1
        else:
            perfect = False
            _wrong(
                tally,
                path,
                name,
                "",
                "",
                gold.get(name),
                got.get(name) if got else None,
            )
    for table in TABLES:
        if got is not None and gold.get(table) is not None and got.get(table) is None:
            noted = any(
                n.get("code") == "table_lost" and n.get("path") == table
                for n in notes or []
            )
            tally.lost.append((Path(path).name, table, noted))
        expected = flatten(gold.get(table), table)
        actual = flatten(got.get(table), table) if got else {}
        for cell in sorted(set(expected) | set(actual), key=_order(expected, actual)):
            tally.cells[table][1] += 1
            if (
                got is not None
                and cell in expected
                and cell in actual
                and expected[cell] == actual[cell]
            ):
                tally.cells[table][0] += 1
                continue
            perfect = False
            row, column = _split_path(cell, table)
            _wrong(
                tally,
                path,
                table,
                row,
                column,
                expected.get(cell, "—"),
                actual.get(cell, "—"),
            )
    tally.perfect += perfect


def _order(expected: dict[str, Any], actual: dict[str, Any]) -> Callable[[str], int]:
    keys = {k: i for i, k in enumerate([*expected, *actual])}
    return lambda path: keys[path]


def _split_path(path: str, table: str) -> tuple[str, str]:
    rest = path[len(table) + 1 :] if path != table else ""
    if "[" in rest:
        row, column = rest.split("[", 1)
        return row, column.rstrip("]")
    if "." in rest:
        row, column = rest.split(".", 1)
        return row, column
    return rest, ""


def _wrong(
    tally: Tally, path: str, table: str, row: str, column: str, expected: Any, got: Any
) -> None:
    tally.wrong.append(
        (Path(path).name, table, row, column, _shown(expected), _shown(got))
    )


def _shown(value: Any) -> str:
    return (
        "null"
        if value is None
        else (json_text(value) if not isinstance(value, str) else value)
    )


def print_tally(tally: Tally, out: TextIO) -> None:
    out.write(
        f"reports: {tally.reports}, read: {tally.reports - len(tally.failed)}, "
        f"failed: {len(tally.failed)}\n\n"
    )
    out.write(f"{'table':<20}{'cells':>8}{'right':>8}{'accuracy':>10}\n")
    right_all = total_all = 0
    for table, (right, total) in tally.cells.items():
        out.write(f"{table:<20}{total:>8}{right:>8}{_percent(right, total):>10}\n")
        right_all, total_all = right_all + right, total_all + total
    out.write(
        f"{'all tables':<20}{total_all:>8}{right_all:>8}"
        f"{_percent(right_all, total_all):>10}\n\n"
    )
    out.write(
        f"{'reports with every cell right':<36}{tally.perfect:>4}/{tally.reports:<4}"
        f"{_percent(tally.perfect, tally.reports):>9}\n"
    )
    for name, right in tally.meta.items():
        out.write(
            f"{name + ' right':<36}{right:>4}/{tally.reports:<4}"
            f"{_percent(right, tally.reports):>9}\n"
        )
    silent = sum(1 for _, _, noted in tally.lost if not noted)
    out.write(
        f"{'tables lost (gold has, reader null)':<36}{len(tally.lost):>4}"
        f"     {silent} without a note\n"
    )
    for name, table, noted in tally.lost:
        out.write(f"  lost: {name} {table}{'' if noted else ' (no note)'}\n")
    for message in tally.failed:
        out.write(f"\nerror: {message}")
    if tally.failed:
        out.write("\n")
    if not tally.wrong:
        out.write("\nwrong cells: none\n")
        return
    out.write(f"\nwrong cells: {len(tally.wrong)}\n")
    widths = [max(len(str(w[i])) for w in tally.wrong) for i in range(6)]
    heads = ("file", "table", "row", "column", "expected", "got")
    widths = [max(w, len(h)) for w, h in zip(widths, heads, strict=True)]
    for line in (heads, *tally.wrong):
        out.write(
            "  ".join(
                str(v).ljust(w) for v, w in zip(line, widths, strict=True)
            ).rstrip()
            + "\n"
        )


def _percent(right: int, total: int) -> str:
    return f"{100 * right / total:.2f}%" if total else "—"
