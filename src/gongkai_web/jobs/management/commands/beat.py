"""`beat [--schedule FILE]`: Celery beat, sending the daily jobs at their hour.

Run exactly one beat per installation. A second one would only queue nothing new:
each daily job is keyed by kind, agency and day.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gongkai_web.jobs.management.commands.worker import require_broker


class Command(BaseCommand):
    help = "Run Celery beat: the daily reminder and overdue flip (needs GONGKAI_BROKER_URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            default=str(settings.VAR_DIR / "celerybeat-schedule"),
            metavar="FILE",
            help="where beat remembers the last runs (default var/celerybeat-schedule)",
        )
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        require_broker("beat")
        from gongkai_web.jobs.celery_app import app, beat_schedule

        app.conf.beat_schedule = beat_schedule()
        for name, entry in app.conf.beat_schedule.items():
            self.stdout.write(f"{name}: {entry['schedule']}")
        app.start(
            [
                "beat",
                f"--schedule={options['schedule']}",
                f"--loglevel={options['loglevel']}",
            ]
        )
