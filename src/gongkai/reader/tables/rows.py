"""Rows of a table found by their labels, with the tokens printed after each label.

The table parsers walk the tokens of their region: a row label starts a row, a group
label, header or block title ends one, and every number, blank mark or empty cell
after a row label is that row's material. Text that names nothing is either the rest
of a label broken over lines (before the row's numbers) or a row the official format
does not have (after them); the latter keeps its numbers apart so they never slide
into a neighbouring row. Rows are then matched to the format's row order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from gongkai.reader.sources.tokens import Kind, Token
from gongkai.reader.tables.labels import Hit, Label, LabelSet, Role
from gongkai.report.formats import FormatId

# Given a hit and whether data rows have started, the label it stands for here.
Choose = Callable[[Hit, bool], Label | None]


@dataclass
class Record:
    """A row as printed: its label (None: text naming no official row) and material."""

    label: Label | None
    printed: str
    token: Token | None
    how: str  # how the label matched: exact, part, prefix, fuzzy, unknown, group
    material: list[Token] = field(default_factory=list)

    @property
    def has_values(self) -> bool:
        return any(t.kind is Kind.NUM or t.kind is Kind.BLANK for t in self.material)

    @property
    def row_id(self) -> str | None:
        return self.label.ident if self.label is not None else None


def vote_format(tokens: Sequence[Token], labels: LabelSet) -> FormatId | None:
    """Return the format whose own labels the tokens print most often.

    A label votes for each format that prints it when some format does not. On a tie,
    a format whose labels all the other winners print too wins (the tokens show
    nothing of what the others add); otherwise no format is told.
    """
    votes = dict.fromkeys(labels.keys_of, 0)
    for token in tokens:
        if token.kind is not Kind.TEXT:
            continue
        for format_id in labels.votes(token.text):
            votes[format_id] += 1
    best = max(votes.values(), default=0)
    if best == 0:
        return None
    winners = [f for f, count in votes.items() if count == best]
    for winner in winners:
        if all(labels.keys_of[winner] <= labels.keys_of[f] for f in winners):
            return winner
    return None


def collect(tokens: Sequence[Token], labels: LabelSet, choose: Choose) -> list[Record]:
    """Return the rows printed in `tokens`, in order."""
    records: list[Record] = []
    current: Record | None = None
    started = False
    pending: Token | None = None  # text naming nothing yet: maybe half a broken label
    for token in tokens:
        if token.kind is not Kind.TEXT:
            if current is not None:
                current.material.append(token)
            if token.kind is not Kind.EMPTY:
                pending = None
            continue
        if current is not None and _continues(current, token, labels):
            continue
        hits = labels.match(token.text)
        if pending is not None and not any(
            hit.how in ("exact", "part") for hit in hits
        ):
            joined = labels.match(pending.text + token.text)
            if any(
                h.how in ("exact", "part", "prefix") and h.with_role(Role.ROW)
                for h in joined
            ):
                hits, token = joined, pending
        pending = token if hits and all(not hit.labels for hit in hits) else None
        for hit in hits:
            label = choose(hit, started)
            if label is not None and label.role is Role.ROW:
                current = Record(label, token.text, token, hit.how)
                records.append(current)
                started = True
            elif label is not None:
                current = None
                if label.role is Role.GROUP and started:
                    current = Record(None, label.printed, token, "group")
                    records.append(current)
            elif current is None:
                continue
            elif not current.has_values:
                continue  # the rest of a label broken over lines, or a unit
            else:
                current = Record(None, hit.text, token, "unknown")
                records.append(current)
    return records


def _continues(current: Record, token: Token, labels: LabelSet) -> bool:
    """Tell whether `token` is the rest of the current row's label, broken over lines."""
    if (
        current.how not in ("prefix", "fuzzy")
        or current.token is None
        or current.has_values
    ):
        return False
    joined = labels.match(current.token.text + token.text)
    for hit in joined:
        if any(label.ident == current.row_id for label in hit.with_role(Role.ROW)):
            if hit.how in ("exact", "prefix"):
                current.how = hit.how
                return True
    return False


def choose_role(hit: Hit, started: bool, format_id: FormatId | None) -> Label | None:
    """Pick the label a hit stands for: rows once data rows started, headers before."""
    chosen = hit.roles  # hits are kept by their LabelSet: remember the choice there
    slot = (started, format_id)
    if slot not in chosen:
        chosen[slot] = _choose_role(hit, started, format_id)
    return chosen[slot]


def _choose_role(hit: Hit, started: bool, format_id: FormatId | None) -> Label | None:
    labels = [
        label for label in hit.labels if format_id is None or format_id in label.formats
    ] or list(hit.labels)
    if not labels:
        return None
    rows = [label for label in labels if label.role is Role.ROW]
    others = [label for label in labels if label.role is not Role.ROW]
    if rows and others:
        if others[0].role is Role.HEADER:
            return rows[0] if started else others[0]
        return others[0]
    return labels[0]


@dataclass
class Aligned:
    """Rows of the format mapped to what was printed."""

    rows: dict[str, Record]
    by_position: dict[str, Record]  # rows taken from unrecognised labels by position
    duplicates: list[Record]
    extra: list[Record]  # printed rows the format does not have, with numbers


def align(
    records: list[Record], order: Sequence[str], sizes: Mapping[str, int] | int
) -> Aligned:
    """Map printed rows to the format's rows; unnamed rows fill gaps by position.

    A row printed twice keeps the printing that looks most like the row (numbers
    present, as many as the row has cells), the first one on a tie.
    """
    rows: dict[str, Record] = {}
    duplicates: list[Record] = []
    for record in records:
        ident = record.row_id
        if ident is None or ident not in order:
            continue
        size = sizes if isinstance(sizes, int) else sizes[ident]
        known = rows.get(ident)
        if known is None or _fit(record, size) > _fit(known, size):
            if known is not None:
                duplicates.append(known)
            rows[ident] = record
        else:
            duplicates.append(record)
    by_position: dict[str, Record] = {}
    unnamed = [
        r for r in records if r.label is None and r.how == "unknown" and r.has_values
    ]
    used: set[int] = set()
    for gap_rows, gap_records in _gaps(records, rows, order, unnamed):
        if len(gap_rows) == len(gap_records):
            for ident, record in zip(gap_rows, gap_records, strict=True):
                by_position[ident] = record
                used.add(id(record))
    extra = [
        r for r in records if r.label is None and r.has_values and id(r) not in used
    ]
    return Aligned(rows, by_position, duplicates, extra)


def _fit(record: Record, size: int) -> tuple[bool, bool]:
    printed = sum(
        1 for t in record.material if t.kind is Kind.NUM or t.kind is Kind.BLANK
    )
    return printed > 0, printed == size


def _gaps(
    records: list[Record],
    rows: dict[str, Record],
    order: Sequence[str],
    unnamed: list[Record],
) -> list[tuple[list[str], list[Record]]]:
    """Pair each run of missing rows with the unnamed rows printed where they belong."""
    position = {id(r): i for i, r in enumerate(records)}
    gaps: list[tuple[list[str], list[Record]]] = []
    missing: list[str] = []
    before = -1
    for ident in [*order, None]:
        record = rows.get(ident) if ident is not None else None
        if ident is not None and record is None:
            missing.append(ident)
            continue
        after = position[id(record)] if record is not None else len(records)
        if missing:
            between = [r for r in unnamed if before < position[id(r)] < after]
            gaps.append((missing, between))
            missing = []
        before = after
    return gaps
