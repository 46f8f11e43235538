"""Turning a chosen row reading into values, provenance entries and notes.

Every table parser ends the same way: for each official row, the values it reads, an
entry saying where each value was printed, and a note for anything a checker should
know (a blank cell read as 0, a cell not printed, digits split, a label matched
approximately, a row not found).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from gongkai.reader.result import Entry, Trace
from gongkai.reader.sources.normalize import ZERO_CHARACTERS
from gongkai.reader.sources.tokens import DASH_SIGNS, Kind, Token
from gongkai.reader.tables.cells import AS_PRINTED, Reading
from gongkai.reader.tables.choice import Options
from gongkai.reader.tables.glued import Number, Piece
from gongkai.reader.tables.rows import Record

_HOW_ZH = {
    "table": "按表内列间勾稽关系确定",
    "prose": "按正文中的数字确定",
    "rule": "按该行的总计确定",
}
_HOW_EN = {
    "table": "chosen by the table's column rules",
    "prose": "chosen by figures stated in the text",
    "rule": "chosen by the row's total",
}


@dataclass(frozen=True)
class RowSpec:
    """What the notes need to know of a row: its path and the names of its cells."""

    path: str  # applications.granted
    label: str  # the official label
    columns: Sequence[str]  # column labels
    cell_paths: Sequence[str]  # the model path of each cell


def token_entry(token: Token, start: int = 0, end: int | None = None) -> Entry:
    """Return where (part of) a token was printed: the digits themselves."""
    stop = len(token.text) if end is None else end
    text = token.text[start:stop]
    if token.where is not None:
        return {**token.where, "text": text}
    return {
        "start": token.start + start,
        "end": token.start + stop,
        "line": token.line,
        "text": text,
    }


def piece_entry(piece: Piece, *, split: bool = False, uncertain: bool = False) -> Entry:
    """Return the provenance of one cell as read."""
    if piece.token is None:
        entry: Entry = {"missing": True}
    else:
        entry = token_entry(piece.token, piece.start, piece.end)
        if piece.blank:
            entry["blank"] = True
    if split:
        entry["split"] = True
    if uncertain:
        entry["uncertain"] = True
    return entry


def emit_row(
    trace: Trace,
    spec: RowSpec,
    options: Options | None,
    record: Record | None,
    *,
    by_position: bool = False,
    extra: int = 0,
) -> list[Number]:
    """Return the values of one row, recording provenance and notes in `trace`."""
    if record is None or options is None or options.chosen is None:
        return _absent(trace, spec, record)
    _label_notes(trace, spec, record, by_position)
    reading = options.chosen
    uncertain = options.uncertain_cells()
    missing = [i for i, p in enumerate(reading.cells) if p.token is None]
    unplaced = _unplaced(reading) if missing else set()
    unfit = bool(missing) and options.unfit
    uncertain |= unplaced
    if unfit:
        uncertain |= set(missing)
    values = [piece.value for piece in reading.cells]
    split = reading.how == "split"
    provenance = trace.provenance
    plain = not split and not uncertain
    paths = spec.cell_paths
    for index, piece in enumerate(reading.cells):
        _, token, begin, end, blank = piece
        if plain and token is not None and token.where is None:
            at = token.start
            entry: Entry = {  # piece_entry, inline: this runs for every cell
                "start": at + begin,
                "end": at + end,
                "line": token.line,
                "text": token.text[begin:end],
            }
            if blank:
                entry["blank"] = True
        else:
            entry = piece_entry(piece, split=split, uncertain=index in uncertain)
        provenance[paths[index]] = entry
    trace.uncertain += len(uncertain)
    _reading_notes(trace, spec, options, uncertain)
    if unplaced:
        trace.note(
            "missing_position",
            spec.path,
            f"「{spec.label}」行缺格的位置无法确定，可能在 {_columns(spec, sorted(unplaced))}"
            " 中，这些列的数值不确定",
            f"row {spec.label}: the missing cell may be any of {len(unplaced)} "
            "cells; their values are uncertain",
        )
    if unfit:
        trace.note(
            "missing_unfit",
            spec.path,
            f"「{spec.label}」行缺格按 0 记录后，总计与各格之和不符，缺格的数值不确定",
            f"row {spec.label}: with the missing cell(s) as 0 the row's total does not "
            "add up; the missing value is uncertain",
        )
    if extra:
        note_extra(trace, spec.path, spec.label, extra)
    return values


def _unplaced(reading: Reading) -> set[int]:
    """Cells that may be the missing one: the printed cells placed in order in other
    slots give the same values. Empty when every printed number is 0 (the row reads 0
    wherever the gap is)."""
    printed = [p.value for p in reading.cells if p.token is not None]
    if not any(printed):
        return set()
    values = reading.values
    size = len(values)
    possible: set[int] = set()
    always: set[int] | None = None
    for slots in combinations(range(size), len(printed)):
        placed: list[Number] = [0] * size
        for slot, value in zip(slots, printed, strict=True):
            placed[slot] = value
        if tuple(placed) != tuple(values):
            continue
        gaps = set(range(size)) - set(slots)
        possible |= gaps
        always = gaps if always is None else always & gaps
    return possible - (always or set())


def _absent(trace: Trace, spec: RowSpec, record: Record | None) -> list[Number]:
    size = len(spec.columns)
    for index in range(size):
        trace.provenance[spec.cell_paths[index]] = {"missing": True}
    trace.uncertain += size
    if record is None:
        trace.note(
            "row_missing",
            spec.path,
            f"表中未找到「{spec.label}」行，各列按 0 记录",
            f"row {spec.label} not found in the table; its cells are recorded as 0",
        )
    else:
        numbers = sum(
            1 for t in record.material if t.kind is Kind.NUM or t.kind is Kind.BLANK
        )
        if numbers == 0:
            trace.note(
                "row_empty",
                spec.path,
                f"「{spec.label}」行没有印出数字，各列按 0 记录",
                f"row {spec.label} prints no numbers; its cells are recorded as 0",
            )
        else:
            trace.note(
                "row_short",
                spec.path,
                f"「{spec.label}」行只印出 {numbers} 个数字，少于该行的 {size} 格，"
                "无法确定各数字所在的列，各列按 0 记录，数值不确定",
                f"row {spec.label} prints only {numbers} number(s) for {size} cells, "
                "too few to place; its cells are recorded as 0, uncertain",
            )
    return [0] * size


def _label_notes(
    trace: Trace, spec: RowSpec, record: Record, by_position: bool
) -> None:
    printed = record.token.text if record.token is not None else record.printed
    if by_position:
        trace.note(
            "row_by_position",
            spec.path,
            f"「{printed}」不是规范行名，按位置读作「{spec.label}」",
            f"label {printed!r} is not an official row; read by position as {spec.label}",
        )
    elif record.how in ("prefix", "fuzzy"):
        trace.note(
            "label_variant",
            spec.path,
            f"行名印作「{printed}」，读作「{spec.label}」",
            f"row label printed {printed!r}, read as {spec.label}",
        )


def _columns(spec: RowSpec, indexes: Sequence[int]) -> str:
    return "、".join(spec.columns[i] for i in indexes)


def _reading_notes(
    trace: Trace, spec: RowSpec, options: Options, uncertain: set[int]
) -> None:
    reading = options.chosen
    if reading is None:
        return
    printed: list[int] = []  # cells printed blank
    missing: list[int] = []  # cells not printed
    dashed: list[int] = []  # numbers printed with a dash for the minus sign
    for i, p in enumerate(reading.cells):
        token = p.token
        if token is None:
            missing.append(i)
            continue
        if p.blank:
            printed.append(i)
        if token.kind is Kind.NUM and token.text[:1] in DASH_SIGNS and p.start == 0:
            dashed.append(i)
    if not (printed or missing or dashed or uncertain) and reading.how in AS_PRINTED:
        return  # the common case: every cell printed as a number, nothing to say
    zeros = [i for i in printed if reading.cells[i].token.text in ZERO_CHARACTERS]  # type: ignore[union-attr]
    blanks = [i for i in printed if i not in zeros]
    if zeros:
        trace.note(
            "zero_character",
            spec.path,
            f"「{spec.label}」行 {_columns(spec, zeros)} 印为汉字零（〇/零），按 0 记录",
            f"row {spec.label}: {len(zeros)} cell(s) printed as the character 〇/零, "
            "read as 0",
        )
    if blanks:
        trace.note(
            "blank",
            spec.path,
            f"「{spec.label}」行 {_columns(spec, blanks)} 印为空白，按 0 记录",
            f"row {spec.label}: {len(blanks)} cell(s) printed blank, read as 0",
        )
    if dashed:
        shown = "、".join(reading.cells[i].token.text for i in dashed)  # type: ignore[union-attr]
        trace.note(
            "dash_sign",
            spec.path,
            f"「{spec.label}」行 {_columns(spec, dashed)} 印为「{shown}」，"
            "破折号按负号读",
            f"row {spec.label}: {shown} printed with a dash, read as a minus sign",
        )
    if missing:
        certain = not uncertain
        trace.note(
            "missing_cell",
            spec.path,
            f"「{spec.label}」行少印了 {len(missing)} 格"
            + (
                "；印出的各格均为 0，该行各格按 0 记录"
                if certain and not any(reading.values)
                else "；缺格按 0 记录"
            ),
            f"row {spec.label} prints {len(missing)} cell(s) fewer than the format"
            + (
                "; every printed cell is 0, so the row reads 0"
                if certain and not any(reading.values)
                else "; the missing cell(s) are recorded as 0"
            ),
        )
    if reading.how == "split":
        digits = " ".join(dict.fromkeys(p.token.text for p in reading.cells if p.token))
        shown = "|".join(str(v) for v in reading.values)
        trace.note(
            "split",
            spec.path,
            f"「{spec.label}」行的数字连印为 {digits}，拆分为 {shown}",
            f"row {spec.label}: digits printed without gaps ({digits}) read as {shown}",
        )
    if reading.how == "merge":
        trace.note(
            "merged",
            spec.path,
            f"「{spec.label}」行有数字中间带空格，已合并",
            f"row {spec.label}: a number printed with a stray space was joined",
        )
    if (
        options.why in _HOW_ZH
        and reading.how not in ("row", "direct")
        and not uncertain  # a reading still in doubt was not determined by a rule
    ):
        trace.note(
            "resolved",
            spec.path,
            f"「{spec.label}」行的读法{_HOW_ZH[options.why]}",
            f"row {spec.label}: reading {_HOW_EN[options.why]}",
        )
    if uncertain:
        others = _alternatives(options)
        trace.note(
            "uncertain",
            spec.path,
            f"「{spec.label}」行 {_columns(spec, sorted(uncertain))} 有多种读法，无法确定"
            + (
                f"；采用 {others[0]}，其他读法 {'、'.join(others[1:])}"
                if others
                else ""
            ),
            f"row {spec.label}: {len(uncertain)} cell(s) fit more than one reading; "
            "uncertain"
            + (
                f"; shown {others[0]}, also possible {', '.join(others[1:])}"
                if others
                else ""
            ),
        )


def _alternatives(options: Options, most: int = 6) -> list[str]:
    """The readings still in play, best first, as `72|17|1051` (none if only one)."""
    if len(options.readings) < 2:
        return []
    return ["|".join(str(v) for v in r.values) for r in options.readings[:most]]


def note_extra(trace: Trace, path: str, label: str, count: int) -> None:
    trace.note(
        "extra_cells",
        path,
        f"「{label}」行多印了 {count} 个数字，未采用",
        f"row {label}: {count} more number(s) printed than the format has; not used",
    )
