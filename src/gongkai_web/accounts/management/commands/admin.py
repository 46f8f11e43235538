"""`gongkai admin create USERNAME`: the system administrator of a real installation.

The password is read from standard input with `--password-stdin` (one line), or
generated and printed once. The installation's password validators apply.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.errors import InvalidInput
from gongkai_web.accounts import services


class Command(BaseCommand):
    help = "System administrators of the installation (calendar, users, audit log)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create", help="create a system administrator and print its password once"
        )
        create.add_argument("username")
        create.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            generated = False
        else:
            password, generated = services.new_password(), True
        try:
            services.create_system_admin(username, password)
        except InvalidInput as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"系统管理员 {username} 已创建 (system administrator created)"
        )
        if generated:
            self.stdout.write(
                f"  密码（只显示这一次）/ password (shown once): {password}"
            )
