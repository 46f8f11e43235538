"""`serve`: the back office and the portal through gunicorn, never Django's runserver.

Before starting it collects the static files (hashed and compressed for WhiteNoise),
so a fresh `make run` works. Workers and threads default from the core count.
Production mode (a non-loopback address, GONGKAI_HTTPS, or a public allowed host)
refuses the development secret key.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def default_workers() -> int:
    """Return gunicorn's usual 2 × cores + 1, capped at 12 (each worker ~80 MB)."""
    return min(2 * (os.cpu_count() or 1) + 1, 12)


def is_loopback(host: str) -> bool:
    if host.strip("[]") in LOOPBACK_NAMES or host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def production_reasons(host: str) -> list[str]:
    """Return why this start counts as production (empty: a loopback development run)."""
    reasons = []
    if not is_loopback(host):
        reasons.append(f"--host {host}")
    if getattr(settings, "HTTPS", False):
        reasons.append("GONGKAI_HTTPS=true")
    public = [name for name in settings.ALLOWED_HOSTS if not is_loopback(name)]
    if public:
        reasons.append(f"GONGKAI_ALLOWED_HOSTS={','.join(public)}")
    return reasons


class Command(BaseCommand):
    help = "Serve the back office and portal through gunicorn (http://127.0.0.1:8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="worker processes (default 2 × cores + 1, at most 12)",
        )
        parser.add_argument(
            "--threads", type=int, default=2, help="threads per worker (default 2)"
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=120,
            help="seconds before a silent worker is restarted (default 120)",
        )
        parser.add_argument(
            "--skip-collectstatic",
            action="store_true",
            help="static files were collected by the deployment step",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        for name in ("workers", "threads", "timeout"):
            if options[name] < 1:
                raise CommandError(f"--{name} {options[name]}: expected 1 or more")
        if not 0 < port < 65536:
            raise CommandError(f"--port {port}: expected 1 to 65535")
        reasons = production_reasons(host)
        if reasons and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
            raise CommandError(
                f"production mode ({'; '.join(reasons)}) with the public development "
                "secret key: set GONGKAI_SECRET_KEY (see docs/deploy.md)"
            )
        if not options["skip_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        # The workers are forked: no connection may be shared with them.
        connections.close_all()
        bind = f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(
            f"back office: http://{bind}/  gunicorn, {options['workers']} workers × "
            f"{options['threads']} threads  (Ctrl-C to stop)"
        )
        self.stdout.flush()
        from gongkai_web.operations.gunicorn import GongkaiApplication

        GongkaiApplication(
            {
                "bind": [bind],
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread",
                "timeout": options["timeout"],
                "graceful_timeout": 30,
                # Recycle workers now and then (memory held by big imports or PDFs).
                "max_requests": 2000,
                "max_requests_jitter": 200,
                # Requests are logged as JSON lines by operations.requestlog.
                "accesslog": None,
                "errorlog": "-",
                "proc_name": "gongkai",
                # Several nodes may share a host; the HOME of a service user may not exist.
                "control_socket_disable": True,
            }
        ).run()
