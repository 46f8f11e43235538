"""Ledger import and export (ledger.md): all-or-nothing, idempotent, history kept.

Import turns each row into the events of `gongkai.workflow` (`ledger_rows`) and stores
them like events recorded in the back office, marked with the import. A ledger records
what happened, so an imported history is not refused for breaking a rule of the
Regulations (a late correction notice happened, however late), nor for a due date that
needs a year nobody has entered; such rows are reported as warnings. Re-importing a
row:

- whose history columns equal the case's current history: the case is unchanged;
- that changes the history of a case known only from ledgers: the new history is
  appended and becomes current (the old events stay in the log);
- that changes the history of a case handled in the back office: the row is refused.

The descriptive columns (applicant, content, type, channel, fee, note) of a case already
in the system are never overwritten: each difference is reported by row and column
(「申请人」：系统为「…」，台账为「…」（未更新）). Only an explicit `update=True` ("update
from ledger") writes them, and then the old and new values of every changed column go
to the audit log, against the case (`AuditAction.LEDGER_UPDATE`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction

from gongkai.calendar import WorkCalendar
from gongkai.errors import ActionRefused, CalendarDataMissing
from gongkai.ledger import HEADERS, Ledger, LedgerError, LedgerProblem, LedgerRow
from gongkai.vocabulary import ApplicantType, Channel
from gongkai.workflow import TRANSITIONS, Event, due_date_of
from gongkai_web.agencies.access import LEDGER_ROLES, User, actor_of, roles_in
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application, ApplicationEvent, LedgerImport
from gongkai_web.applications.notices import notify_applicant
from gongkai_web.applications.services.actions import next_seq
from gongkai_web.applications.services.history import apply_replay, stored_history
from gongkai_web.applications.services.ledger_rows import (
    DESCRIPTIVE,
    HISTORY_FIELDS,
    ledger_events,
    ledger_row_of,
    ledger_warnings,
)
from gongkai_web.applications.statistics import counted_in
from gongkai_web.audit.models import AuditAction, AuditLog
from gongkai_web.audit.services import record


@dataclass
class ImportSummary:
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unknown_headers: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    batch_id: int | None = None
    differences: list[str] = field(default_factory=list)  # one line per row

    def lines(self) -> list[str]:
        out = [
            f"{self.file_name}: 新增 {self.created}，更新 {self.updated}，未变 {self.unchanged} "
            f"(created {self.created}, updated {self.updated}, unchanged {self.unchanged})"
        ]
        if self.unknown_headers:
            out.append("未识别的列（已忽略）: " + "、".join(self.unknown_headers))
        out += [f"提醒: {w}" for w in self.warnings]
        if self.differences:
            out.append(
                f"{len(self.differences)} 件已登记案件与台账不一致，系统记录未更新（如需按台账"
                f"更新，请勾选“按台账更新”或使用 --update）({len(self.differences)} "
                f"registered cases differ from the ledger; not updated)"
            )
            out += [f"差异: {d}" for d in self.differences]
        return out


@dataclass
class _Plan:
    row: LedgerRow
    events: list[Event]
    application: Application | None = None
    replace_history: bool = False
    changed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# progress(done, total, phase): rows checked, then rows stored, out of all rows.
Progress = Callable[[int, int, str], None]
PROGRESS_EVERY = 200


def _no_progress(done: int, total: int, phase: str) -> None:
    return None


def import_ledger(
    agency: Agency,
    user: User | None,
    ledger: Ledger,
    *,
    sha256: str = "",
    progress: Progress = _no_progress,
    notify: bool = False,
    update: bool = False,
) -> ImportSummary:
    """Store every row of a parsed ledger in one transaction, or nothing.

    `progress` is told every few hundred rows how far checking and storing have come.
    The events of a ledger happened already: applicants are told nothing, unless
    `notify` asks for the notice of every event the import recorded.
    With `update`, the descriptive columns of cases already in the system are written
    from the ledger, their old values kept in the audit log; without it they are
    reported as differences and left alone.

    Raises:
        ActionRefused: for a user whose role may not import.
        LedgerError: listing every row whose history conflicts with the back
            office's records.
    """
    if user is not None and not roles_in(user, agency) & LEDGER_ROLES:
        raise ActionRefused("您的岗位不能导入台账 (your role may not import ledgers)")
    summary = ImportSummary(ledger.source, unknown_headers=ledger.unknown_headers)
    calendar = work_calendar()
    with transaction.atomic():
        # The imports of one agency take turns (PostgreSQL; SQLite's write lock
        # does it already): the second reads the cases of the first instead of
        # inserting their numbers again (an IntegrityError, security review F11).
        Agency.objects.select_for_update().get(pk=agency.pk)
        existing = _existing(agency, [row.number for row in ledger.rows])
        plans, problems = [], []
        total = len(ledger.rows)
        for done, row in enumerate(ledger.rows):
            if done % PROGRESS_EVERY == 0:
                progress(done, total, "检查 checked")
            plan, problem = _plan(row, existing.get(row.number), calendar)
            if problem is not None:
                problems.append(problem)
            else:
                plans.append(plan)
                summary.warnings += plan.warnings
        if problems:
            raise LedgerError(ledger.source, problems)
        batch = LedgerImport.objects.create(
            agency=agency,
            file_name=ledger.source[:255],
            sha256=sha256,
            imported_by=actor_of(user),
        )
        for done, plan in enumerate(plans):
            if done % PROGRESS_EVERY == 0:
                progress(done, total, "写入 stored")
            _store(agency, user, batch, plan, calendar, summary, update=update)
        progress(total, total, "写入 stored")
        summary.batch_id = batch.pk
        batch.created, batch.updated = summary.created, summary.updated
        batch.unchanged = summary.unchanged
        batch.save(update_fields=["created", "updated", "unchanged"])
        if notify:
            for event in batch.events.select_related("application__agency"):
                notify_applicant(event.application, event)
        record(
            user,
            AuditAction.LEDGER_IMPORT,
            agency=agency,
            target=batch,
            summary=summary.lines()[0],
            data={
                "file": ledger.source,
                "sha256": sha256,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "differences": len(summary.differences),
                "update": update,
            },
        )
    return summary


def _existing(agency: Agency, numbers: list[str]) -> dict[str, Application]:
    found: dict[str, Application] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        query = Application.objects.select_for_update().filter(
            agency=agency, tracking_number__in=chunk
        )
        found.update({a.tracking_number: a for a in query})
    return found


def _plan(
    row: LedgerRow, application: Application | None, calendar: WorkCalendar
) -> tuple[_Plan, LedgerProblem | None]:
    events = ledger_events(row)
    plan = _Plan(
        row, events, application, warnings=ledger_warnings(row, events, calendar)
    )
    try:
        due_date_of(events, calendar)
    except CalendarDataMissing as exc:
        plan.warnings.append(
            f"第{row.row_number}行（编号 {row.number}）: {exc}，答复期限在录入后计算 "
            f"(the due date is computed once the year is entered)"
        )
    if application is None:
        return plan, None
    stored = stored_history(application)
    current = ledger_row_of(application, stored)
    history = [
        name for name in HISTORY_FIELDS if getattr(current, name) != getattr(row, name)
    ]
    plan.changed = [
        name
        for name in DESCRIPTIVE
        if getattr(row, name) != getattr(current, name)
        and not (name == "channel" and row.channel is None)
    ]
    if history:
        if any(event.ledger_import_id is None for event in stored):
            columns = "、".join(f"「{HEADERS[name]}」" for name in history)
            return plan, LedgerProblem(
                row.row_number,
                HEADERS[history[0]],
                _shown(getattr(row, history[0])),
                f"编号 {row.number} 已在系统中办理，台账的{columns}与系统记录"
                f"（{_shown(getattr(current, history[0]))}）不一致，请在系统中办理 "
                f"(case handled in the back office; the ledger's history differs)",
            )
        plan.replace_history = True
    return plan, None


def _shown(value: object) -> str:
    if value is None:
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "label", value))


def _store(
    agency: Agency,
    user: User | None,
    batch: LedgerImport,
    plan: _Plan,
    calendar: WorkCalendar,
    summary: ImportSummary,
    *,
    update: bool,
) -> None:
    row, application = plan.row, plan.application
    if application is None:
        application = Application(
            agency=agency, tracking_number=row.number, received=row.received
        )
        _describe(application, row)
        apply_replay(application, plan.events, calendar)
        application.save()
        _append_events(application, plan.events, user, batch, first_seq=1)
        summary.created += 1
        return
    changes = _changes(application, plan)
    if changes and not update:
        summary.differences.append(_difference_line(row, changes))
        changes = {}
    if not plan.replace_history and not changes:
        summary.unchanged += 1
        return
    if changes:
        _describe(application, row)
        record(
            user,
            AuditAction.LEDGER_UPDATE,
            agency=agency,
            target=application,
            summary=f"按台账 {batch.file_name} 第{row.row_number}行更新 "
            + "、".join(HEADERS[name] for name in changes),
            data={"file": batch.file_name, "row": row.row_number, "changes": changes},
        )
    if plan.replace_history:
        start = next_seq(application)
        application.history_start = start
        application.received = row.received
        apply_replay(application, plan.events, calendar)
        _append_events(application, plan.events, user, batch, first_seq=start)
    application.save()
    summary.updated += 1


def _changes(application: Application, plan: _Plan) -> dict[str, dict[str, Any]]:
    """Return {column: {"old": …, "new": …}} of the descriptive columns that differ."""
    current = ledger_row_of(application, stored_history(application))
    return {
        name: {
            "old": _jsonable(getattr(current, name)),
            "new": _jsonable(getattr(plan.row, name)),
        }
        for name in plan.changed
    }


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, str | bool | int):
        return value
    return str(getattr(value, "value", value))


def _difference_line(row: LedgerRow, changes: dict[str, dict[str, Any]]) -> str:
    current = {name: change["old"] for name, change in changes.items()}
    fields = "；".join(
        f"「{HEADERS[name]}」：系统为「{_shown_value(name, current[name])}」，"
        f"台账为「{_shown(getattr(row, name))}」"
        for name in changes
    )
    return f"第{row.row_number}行（编号 {row.number}）{fields}（未更新）"


def _shown_value(name: str, value: object) -> str:
    """Show a stored value (as `_jsonable` keeps it) like `_shown` shows a ledger's."""
    if value is None:
        return "空"
    if name == "channel":
        return Channel(str(value)).label
    if name == "applicant_type":
        return ApplicantType(str(value)).label
    return str(value)


@dataclass(frozen=True)
class LedgerUpdate:
    """One "update from ledger" of a case, as the case page shows it."""

    at: datetime
    actor: str
    file_name: str
    row: int
    changes: list[tuple[str, str, str]]  # (column header, old value, new value)


def ledger_updates_of(application: Application) -> list[LedgerUpdate]:
    """Return the case's updates from ledgers, oldest first, with the values each
    replaced (kept in the audit log against the case)."""
    entries = AuditLog.objects.filter(
        action=AuditAction.LEDGER_UPDATE,
        object_type=Application._meta.label,
        object_id=str(application.pk),
    ).select_related("actor")
    return [
        LedgerUpdate(
            at=entry.at,
            actor=str(entry.actor or "—"),
            file_name=str(entry.data.get("file", "")),
            row=int(entry.data.get("row", 0)),
            changes=[
                (
                    HEADERS.get(name, name),
                    _shown_value(name, change.get("old")),
                    _shown_value(name, change.get("new")),
                )
                for name, change in entry.data.get("changes", {}).items()
            ],
        )
        for entry in entries.order_by("at", "id")
    ]


def _describe(application: Application, row: LedgerRow) -> None:
    application.applicant_type = row.applicant_type.value
    application.applicant_name = row.applicant
    application.content = row.content
    if row.channel is not None or not application.channel:
        application.channel = (row.channel or Channel.OTHER).value
    application.fee = row.fee_yuan
    application.note = row.note


def _append_events(
    application: Application,
    events: list[Event],
    user: User | None,
    batch: LedgerImport,
    *,
    first_seq: int,
) -> None:
    actor = actor_of(user)
    rows, status = [], None
    for offset, event in enumerate(events):
        new = TRANSITIONS[event.action][1]
        rows.append(
            ApplicationEvent(
                application=application,
                seq=first_seq + offset,
                action=event.action.value,
                on=event.on,
                outcome=event.outcome.value if event.outcome else "",
                old_status=status.value if status else "",
                new_status=new.value,
                actor=actor,
                note=event.note,
                ledger_import=batch,
            )
        )
        status = new
    ApplicationEvent.objects.bulk_create(rows)


def export_rows(agency: Agency, year: int) -> list[LedgerRow]:
    """Return the cases that year Y's section 三 counts, as ledger rows.

    That is every case received by the end of Y and not closed before Y, so the exported
    ledger alone gives the year's table.
    """
    cases = (
        counted_in(agency, year)
        .order_by("received", "tracking_number")
        .prefetch_related("events")
    )
    rows = []
    for application in cases:
        events = [
            e for e in application.events.all() if e.seq >= application.history_start
        ]
        events.sort(key=lambda e: e.seq)
        rows.append(ledger_row_of(application, events))
    return rows
