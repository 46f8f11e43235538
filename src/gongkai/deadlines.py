"""Statutory periods of the 政府信息公开条例 (2019) counted on the working-day calendar.

Every period here follows process.md §4: the day the period starts is not counted
(开始的当日不计入), counting starts on the next day, and the due date is the last counted
working day. Day 1 is the first working day after the start day, also when the start
day is a rest day: received on 2024-10-03 (国庆), day 1 is 2024-10-08 and day 20 is
2024-11-01. (`chinese_calendar.find_workday(n, d)` agrees only when `d` is a working
day; from a rest day it counts one day too many, process.md §5.) Core functions take
dates as arguments and never ask for today.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from gongkai.calendar import WorkCalendar, check_ranges
from gongkai.errors import InvalidInput

# 条例第三十三条第二款：自收到申请之日起20个工作日内予以答复
REPLY_TERM_WORKDAYS = 20
# 条例第三十三条第二款：延长的期限最长不得超过20个工作日
EXTENSION_WORKDAYS = 20
# 条例第三十条：收到申请之日起7个工作日内一次性告知申请人作出补正
CORRECTION_NOTICE_WORKDAYS = 7
# 国办函〔2020〕109号：自收到收费通知的次日起20个工作日内缴纳费用
FEE_PAYMENT_WORKDAYS = 20
# 条例第二十六条：自该政府信息形成或者变更之日起20个工作日内及时公开
PROACTIVE_PUBLICATION_WORKDAYS = 20
# 条例第三十二条、第三十四条：第三方、其他机关自收到征求意见书之日起15个工作日内提出意见
CONSULTATION_REPLY_WORKDAYS = 15


def reply_due_date(
    received: date,
    *,
    calendar: WorkCalendar,
    corrected: date | None = None,
    pauses: Sequence[tuple[date, date]] = (),
    extended: bool = False,
) -> date:
    """Return the last day to reply to an application (条例第三十条、第三十二条、第三十三条).

    The clock starts on `received`, or afresh on `corrected` (the day the corrected
    application arrived, 第三十条: a restart, not a pause). The start day is not counted;
    working days inside any pause (consultation, fee notice to payment; both ends
    inclusive, 第三十三条第三款) are not counted. The due date is the 20th counted working
    day, the 40th when the term was extended.

    Raises:
        InvalidInput: for a correction before receipt, a reversed pause, or a pause that
            starts before receipt.
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    if corrected is not None and corrected < received:
        raise InvalidInput(
            f"补正收到日期 {corrected.isoformat()} 早于收到申请日期 {received.isoformat()} "
            f"(corrected application {corrected.isoformat()} before receipt "
            f"{received.isoformat()})"
        )
    check_ranges(pauses, "暂停期间 (pause)")
    for first, _last in pauses:
        if first < received:
            raise InvalidInput(
                f"暂停期间开始于 {first.isoformat()}，早于收到申请日期 {received.isoformat()} "
                f"(pause starts {first.isoformat()}, before receipt {received.isoformat()})"
            )
    start = corrected if corrected is not None else received
    term = REPLY_TERM_WORKDAYS + (EXTENSION_WORKDAYS if extended else 0)
    return count_workdays(start, term, calendar, excluded=pauses)


def count_workdays(
    start: date,
    n: int,
    calendar: WorkCalendar,
    *,
    excluded: Sequence[tuple[date, date]] = (),
) -> date:
    """Return the n-th working day after `start` (process.md §4).

    `start` itself is not counted (开始的当日不计入), working day or not: day 1 is the
    first working day after it.

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    return calendar.add_workdays(start, n, excluded=excluded)


def correction_notice_due(received: date, calendar: WorkCalendar) -> date:
    """Return the last day to send the one correction notice (条例第三十条: 7 working days).

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    return count_workdays(received, CORRECTION_NOTICE_WORKDAYS, calendar)


def can_ask_correction(received: date, on: date, calendar: WorkCalendar) -> bool:
    """Tell whether a correction notice sent on `on` is within the 7-working-day window.

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    return received <= on <= correction_notice_due(received, calendar)


def fee_payment_due(notice_received: date, calendar: WorkCalendar) -> date:
    """Return the last day to pay a fee (20 working days from the day after receipt).

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    return count_workdays(notice_received, FEE_PAYMENT_WORKDAYS, calendar)


def proactive_publication_due(
    formed_or_changed_on: date, calendar: WorkCalendar
) -> date:
    """Return the last day to publish proactive information (条例第二十六条: 20 WD).

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    return count_workdays(
        formed_or_changed_on, PROACTIVE_PUBLICATION_WORKDAYS, calendar
    )


def consultation_reply_due(letter_received: date, calendar: WorkCalendar) -> date:
    """Return the last day a consulted third party or agency may answer (15 WD).

    Raises:
        CalendarDataMissing: when the count needs a year nobody has entered.
    """
    return count_workdays(letter_received, CONSULTATION_REPLY_WORKDAYS, calendar)


def workdays_left(due: date, today: date, calendar: WorkCalendar) -> int:
    """Return the working days left until `due`: 0 on the due day, negative once past.

    Before the due day it is the number of working days in (today, due]. After it, it
    is minus the working days in (due, today], and at least -1, so a negative number
    always means overdue (even on the weekend right after the due day).

    Raises:
        CalendarDataMissing: when the span touches a year nobody has entered.
    """
    if today <= due:
        return calendar.workdays_between(today, due)
    return min(-1, -calendar.workdays_between(due, today))
