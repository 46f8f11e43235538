"""`calendar set-year YEAR …` and `calendar list`: the installation's holiday arrangements.

Entering a year is an installation-level act (it serves every agency): on the command
line it needs shell access to the installation; on the web, Django staff.
"""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.calendar import PACKAGE_SOURCE, PACKAGE_YEARS, parse_year
from gongkai.errors import GongkaiError
from gongkai_web.agencies.forms import parse_days
from gongkai_web.agencies.models import CalendarYear, DayKind
from gongkai_web.applications.services.calendar import save_year

SET_YEAR_HELP = """\
Enter (or replace) one year's holiday arrangement from the State Council notice
(国务院办公厅关于YYYY年部分节假日安排的通知). It serves every agency of the
installation. Dates are YYYY-MM-DD, separated by commas or spaces; FROM..TO stands for
every day of a range. Example:

  gongkai calendar set-year 2027 --source "国办发明电〔2026〕N号" \\
      --holidays 2027-01-01 2027-02-06..2027-02-13 --workdays 2027-02-14

In the same transaction, every open case whose due date reaches the year is recomputed
(cases waiting for it get their due date), and the entry is written to the audit log.
A year chinese_calendar already knows is replaced (a local arrangement) only with
--replace-package-year."""


class Command(BaseCommand):
    help = "Enter or list the holiday arrangements of the installation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        set_year = sub.add_parser(
            "set-year",
            help="enter one year's holidays and 调休 working days",
            description=SET_YEAR_HELP,
            formatter_class=RawDescriptionHelpFormatter,
        )
        set_year.add_argument("year", metavar="YEAR", help="2008 to next year")
        set_year.add_argument(
            "--holidays", nargs="+", required=True, metavar="DATE|FROM..TO"
        )
        set_year.add_argument(
            "--workdays", nargs="*", default=[], metavar="DATE|FROM..TO"
        )
        set_year.add_argument(
            "--source",
            required=True,
            help="the notice cited (通知文号), e.g. 国办发明电〔2026〕N号",
        )
        set_year.add_argument(
            "--replace-package-year",
            action="store_true",
            help="confirm replacing a year chinese_calendar knows (local arrangement)",
        )
        set_year.add_argument(
            "--user", metavar="USERNAME", help="a staff user to record"
        )
        sub.add_parser("list", help="list the years entered")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "list":
            self._list()
            return
        try:
            self._set_year(options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from None

    def _set_year(self, options: dict[str, Any]) -> None:
        year = parse_year(options["year"], today=timezone.localdate())
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        done = save_year(
            year,
            holidays=parse_days(" ".join(options["holidays"])),
            workdays=parse_days(" ".join(options["workdays"])),
            source=options["source"],
            user=user,
            replace_package_year=options["replace_package_year"],
        )
        days = done.entry.days.all()
        holidays = sum(d.kind == DayKind.HOLIDAY for d in days)
        self.stdout.write(
            f"{year}: {holidays} 天放假，{len(days) - holidays} 天调休上班"
            f"（{done.entry.source}）；重算 {done.recomputed} 件答复期限 "
            f"({done.recomputed} due dates recomputed)"
        )

    def _list(self) -> None:
        self.stdout.write(
            f"{min(PACKAGE_YEARS)}-{max(PACKAGE_YEARS)}\t{PACKAGE_SOURCE}"
        )
        for entry in CalendarYear.objects.order_by("year"):
            self.stdout.write(f"{entry.year}\t{entry.source}")
