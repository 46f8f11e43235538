"""`notify digest [--date D]` writes and sends today's digests (for cron);
`notify send` sends every due message (pending, retries due, stale claims)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai_web.notifications.digest import send_digests
from gongkai_web.outbox.delivery import send_due


class Command(BaseCommand):
    help = "Staff digests and the outbox: `digest` (daily, for cron), `send` (sweep)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        digest = sub.add_parser("digest", help="write and send today's digest per user")
        digest.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
        sub.add_parser("send", help="send every due message of the outbox")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "digest":
            day = self._day(options["date"])
            messages = send_digests(day)
            self.stdout.write(
                f"{len(messages)} 封期限提醒（{day.isoformat()}）"
                f" ({len(messages)} digests for {day.isoformat()})"
            )
        counts = send_due()
        shown = ", ".join(f"{state}: {n}" for state, n in sorted(counts.items()))
        self.stdout.write(f"发件箱 (outbox): {shown or '无待发消息 (nothing due)'}")

    def _day(self, raw: str | None) -> date:
        if not raw:
            return timezone.localdate()
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise CommandError(
                f"--date {raw!r}: expected a date as YYYY-MM-DD"
            ) from None
