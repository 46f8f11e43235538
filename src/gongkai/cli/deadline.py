"""`gongkai deadline`: the reply due date of an application (条例第三十条、第三十三条)."""

from __future__ import annotations

import argparse
from datetime import date

from gongkai.calendar import PACKAGE_SOURCE, PACKAGE_YEARS, WorkCalendar, parse_date
from gongkai.deadlines import EXTENSION_WORKDAYS, REPLY_TERM_WORKDAYS, reply_due_date
from gongkai.errors import InvalidInput

DESCRIPTION = f"""\
Print the last day to reply to a disclosure application, YYYY-MM-DD on the first line.
The clock starts on RECEIVED, or on --corrected (the day the corrected application
arrived, 第三十条: counted afresh); that day is not counted; working days inside each
--pause FROM:TO (both inclusive: consultation, fee notice to payment) are not counted;
the due date is the 20th counted working day, the 40th with --extended.

Working days come from the chinese_calendar package only
({PACKAGE_SOURCE}: years {min(PACKAGE_YEARS)}-{max(PACKAGE_YEARS)}); holiday arrangements
entered in the web back office are not read here. A date in a year nobody has data for
is refused (exit 2), never guessed."""


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
    calendar = WorkCalendar()
    due = reply_due_date(
        received,
        calendar=calendar,
        corrected=corrected,
        pauses=pauses,
        extended=args.extended,
    )
    print(due.isoformat())
    print(_explanation(received, corrected, pauses, args.extended, args.lang))
    return 0


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
