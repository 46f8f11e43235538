"""The back-office commands of `gongkai`, forwarded raw to Django management commands.

This is the one module of the command line that sets Django up (DJANGO_SETTINGS_MODULE,
`django.setup()`); it imports Django only when a back-office command runs, so the core
commands run on a machine without it. `COMMANDS` names each back-office command, the
management command of `gongkai_web` it runs and its one-line help for `gongkai --help`;
everything after the command name goes to the management command unparsed, so each
command's arguments, help and choices are declared once, in its `add_arguments`
(`gongkai agency --help` prints them). A CommandError (a bad argument too), a
configuration error or a database error becomes one line `error: …` and exit 2.

It also holds the back-office database probe of `gongkai deadline`: the holiday
arrangements entered with `gongkai calendar set-year`, read only when there is a
back-office database.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sqlite3
import sys
from collections.abc import Mapping
from contextlib import closing, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.calendar import YearArrangement
from gongkai.errors import GongkaiError

SETTINGS = "gongkai_web.settings"
# The table every migrated back-office database has (agencies.CalendarYear).
CALENDAR_TABLE = "agencies_calendaryear"


@dataclass(frozen=True)
class BackOfficeCommand:
    """A `gongkai` command that runs a management command of `gongkai_web`."""

    management: str
    help: str
    leading: tuple[str, ...] = ()  # arguments put before the person's own


COMMANDS = {
    "migrate": BackOfficeCommand(
        "migrate",
        "create or upgrade the database named by DATABASE_URL",
        ("--no-input",),
    ),
    "agency": BackOfficeCommand("agency", "agencies and their users"),
    "admin": BackOfficeCommand(
        "admin", "system administrators (calendar, users, audit log): create"
    ),
    "token": BackOfficeCommand("token", "API tokens of named clients: create, revoke"),
    "calendar": BackOfficeCommand(
        "calendar", "holiday arrangements of the installation (all agencies)"
    ),
    "ledger": BackOfficeCommand("ledger", "application ledger import/export"),
    "stats": BackOfficeCommand("stats", "statistics from the case records"),
    "audit": BackOfficeCommand(
        "audit", "the audit log: `audit verify` checks its hash chain (exit 1: broken)"
    ),
    "remind": BackOfficeCommand("remind", "open cases due within N working days"),
    "notify": BackOfficeCommand(
        "notify", "staff digests (`notify digest`, for cron); send the outbox"
    ),
    "serve": BackOfficeCommand(
        "serve", "serve the back office and the portal (gunicorn)"
    ),
    "worker": BackOfficeCommand(
        "worker", "run a Celery worker for the background jobs (GONGKAI_BROKER_URL)"
    ),
    "beat": BackOfficeCommand(
        "beat", "send the daily jobs to the workers (one beat per installation)"
    ),
    "backup": BackOfficeCommand(
        "backup", "write the database and every stored file to one archive"
    ),
    "restore": BackOfficeCommand(
        "restore", "restore a backup archive into an empty installation"
    ),
    "supervise": BackOfficeCommand(
        "supervise", "a region's annual reports: collect, check, compile (督查)"
    ),
    "report": BackOfficeCommand(
        "report", "an agency's annual report: build, publish, export"
    ),
    "demo": BackOfficeCommand(
        "demo", "load the demo agency `demo` (users per role, records of seed 004)"
    ),
    "demo-web": BackOfficeCommand(
        "demo_web", "migrate, demo agency `demo`, one user per role, demo cases"
    ),
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the back-office commands, for `gongkai --help` (their arguments are not
    parsed here: `gongkai_cli.main` hands them to `run` as `args.forwarded`)."""
    for name, command in COMMANDS.items():
        commands.add_parser(
            name,
            help=command.help,
            description=f"{command.help}; `gongkai {name} --help` for its arguments",
            add_help=False,
        ).set_defaults(handler=run, forwarded=[])


def run(args: argparse.Namespace) -> int:
    command = COMMANDS[args.command]
    return run_management_command(
        args.command, [*command.leading, *args.forwarded], lang=args.lang
    )


def installed() -> bool:
    """Whether the back office can be imported here (Django and `gongkai_web`)."""
    return all(_importable(name) for name in ("django", "gongkai_web"))


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def setup_django() -> None:
    """Import and set up Django with the back office's settings (idempotent).

    Raises:
        ImproperlyConfigured: for a malformed environment variable.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def run_management_command(name: str, argv: list[str], lang: str = "zh") -> int:
    """Run the management command behind `gongkai NAME` with the raw arguments `argv`.

    Returns 0, or 2 after one line `error: …` on stderr. `--help` prints the
    management command's help and exits 0 (SystemExit, as argparse does).
    """
    if not installed():
        print(
            f"error: gongkai {name}: 后台未安装 (the back office is not installed: "
            "Django and gongkai_web cannot be imported)",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management.base import CommandError
    from django.db import DatabaseError

    try:
        setup_django()
        _execute(name, argv, lang)
    except SystemExit as exc:
        # A command's own exit status (`audit verify`: 1 = the chain is broken);
        # 0 is --help, which exits as argparse does.
        if exc.code in (0, None) or not isinstance(exc.code, int):
            raise
        return exc.code
    except CommandError as exc:
        print(f"error: {str(exc).removeprefix('Error: ')}", file=sys.stderr)
        return 2
    except ImproperlyConfigured as exc:
        print(f"error: configuration: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        print(
            f"error: database: {_first_line(exc)} (run `gongkai migrate`?)",
            file=sys.stderr,
        )
        return 2
    return 0


DJANGO_OPTIONS = {
    "--version",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


def _execute(name: str, argv: list[str], lang: str) -> None:
    """Parse `argv` with the management command's own parser and execute it.

    What `call_command` does, with the arguments as typed: system checks skipped,
    output to the current sys.stdout/stderr.
    """
    from django.core.management import get_commands, load_command_class
    from django.core.management.base import BaseCommand, CommandError
    from django.utils import translation

    management = COMMANDS[name].management
    app: Any = get_commands()[management]
    command: BaseCommand = (
        app if isinstance(app, BaseCommand) else load_command_class(app, management)
    )
    # prog "gongkai NAME", so that usage and --help name the command as typed; Django's
    # own options (settings module, Python path, colours …) do nothing useful here and
    # stay out of the help, though still accepted.
    parser = command.create_parser("gongkai", name)
    for action in parser._actions:
        if DJANGO_OPTIONS.intersection(action.option_strings):
            action.help = argparse.SUPPRESS
    try:
        options = vars(parser.parse_args(argv))
    except CommandError as exc:
        problem = str(exc).removeprefix("Error: ")
        raise CommandError(
            f"gongkai {name}: {problem} (gongkai {name} --help)"
        ) from None
    positional = options.pop("args", ())
    options["skip_checks"] = True
    # Chinese is the installation's language (settings.LANGUAGE_CODE) unless --lang en.
    language = translation.override("en") if lang == "en" else nullcontext()
    with language:
        command.execute(*positional, **options)


# --- the back-office database probe of `gongkai deadline` --------------------------


def entered_arrangements(
    environ: Mapping[str, str],
) -> tuple[str, tuple[YearArrangement, ...]] | None:
    """Return the back-office database's name and the years entered in it, or None
    when there is no back-office database.

    Raises:
        GongkaiError: for a configured database that cannot be read.
    """
    database = back_office_database(environ)
    if database is None:
        return None
    return database, tuple(stored_arrangements(database))


def back_office_database(
    environ: Mapping[str, str], embedded: Path | None = None
) -> str | None:
    """Return the name of the back-office database to read, or None when there is none.

    `DATABASE_URL` when it is set; else the embedded SQLite file (`embedded`, by
    default the one `gongkai_web.settings` uses) when it exists and is migrated.
    """
    if environ.get("DATABASE_URL", "").strip():
        return "DATABASE_URL"
    path = embedded if embedded is not None else embedded_sqlite()
    if path is not None and path.is_file() and _is_migrated(path):
        return str(path)
    return None


def embedded_sqlite() -> Path | None:
    """Return the embedded SQLite file of the back office, found without importing it.

    It is `var/gongkai.sqlite3` two levels above the `gongkai_web` package, as in
    `gongkai_web.settings`; None when the back office is not installed.
    """
    spec = importlib.util.find_spec("gongkai_web")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations))).resolve()
    return package.parent.parent / "var" / "gongkai.sqlite3"


def _is_migrated(path: Path) -> bool:
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            found = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (CALENDAR_TABLE,),
            ).fetchone()
    except sqlite3.Error:
        return False
    return found is not None


def stored_arrangements(database: str) -> list[YearArrangement]:
    """Return the years entered in the back office (sets Django up: call it only when
    `back_office_database` found a database).

    Raises:
        GongkaiError: for a database that cannot be read, naming it.
    """
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        setup_django()
        # Imported by name: mypy checks the core and this command line, not the web.
        calendars = importlib.import_module("gongkai_web.agencies.calendars")
        found: list[YearArrangement] = calendars.arrangements()
    except (ImproperlyConfigured, DatabaseError) as exc:
        raise GongkaiError(
            f"{database}: 无法读取节假日安排 (cannot read the holiday arrangements: "
            f"{_first_line(exc)}; run `gongkai migrate`?)"
        ) from None
    return found


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
