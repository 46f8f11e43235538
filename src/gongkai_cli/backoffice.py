"""The back-office commands: `gongkai migrate`, `agency`, `calendar`, `ledger`, `stats`,
`remind`, `serve`, `demo-web`.

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


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    migrate = commands.add_parser(
        "migrate", help="create or upgrade the database named by DATABASE_URL"
    )
    migrate.set_defaults(handler=forward(lambda a: ["migrate", "--no-input"]))
    _add_agency(commands)
    _add_calendar(commands)
    _add_ledger(commands)
    _add_stats(commands)
    remind = commands.add_parser("remind", help="open cases due within N working days")
    remind.add_argument("--within", type=int, default=5, metavar="N")
    remind.add_argument("--agency", metavar="CODE")
    remind.set_defaults(handler=forward(_remind_args))
    serve = commands.add_parser("serve", help="serve the back office")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(
        handler=forward(lambda a: ["serve", "--host", a.host, "--port", str(a.port)])
    )
    demo = commands.add_parser(
        "demo-web", help="migrate, demo agency `demo`, one user per role, demo cases"
    )
    demo.add_argument("--reset-passwords", action="store_true")
    demo.set_defaults(
        handler=forward(
            lambda a: [
                "demo_web",
                *(["--reset-passwords"] if a.reset_passwords else []),
            ]
        )
    )


def _add_agency(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    agency = commands.add_parser(
        "agency", help="agencies and their users"
    ).add_subparsers(dest="agency_command", metavar="SUBCOMMAND", required=True)
    create = agency.add_parser("create", help="create an agency")
    create.add_argument("--code", required=True)
    create.add_argument("--name", required=True)
    create.set_defaults(
        handler=forward(
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
    add_user.set_defaults(handler=forward(_add_user_args))
    listing = agency.add_parser("list", help="list agencies")
    listing.set_defaults(handler=forward(lambda a: ["agency", "list"]))


def _add_calendar(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    calendar = commands.add_parser(
        "calendar", help="holiday arrangements of the installation (all agencies)"
    ).add_subparsers(dest="calendar_command", metavar="SUBCOMMAND", required=True)
    set_year = calendar.add_parser(
        "set-year",
        help="enter one year's holidays and 调休 working days",
        description=SET_YEAR_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    set_year.add_argument("year", metavar="YEAR", help="2008 to next year")
    set_year.add_argument(
        "--holidays", nargs="+", required=True, metavar="DATE|FROM..TO"
    )
    set_year.add_argument("--workdays", nargs="*", default=[], metavar="DATE|FROM..TO")
    set_year.add_argument(
        "--source", required=True, help="the notice cited, e.g. 国办发明电〔2026〕N号"
    )
    set_year.add_argument(
        "--replace-package-year",
        action="store_true",
        help="confirm replacing a year chinese_calendar knows (local arrangement)",
    )
    set_year.add_argument("--user", metavar="USERNAME", help="a staff user to record")
    set_year.set_defaults(handler=forward(_set_year_args))
    listing = calendar.add_parser("list", help="list the years entered")
    listing.set_defaults(handler=forward(lambda a: ["calendar", "list"]))


def _add_ledger(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ledger = commands.add_parser(
        "ledger", help="application ledger import/export"
    ).add_subparsers(dest="ledger_command", metavar="SUBCOMMAND", required=True)
    load = ledger.add_parser(
        "import", help="import FILE.xlsx|FILE.csv, all rows or none"
    )
    load.add_argument("file", metavar="FILE")
    load.add_argument("--agency", required=True, metavar="CODE")
    load.add_argument("--user", metavar="USERNAME")
    load.set_defaults(handler=forward(_import_args))
    dump = ledger.add_parser("export", help="export a year's cases as XLSX (or .csv)")
    dump.add_argument("--agency", required=True, metavar="CODE")
    dump.add_argument("--year", required=True, help="2008 to next year")
    dump.add_argument("-o", "--output", required=True, metavar="FILE")
    dump.set_defaults(
        handler=forward(
            lambda a: [
                "ledger",
                "export",
                "--agency",
                a.agency,
                "--year",
                a.year,
                "-o",
                a.output,
            ]
        )
    )


def _add_stats(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stats = commands.add_parser(
        "stats", help="statistics from the case records"
    ).add_subparsers(dest="stats_command", metavar="SUBCOMMAND", required=True)
    table = stats.add_parser("applications", help="section 三 table as canonical JSON")
    table.add_argument("--agency", required=True, metavar="CODE")
    table.add_argument("--year", required=True, help="2019 to next year")
    table.add_argument("--format", choices=("2019", "2021"))
    table.set_defaults(handler=forward(_stats_args))


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


def _set_year_args(a: argparse.Namespace) -> list[str]:
    args = ["calendar", "set-year", a.year, "--source", a.source]
    args += ["--holidays", *a.holidays]
    if a.workdays:
        args += ["--workdays", *a.workdays]
    if a.replace_package_year:
        args.append("--replace-package-year")
    return args + (["--user", a.user] if a.user else [])


def _stats_args(a: argparse.Namespace) -> list[str]:
    args = ["stats", "applications", "--agency", a.agency, "--year", a.year]
    return args + (["--format", a.format] if a.format else [])


def _remind_args(a: argparse.Namespace) -> list[str]:
    args = ["remind", "--within", str(a.within)]
    return args + (["--agency", a.agency] if a.agency else [])


def forward(
    build: Callable[[argparse.Namespace], list[str]],
) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        return run_django_command(build(args))

    return handler


def setup_django() -> None:
    """Import and set up Django with the back office's settings (idempotent).

    Raises:
        ImproperlyConfigured: for a malformed environment variable.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def run_django_command(argv: list[str]) -> int:
    """Run one management command of the back office; exit code 0, or 2 on error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import DatabaseError

    try:
        setup_django()
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
