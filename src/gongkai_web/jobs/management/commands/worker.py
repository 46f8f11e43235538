"""`worker [--concurrency N] [--include MODULE]`: a Celery worker running the jobs."""

from __future__ import annotations

import os
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def require_broker(command: str) -> None:
    """Raise CommandError when no broker is configured (jobs then run in-process).

    Raises:
        CommandError: GONGKAI_BROKER_URL is not set.
    """
    if not settings.GONGKAI_BROKER_URL:
        raise CommandError(
            f"{command}: 未设置 GONGKAI_BROKER_URL（例如 redis://127.0.0.1:6379/0）；"
            f"未设置时后台任务在网站进程内运行，无需 {command} "
            f"(GONGKAI_BROKER_URL is not set: jobs run in-process, no {command} needed)"
        )


class Command(BaseCommand):
    help = "Run a Celery worker for the background jobs (needs GONGKAI_BROKER_URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency",
            type=int,
            default=os.cpu_count() or 1,
            metavar="N",
            help="worker processes (default: the number of cores)",
        )
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument("--hostname", help="node name (default: celery@HOST)")
        parser.add_argument(
            "--include",
            action="append",
            default=[],
            metavar="MODULE",
            help="also import this module of job kinds (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        require_broker("worker")
        if options["concurrency"] < 1:
            raise CommandError(
                f"--concurrency {options['concurrency']}: expected 1 or more"
            )
        for module in options["include"]:
            try:
                import_module(module)
            except ImportError as exc:
                raise CommandError(f"--include {module}: {exc}") from exc
        from gongkai_web.jobs.celery_app import app

        argv = [
            "worker",
            f"--concurrency={options['concurrency']}",
            f"--loglevel={options['loglevel']}",
            "--without-gossip",
            "--without-mingle",
        ]
        if options["hostname"]:
            argv.append(f"--hostname={options['hostname']}")
        app.worker_main(argv)
