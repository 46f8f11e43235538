"""The `gongkai` command, the top layer over the core and the back office.

Core commands (`read`, `eval`, `validate`, `render`, `schema`, `deadline`) are parsed
here and call `gongkai` only: they run on a machine without Django. Back-office
commands (`migrate`, `agency`, `calendar`, `ledger`, `stats`, `remind`, `serve`,
`report`, `demo`, `demo-web`) are listed here with a one-line help and forwarded raw to
their Django management command by `gongkai_cli.backoffice`, the one module that sets
Django up; their arguments are declared once, in the management command.

Every command returns its exit code. An error the core raises on purpose, or a
back-office CommandError, configuration or database error, becomes one line
`error: …` on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gongkai.errors import GongkaiError
from gongkai_cli import backoffice, deadline, reading, report

# Each module has `register(subparsers)`, which adds its commands with a `handler`.
CORE_COMMANDS = (report, deadline, reading)
LANGUAGES = ("zh", "en")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="政府信息公开工作 · government information disclosure",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="zh",
        help="language of messages (default zh)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in CORE_COMMANDS:
        module.register(commands)
    backoffice.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    forwarded = _back_office_command(arguments)
    if forwarded is None:
        args = parser.parse_args(arguments)
    else:
        # The options before the command are checked here; the rest is the
        # management command's to parse (and to explain with --help).
        args = parser.parse_args(arguments[:forwarded] + [arguments[forwarded]])
        args.forwarded = arguments[forwarded + 1 :]
    try:
        code: int = args.handler(args)
    except GongkaiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


def _back_office_command(arguments: list[str]) -> int | None:
    """Return the index of a back-office command name in `arguments`, or None.

    Only the global options (`--lang X`, `--lang=X`) may come before it.
    """
    index = 0
    while index < len(arguments):
        token = arguments[index]
        if token == "--lang":
            index += 2
        elif token.startswith("--lang="):
            index += 1
        else:
            break
    if index < len(arguments) and arguments[index] in backoffice.COMMANDS:
        return index
    return None


if __name__ == "__main__":
    sys.exit(main())
