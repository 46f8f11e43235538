"""`remind [--within N] [--agency CODE]`: open cases due within N working days (for cron).

Overdue cases are listed whatever the calendar knows; a case whose due date waits for a
year nobody has entered is listed too, by name, so the gap is seen and not silent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.workflow import Status
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.applications.management.commands.ledger import agency_by_code
from gongkai_web.applications.urgency import NEAR_WORKDAYS, due_soon, urgency_of


class Command(BaseCommand):
    help = "List open applications due within N working days (overdue ones first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--within",
            type=int,
            default=NEAR_WORKDAYS,
            metavar="N",
            help=f"working days ahead (default {NEAR_WORKDAYS}); overdue cases always",
        )
        parser.add_argument(
            "--agency", metavar="CODE", help="only this agency (default: every agency)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        within = options["within"]
        if within < 0:
            raise CommandError(f"--within {within}: expected 0 or more working days")
        today, calendar = timezone.localdate(), work_calendar()
        agency = agency_by_code(options["agency"]) if options["agency"] else None
        cases, window = due_soon(today, within, calendar, agency=agency)
        due = missing = 0
        for case in cases.iterator():
            urgency = urgency_of(case, today, calendar)
            fields = (
                case.agency.code,
                case.tracking_number,
                case.due_date.isoformat() if case.due_date else "-",
                "-" if urgency.days_left is None else str(urgency.days_left),
                urgency.text,
                Status(case.status).label,
                case.applicant_name,
            )
            self.stdout.write("\t".join(fields))
            missing += case.due_date is None
            due += case.due_date is not None
        self._summary(within, window.limit, due, missing, window.note)

    def _summary(
        self, within: int, limit: date, due: int, missing: int, note: str
    ) -> None:
        self.stderr.write(
            f"{due} 件在 {within} 个工作日内（{limit.isoformat()} 前）到期或已超期 "
            f"({due} due by {limit.isoformat()} or overdue)"
        )
        if note:
            self.stderr.write(note)
        if missing:
            self.stderr.write(
                f"{missing} 件的答复期限无法计算：节假日安排未录入，请系统管理员录入 "
                f"({missing} cases: due date unknown, calendar missing)"
            )
