"""The back-office commands: `gongkai migrate`, `agency`, `ledger`, `stats`, `remind`,
`serve`, `demo-web`.

Each is a Django management command of `gongkai_web`; this module only parses the
arguments and, when one of them runs, sets DJANGO_SETTINGS_MODULE, calls
`django.setup()` and `call_command`. Django is imported inside the handler, so
`import gongkai` (and every other `gongkai` command) never imports it. A CommandError,
a configuration error or a database error becomes `error: …` and exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

SETTINGS = "gongkai_web.settings"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    migrate = commands.add_parser(
        "migrate", help="create or upgrade the database named by DATABASE_URL"
    )
    migrate.set_defaults(handler=_forward(lambda a: ["migrate", "--no-input"]))

    agency = commands.add_parser(
        "agency", help="agencies and their users"
    ).add_subparsers(dest="agency_command", metavar="SUBCOMMAND", required=True)
    create = agency.add_parser("create", help="create an agency")
    create.add_argument("--code", required=True)
    create.add_argument("--name", required=True)
    create.set_defaults(
        handler=_forward(
            lambda a: ["agency", "create", "--code", a.code, "--name", a.name]
        )
    )
    add_user = agency.add_parser("add-user", help="give a user a role in an agency")
    add_user.add_argument("--code", required=True)
    add_user.add_argument("--username", required=True)
    add_user.add_argument(
        "--role",
        required=True,
        choices=("agency_admin", "registrar", "handler", "approver", "auditor"),
    )
    add_user.add_argument("--password")
    add_user.set_defaults(handler=_forward(_add_user_args))
    listing = agency.add_parser("list", help="list agencies")
    listing.set_defaults(handler=_forward(lambda a: ["agency", "list"]))

    ledger = commands.add_parser(
        "ledger", help="application ledger import/export"
    ).add_subparsers(dest="ledger_command", metavar="SUBCOMMAND", required=True)
    load = ledger.add_parser(
        "import", help="import FILE.xlsx|FILE.csv, all rows or none"
    )
    load.add_argument("file", metavar="FILE")
    load.add_argument("--agency", required=True, metavar="CODE")
    load.add_argument("--user", metavar="USERNAME")
    load.set_defaults(handler=_forward(_import_args))
    dump = ledger.add_parser("export", help="export a year's cases as XLSX (or .csv)")
    dump.add_argument("--agency", required=True, metavar="CODE")
    dump.add_argument("--year", required=True, type=int)
    dump.add_argument("-o", "--output", required=True, metavar="FILE")
    dump.set_defaults(
        handler=_forward(
            lambda a: [
                "ledger",
                "export",
                "--agency",
                a.agency,
                "--year",
                str(a.year),
                "-o",
                a.output,
            ]
        )
    )

    stats = commands.add_parser(
        "stats", help="statistics from the case records"
    ).add_subparsers(dest="stats_command", metavar="SUBCOMMAND", required=True)
    table = stats.add_parser("applications", help="section 三 table as canonical JSON")
    table.add_argument("--agency", required=True, metavar="CODE")
    table.add_argument("--year", required=True, type=int)
    table.add_argument("--format", choices=("2019", "2021"))
    table.set_defaults(handler=_forward(_stats_args))

    remind = commands.add_parser("remind", help="open cases due within N working days")
    remind.add_argument("--within", type=int, default=5, metavar="N")
    remind.add_argument("--agency", metavar="CODE")
    remind.set_defaults(handler=_forward(_remind_args))

    serve = commands.add_parser("serve", help="serve the back office")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(
        handler=_forward(lambda a: ["serve", "--host", a.host, "--port", str(a.port)])
    )

    demo = commands.add_parser(
        "demo-web", help="migrate, demo agency `demo`, one user per role, demo cases"
    )
    demo.add_argument("--reset-passwords", action="store_true")
    demo.set_defaults(
        handler=_forward(
            lambda a: [
                "demo_web",
                *(["--reset-passwords"] if a.reset_passwords else []),
            ]
        )
    )


def _add_user_args(a: argparse.Namespace) -> list[str]:
    args = [
        "agency",
        "add-user",
        "--code",
        a.code,
        "--username",
        a.username,
        "--role",
        a.role,
    ]
    return args + (["--password", a.password] if a.password else [])


def _import_args(a: argparse.Namespace) -> list[str]:
    args = ["ledger", "import", a.file, "--agency", a.agency]
    return args + (["--user", a.user] if a.user else [])


def _stats_args(a: argparse.Namespace) -> list[str]:
    args = ["stats", "applications", "--agency", a.agency, "--year", str(a.year)]
    return args + (["--format", a.format] if a.format else [])


def _remind_args(a: argparse.Namespace) -> list[str]:
    args = ["remind", "--within", str(a.within)]
    return args + (["--agency", a.agency] if a.agency else [])


def _forward(
    build: Callable[[argparse.Namespace], list[str]],
) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        return run_django_command(build(args))

    return handler


def run_django_command(argv: list[str]) -> int:
    """Run one management command of the back office; exit code 0, or 2 on error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    # Django ships no type information (django-stubs is not a dependency of the core).
    import django  # type: ignore[import-untyped]
    from django.core.exceptions import ImproperlyConfigured  # type: ignore[import-untyped]
    from django.core.management import call_command  # type: ignore[import-untyped]
    from django.core.management.base import CommandError  # type: ignore[import-untyped]
    from django.db import DatabaseError  # type: ignore[import-untyped]

    try:
        django.setup()
        call_command(*argv)
    except CommandError as exc:
        print(f"error: {str(exc).removeprefix('Error: ')}", file=sys.stderr)
        return 2
    except ImproperlyConfigured as exc:
        print(f"error: configuration: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        first = (
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        )
        print(f"error: database: {first} (run `gongkai migrate`?)", file=sys.stderr)
        return 2
    return 0
