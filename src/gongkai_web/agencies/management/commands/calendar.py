"""`calendar set-year YEAR …` and `calendar list`: the installation's holiday arrangements.

Entering a year is an installation-level act (it serves every agency): on the command
line it needs shell access to the installation; on the web, Django staff.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.calendar import PACKAGE_SOURCE, PACKAGE_YEARS, parse_year
from gongkai.cli.web import SET_YEAR_HELP
from gongkai.errors import GongkaiError
from gongkai_web.agencies.calendar_entry import save_year
from gongkai_web.agencies.forms import parse_days
from gongkai_web.agencies.models import CalendarYear, DayKind


class Command(BaseCommand):
    help = "Enter or list the holiday arrangements of the installation."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        set_year = sub.add_parser(
            "set-year", help="enter one year's holidays and 调休 working days"
        )
        set_year.description = SET_YEAR_HELP
        set_year.add_argument("year", metavar="YEAR")
        set_year.add_argument(
            "--holidays", nargs="+", required=True, metavar="DATE|FROM..TO"
        )
        set_year.add_argument(
            "--workdays", nargs="*", default=[], metavar="DATE|FROM..TO"
        )
        set_year.add_argument("--source", required=True, help="通知文号")
        set_year.add_argument("--replace-package-year", action="store_true")
        set_year.add_argument("--user", metavar="USERNAME")
        sub.add_parser("list", help="list the entered years")

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
