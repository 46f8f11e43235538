"""`serve`: the back office on loopback (Django's server, single process, no reloader)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the back office (default http://127.0.0.1:8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        host = options["host"]
        address = (
            f"[{host}]:{options['port']}"
            if ":" in host
            else f"{host}:{options['port']}"
        )
        self.stdout.write(f"back office: http://{address}/  (Ctrl-C to stop)")
        call_command("runserver", address, use_reloader=False, insecure_serving=True)
