"""`demo`: the demo agency `demo` with users per role and the records of seed 004.

Runs `migrate`, creates or keeps the agency with the name of `gongkai.demo_records`,
`demo_web` for one user per role, then loads the records
(`demo.annual.load_demo`): its 2021 report equals the tables of seed report 004 and
the validator finds nothing. Idempotent. Without LibreOffice the 2021 report is
published as HTML and DOCX and a warning on stderr says how to add the PDF; the
command still succeeds, so `make run` serves the demo.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.errors import GongkaiError
from gongkai_web.agencies.models import Agency
from gongkai_web.demo.annual import load_demo


class Command(BaseCommand):
    help = "Load the demo agency `demo`: users per role, records whose 2021 report is seed 004."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-migrate", action="store_true", help="do not run migrate first"
        )
        parser.add_argument(
            "--no-publish", action="store_true", help="do not publish the 2021 report"
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give the demo users new passwords and print them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)

        def users(_agency: Agency) -> None:
            call_command(
                "demo_web",
                no_migrate=True,
                reset_passwords=options["reset_passwords"],
                stdout=self.stdout,
                stderr=self.stderr,
            )

        try:
            summary = load_demo(publish_report=not options["no_publish"], users=users)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines:
            self.stdout.write(line)
        for line in summary.warnings:
            self.stderr.write(f"warning: {line}")
        self.stdout.write(
            "gongkai report build --agency demo --year 2021 · "
            "portal: http://127.0.0.1:8000/portal/demo/"
        )
