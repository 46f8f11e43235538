"""`remind [--within N] [--agency CODE]`: open cases due within N working days (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import F
from django.utils import timezone

from gongkai.errors import GongkaiError
from gongkai.workflow import Status
from gongkai_web.agencies.calendars import work_calendar
from gongkai_web.applications.management.commands.ledger import agency_by_code
from gongkai_web.applications.models import Application
from gongkai_web.applications.urgency import NEAR_WORKDAYS, due_within, urgency_of


class Command(BaseCommand):
    help = "List open applications due within N working days (overdue ones first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--within", type=int, default=NEAR_WORKDAYS, metavar="N")
        parser.add_argument("--agency", metavar="CODE")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["within"] < 0:
            raise CommandError(
                f"--within {options['within']}: expected 0 or more working days"
            )
        today, calendar = timezone.localdate(), work_calendar()
        try:
            limit = due_within(today, options["within"], calendar)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from None
        cases = Application.objects.filter(is_open=True, due_date__lte=limit)
        if options["agency"]:
            cases = cases.filter(agency=agency_by_code(options["agency"]))
        cases = cases.select_related("agency").order_by(
            F("due_date").asc(), "agency__code", "id"
        )
        count = 0
        for case in cases.iterator():
            urgency = urgency_of(case, today, calendar)
            self.stdout.write(
                "\t".join(
                    (
                        case.agency.code,
                        case.tracking_number,
                        case.due_date.isoformat(),
                        str(urgency.days_left),
                        urgency.text,
                        Status(case.status).label,
                        case.applicant_name,
                    )
                )
            )
            count += 1
        self.stderr.write(
            f"{count} 件在 {options['within']} 个工作日内（{limit.isoformat()} 前）到期或已超期 "
            f"({count} due by {limit.isoformat()} or overdue)"
        )
