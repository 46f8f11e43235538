"""The `gongkai` command: one thin edge over the core, one module per group of commands.

Every command returns its exit code. An error the core raises on purpose becomes one
line `error: …` on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from gongkai.errors import GongkaiError

# Each module has `register(subparsers)`, which adds its commands with a `handler`.
COMMAND_MODULES = (
    "gongkai.cli.report",
    "gongkai.cli.deadline",
    "gongkai.cli.web",
    "gongkai.cli.reading",
    "gongkai.cli.annual",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="政府信息公开工作 · government information disclosure",
    )
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of messages (default zh)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except GongkaiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
