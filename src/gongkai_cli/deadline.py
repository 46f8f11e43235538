"""`gongkai deadline`: the reply due date of an application (条例第三十条、第三十三条).

Working days come from `chinese_calendar`, plus the holiday arrangements entered in the
back office when the back office is installed and has a database: `DATABASE_URL` is
set, or the embedded SQLite file exists and is migrated. `gongkai_cli.backoffice`
reads them (Django is imported only then), so a machine without Django or without a
database still gets a due date from the package's years.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from datetime import date

from gongkai.calendar import (
    PACKAGE_SOURCE,
    PACKAGE_YEARS,
    WorkCalendar,
    YearArrangement,
    parse_date,
)
from gongkai.deadlines import EXTENSION_WORKDAYS, REPLY_TERM_WORKDAYS, reply_due_date
from gongkai.errors import InvalidInput
from gongkai_cli import backoffice

PACKAGE_SPAN = f"{min(PACKAGE_YEARS)}-{max(PACKAGE_YEARS)}"
DESCRIPTION = f"""\
Print the last day to reply to a disclosure application, YYYY-MM-DD on the first line.
The clock starts on RECEIVED, or on --corrected (the day the corrected application
arrived, 第三十条: counted afresh); that day is not counted; working days inside each
--pause FROM:TO (both inclusive: consultation, fee notice to payment) are not counted;
the due date is the 20th counted working day, the 40th with --extended.

Working days come from the chinese_calendar package ({PACKAGE_SOURCE}: years
{PACKAGE_SPAN}) and, when the back office is installed and has a database
(DATABASE_URL is set, or the embedded SQLite file exists and is migrated), from the
holiday arrangements entered there (`gongkai calendar set-year`); the second line says which were used. A date in a
year nobody has data for is refused (exit 2), never guessed."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "deadline",
        help="reply due date of an application (working days, 条例第三十三条)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("received", metavar="RECEIVED", help="收到申请之日, YYYY-MM-DD")
    parser.add_argument(
        "--corrected",
        metavar="DATE",
        help="收到补正申请之日: the clock restarts from it",
    )
    parser.add_argument(
        "--pause",
        metavar="FROM:TO",
        action="append",
        default=[],
        help="a period not counted (征求意见, 收费通知至缴费), both days inclusive; repeatable",
    )
    parser.add_argument(
        "--extended", action="store_true", help="延长答复期限 (+20 working days)"
    )
    parser.set_defaults(handler=run_deadline)


def run_deadline(args: argparse.Namespace) -> int:
    received = _date(args.received, "RECEIVED")
    corrected = _date(args.corrected, "--corrected") if args.corrected else None
    pauses = [_pause(text) for text in args.pause]
    source = calendar_source()
    due = reply_due_date(
        received,
        calendar=WorkCalendar(source.arrangements),
        corrected=corrected,
        pauses=pauses,
        extended=args.extended,
    )
    print(due.isoformat())
    explained = _explanation(received, corrected, pauses, args.extended, args.lang)
    print(explained + source.describe(args.lang))
    return 0


@dataclass(frozen=True)
class CalendarSource:
    """Where the working days come from: the package, and a database's entered years."""

    database: str | None = None
    arrangements: tuple[YearArrangement, ...] = ()

    def describe(self, lang: str) -> str:
        years = "、".join(str(a.year) for a in self.arrangements) or "—"
        if lang == "en":
            if self.database is None:
                return f"; working days: {PACKAGE_SOURCE} ({PACKAGE_SPAN}) only"
            return (
                f"; working days: {PACKAGE_SOURCE} ({PACKAGE_SPAN}) and the years "
                f"entered in {self.database}: {years}"
            )
        if self.database is None:
            return f"；工作日依据：{PACKAGE_SOURCE}（{PACKAGE_SPAN}年），未使用数据库"
        return (
            f"；工作日依据：{PACKAGE_SOURCE}（{PACKAGE_SPAN}年）及数据库 "
            f"{self.database} 录入的年度：{years}"
        )


def calendar_source() -> CalendarSource:
    """Return the package's calendar, with a back-office database's years if any.

    The database is probed (by `gongkai_cli.backoffice`) only where the back office
    can be imported; elsewhere the package's years are used and the second line says so.

    Raises:
        GongkaiError: for a configured database that cannot be read.
    """
    if not backoffice.installed():
        return CalendarSource()
    found = backoffice.entered_arrangements(os.environ)
    if found is None:
        return CalendarSource()
    return CalendarSource(*found)


def _date(text: str, where: str) -> date:
    try:
        return parse_date(text)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc}") from None


def _pause(text: str) -> tuple[date, date]:
    first, sep, last = text.partition(":")
    if not sep:
        raise InvalidInput(
            f"--pause {text!r}: 应为 FROM:TO，如 2024-10-08:2024-10-15 (expected FROM:TO)"
        )
    return _date(first, f"--pause {text}"), _date(last, f"--pause {text}")


def _explanation(
    received: date,
    corrected: date | None,
    pauses: list[tuple[date, date]],
    extended: bool,
    lang: str,
) -> str:
    n = REPLY_TERM_WORKDAYS + (EXTENSION_WORKDAYS if extended else 0)
    start = corrected or received
    spans = ", ".join(f"{a.isoformat()}:{b.isoformat()}" for a, b in pauses)
    if lang == "en":
        text = f"working day {n} after {start.isoformat()} (that day not counted"
        if corrected:
            text += f"; restarted on the corrected application, received {received}"
        if pauses:
            text += f"; paused {spans}"
        return text + ")"
    text = f"自 {start.isoformat()} 的次日起第{n}个工作日（"
    text += "补正后重新计算" if corrected else "收到当日不计入"
    if pauses:
        text += f"；暂停期间 {spans} 不计入"
    if extended:
        text += "；已延期20个工作日"
    return text + "）"
