"""Section 三 (收到和处理政府信息公开申请情况): 22 or 24 rows of seven cells.

The format is told by the rows (2021 splits （六）其他处理 into three rows). Each row is
read by `cells.read_row` with the row's rule (总计 = the sum of the six applicant
cells); rows still open after that are settled by the table's column rules (the
outcome rows add up to （七）总计; 第一项加第二项之和等于第三项加第四项之和), then by
figures stated in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from gongkai.reader.result import Trace
from gongkai.reader.sources.normalize import label_key
from gongkai.reader.sources.tokens import Kind, Token
from gongkai.reader.tables.cells import read_row
from gongkai.reader.tables.choice import (
    Options,
    Score,
    narrow_by_prose,
    narrow_table,
    row_options,
)
from gongkai.reader.tables.emit import RowSpec, emit_row
from gongkai.reader.tables.glued import Number
from gongkai.reader.tables.labels import Hit, Label, applications_labels
from gongkai.reader.tables.rows import Record, align, choose_role, collect, vote_format
from gongkai.report.formats import APPLICANT_COLUMNS, FORMATS, FormatId, ReportFormat

CELLS = len(APPLICANT_COLUMNS)
COLUMN_LABELS = tuple(c.label for c in APPLICANT_COLUMNS)


def row_total(values: Sequence[Number]) -> Number | None:
    """The 总计 cell must equal the sum of the six applicant cells."""
    return sum(values[: CELLS - 1]) if len(values) == CELLS - 1 else None


def read_applications(
    tokens: Sequence[Token],
    trace: Trace,
    figures: Callable[[str], Mapping[str, set[Number]]] | None = None,
    hint: FormatId | None = None,
) -> tuple[dict[str, list[Number]] | None, FormatId | None]:
    """Return the rows of section 三 and its format, or (None, None) if absent.

    `hint` is the format of section 二, used when no row of section 三 tells.
    """
    labels = applications_labels()
    format_id = vote_format(tokens, labels) or _format_from_numbers(tokens, hint)
    records = _collect(tokens, format_id)
    if not any(r.label is not None for r in records):
        return None, None
    spec = FORMATS[format_id]
    order = [row.id for row in spec.applications]
    aligned = align(records, order, CELLS)
    options: dict[str, Options] = {}
    extra: dict[str, int] = {}
    chosen: dict[str, Record] = {}
    for row in spec.applications:
        record = aligned.rows.get(row.id) or aligned.by_position.get(row.id)
        if record is None:
            continue
        chosen[row.id] = record
        reading = read_row(record.material, CELLS, row_total)
        options[row.id] = row_options(reading, row_total)
        extra[row.id] = len(reading.extra)
    fixed = {
        row: opt.chosen.values
        for row, opt in options.items()
        if opt.chosen is not None and not opt.ambiguous
    }
    narrow_table(options, fixed, _column_score(spec))
    if figures is not None and any(opt.ambiguous for opt in options.values()):
        narrow_by_prose(options, figures("applications"))
    data: dict[str, list[Number]] = {}
    for row in spec.applications:
        data[row.id] = emit_row(
            trace,
            _row_spec(row.id, row.full_label),
            options.get(row.id),
            chosen.get(row.id),
            by_position=row.id in aligned.by_position,
            extra=extra.get(row.id, 0),
        )
    for record in aligned.extra:
        _note_extra_row(trace, record)
    return data, format_id


@lru_cache(maxsize=256)
def _row_spec(row_id: str, label: str) -> RowSpec:
    path = f"applications.{row_id}"
    return RowSpec(
        path, label, COLUMN_LABELS, tuple(f"{path}[{i}]" for i in range(CELLS))
    )


def as_newer_format(
    data: dict[str, list[Number]], trace: Trace, old: FormatId, new: FormatId
) -> bool:
    """Read a section 三 printed in the `old` format as the `new` one, in place, when
    every old row has a place there (a 2021 report printing the single 2019 row
    （六）其他处理: its numbers go to 3.其他, the two rows not printed read 0). Return
    False, changing nothing, when some old row has no place in the new format."""
    target = FORMATS[new]
    moved = {
        row.id: row.id
        if any(r.id == row.id for r in target.applications)
        else target.outcome_fallback.get(row.id)
        for row in FORMATS[old].applications
    }
    places = {old_id: new_id for old_id, new_id in moved.items() if new_id is not None}
    if len(places) < len(moved):
        return False
    converted: dict[str, list[Number]] = {}
    for row in target.applications:
        sources = [old_id for old_id, new_id in places.items() if new_id == row.id]
        if sources:
            converted[row.id] = data[sources[0]]
        else:
            converted[row.id] = [0] * CELLS
            for index in range(CELLS):
                trace.provenance[f"applications.{row.id}[{index}]"] = {"missing": True}
    for old_id, new_id in places.items():
        if old_id == new_id:
            continue
        for index in range(CELLS):
            entry = trace.provenance.pop(f"applications.{old_id}[{index}]", None)
            if entry is not None:
                trace.provenance[f"applications.{new_id}[{index}]"] = entry
        trace.notes[:] = [
            n.moved(f"applications.{old_id}", f"applications.{new_id}")
            for n in trace.notes
        ]
        old_label = FORMATS[old].application_row(old_id).full_label
        new_label = target.application_row(new_id).full_label
        trace.note(
            "format_mixed",
            f"applications.{new_id}",
            f"主动公开表为 {new} 版格式，申请情况表却印了 {old} 版的「{old_label}」行："
            f"按 {new} 版读取，该行数字记入「{new_label}」，{new} 版新增而未印出的行按 0 记录",
            f"section 二 is in the {new} format but section 三 prints the {old} row "
            f"{old_label}: read as the {new} format, that row's numbers in {new_label} "
            f"({new_id}); the rows the {new} format adds were not printed and read 0",
        )
    data.clear()
    data.update(converted)
    return True


def _collect(tokens: Sequence[Token], format_id: FormatId | None) -> list[Record]:
    def choose(hit: Hit, started: bool) -> Label | None:
        return choose_role(hit, started, format_id)

    return collect(tokens, applications_labels(), choose)


@FORMATS.derived
def _group_rows() -> tuple[tuple[str, FormatId], ...]:
    """Return (key, format) for the labels that are a row of numbers in one format and
    head a group in every other one (2019's （六）其他处理)."""
    groups = {
        f: {label_key(row.group) for row in spec.applications if row.group}
        for f, spec in FORMATS.items()
    }
    return tuple(
        (label_key(row.label), f)
        for f, spec in FORMATS.items()
        for row in spec.applications
        if row.group is None
        and len(FORMATS) > 1
        and all(
            label_key(row.label) in groups[other] for other in FORMATS if other != f
        )
    )


def _format_from_numbers(tokens: Sequence[Token], hint: FormatId | None) -> FormatId:
    """No row tells the format: a label printed with numbers after it that is a row in
    one format and a group in the others tells that one (2019's （六）其他处理);
    otherwise the format of section 二, else the newest."""
    for index, token in enumerate(tokens):
        if token.kind is not Kind.TEXT:
            continue
        key = label_key(token.text)
        for row_key, format_id in _group_rows():
            if key.endswith(row_key) and _numbers_follow(tokens, index):
                return format_id
    return hint or FORMATS.newest.id


def _numbers_follow(tokens: Sequence[Token], index: int) -> bool:
    for following in tokens[index + 1 : index + 4]:
        if following.kind is Kind.TEXT:
            return False
        if following.kind is not Kind.EMPTY:
            return True
    return False


def _column_score(spec: ReportFormat) -> Score:
    outcome = [row.id for row in spec.outcome_rows]
    zero = (0,) * CELLS

    def score(values: Mapping[str, Sequence[Number]]) -> int:
        def get(row: str) -> Sequence[Number]:
            return values.get(row, zero)

        total, forward = get("total"), get("carried_forward")
        new, over = get("new_received"), get("carried_over")
        points = 0
        for column in range(CELLS):
            if sum(get(row)[column] for row in outcome) == total[column]:
                points += 1
            if new[column] + over[column] == total[column] + forward[column]:
                points += 1
        return points

    return score


def _note_extra_row(trace: Trace, record: Record) -> None:
    printed = record.token.text if record.token is not None else record.printed
    numbers = [t.text for t in record.material if t.kind is Kind.NUM]
    kind = "小计行" if record.how == "group" else "规范格式以外的行"
    kind_en = (
        "a subtotal row" if record.how == "group" else "a row the format does not have"
    )
    trace.note(
        "extra_row",
        "applications",
        f"「{printed}」是{kind}，其数字 {' '.join(numbers)} 未计入",
        f"{printed!r} is {kind_en}; its numbers ({' '.join(numbers)}) are not used",
    )
