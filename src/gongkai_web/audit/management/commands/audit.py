"""`audit verify`: check the hash chain over the audit log.

Exit 0 and the number of rows when the chain is intact; otherwise exit 1 naming the
first row that does not match (changed, inserted, or after a removed one).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai_web.audit.models import AuditLog
from gongkai_web.audit.services import verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="check every row's hash, in id order")

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify_chain()
        if broken is not None:
            row = AuditLog.objects.filter(pk=broken).first()
            when = f"{row.at:%Y-%m-%d %H:%M:%S}" if row is not None else "?"
            self.stderr.write(
                f"审计日志第 #{broken} 条（{when}）与哈希链不符：此后的记录可能被改动、"
                f"删除或插入 (audit row #{broken} breaks the hash chain)"
            )
            sys.exit(1)
        count = AuditLog.objects.count()
        self.stdout.write(
            f"审计日志哈希链完整，共 {count} 条 (chain intact, {count} rows)"
        )
