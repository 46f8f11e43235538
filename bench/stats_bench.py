"""Benchmark: section 三 statistics and the case list on 1,000,000 cases in PostgreSQL.

    DATABASE_URL=postgres://user@127.0.0.1:5432/db .venv/bin/python bench/stats_bench.py

Loads (once; reused on later runs) `--cases` applications with COPY into the database
named by DATABASE_URL, spread over `--agencies` agencies (the first holds half of them)
and received 2019-01-01 … 2024-12-31; then prints

- the time of `applications_table` (one grouped query) for the first agency and
  `--year`, cold and warm (median of 5), checked against the pure reference count on a
  sample agency, and
- the p50/p95 of the case list page (Django test Client, logged in, 50 rows a page):
  the default list (open cases by urgency) and random pages of the list of all cases.

Targets (issue 4): statistics < 2 s, case list p95 < 100 ms. Cases are loaded without
their events (the two measured paths read only the application rows).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

AGENCY_PREFIX = "bench-"
FIRST, LAST = date(2019, 1, 1), date(2024, 12, 31)
TODAY = date(2024, 12, 20)  # the lists are read as on this day
COLUMNS = (
    "agency_id", "tracking_number", "channel", "received", "applicant_type",
    "applicant_name", "id_document", "phone", "email", "address", "content",
    "requested_form", "delivery", "note", "status", "is_open", "outcome", "due_date",
    "reply_date", "fee", "letter_text", "history_start", "created_at", "updated_at",
)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=4)
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("error: DATABASE_URL must name a PostgreSQL database", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    agencies = load(args.cases, args.agencies)
    check_against_reference(agencies[-1], args.year)
    time_statistics(agencies[0], args.year)
    time_case_list(agencies[0], args.requests)
    return 0


def load(cases: int, count: int) -> list[object]:
    """Create the bench agencies and COPY their cases in, unless already there."""
    from django.db import connection

    from gongkai_web.agencies.models import Agency
    from gongkai_web.applications.models import Application

    agencies = [
        Agency.objects.get_or_create(
            code=f"{AGENCY_PREFIX}{i}", defaults={"name": f"基准测试机关{i}"}
        )[0]
        for i in range(count)
    ]
    present = Application.objects.filter(agency__code__startswith=AGENCY_PREFIX).count()
    if present >= cases:
        print(f"reusing {present:,} cases already loaded")
        return agencies
    if present:
        print(
            f"error: {present:,} bench cases present, fewer than --cases; "
            "use an empty database",
            file=sys.stderr,
        )
        sys.exit(2)
    started = time.perf_counter()
    due = due_dates()
    rng = random.Random(20240101)
    weights = [0.5] + [0.5 / (count - 1)] * (count - 1) if count > 1 else [1.0]
    numbers = {a.pk: 0 for a in agencies}
    with connection.cursor() as cursor:
        raw = cursor.connection
        with (
            raw.cursor() as copy_cursor,
            copy_cursor.copy(
                f"COPY applications_application ({', '.join(COLUMNS)}) FROM STDIN"
            ) as copy,
        ):
            for _ in range(cases):
                agency = rng.choices(agencies, weights)[0]
                numbers[agency.pk] += 1
                copy.write_row(case_row(rng, agency.pk, numbers[agency.pk], due))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE applications_application")
    print(f"loaded {cases:,} cases in {time.perf_counter() - started:.1f} s")
    return agencies


def due_dates() -> dict[date, date]:
    from gongkai.calendar import WorkCalendar
    from gongkai.deadlines import reply_due_date

    calendar = WorkCalendar()
    days = (FIRST + timedelta(n) for n in range((LAST - FIRST).days + 1))
    return {day: reply_due_date(day, calendar=calendar) for day in days}


TYPES = ["natural_person"] * 80 + ["commercial"] * 10 + ["research", "social_welfare",
         "legal_service"] * 2 + ["other_org"] * 4  # fmt: skip
OUTCOMES = ["granted"] * 40 + ["partially_granted"] * 10 + ["unable_not_held"] * 20 + [
    "denied_third_party", "denied_process_info", "denied_internal_affairs",
    "not_processed_petition", "not_processed_duplicate", "unable_needs_creation",
    "other_no_correction", "other_misc", "denied_state_secret", "not_processed_excessive",
] * 3  # fmt: skip
CHANNELS = ["in_person", "post", "online", "email", "fax", "ordinary_letter"]


def case_row(
    rng: random.Random, agency: int, number: int, due: dict[date, date]
) -> tuple:
    received = FIRST + timedelta(rng.randrange((LAST - FIRST).days + 1))
    outcome = rng.choice(OUTCOMES)
    replied: date | None = received + timedelta(rng.randrange(1, 45))
    if received > TODAY - timedelta(60) and rng.random() < 0.6 or replied > TODAY:
        replied, outcome = None, ""
    status = (
        "received"
        if replied is None
        else ("closed" if outcome.startswith("other") else "answered")
    )
    now = "2024-12-20 10:00:00+08"
    return (
        agency, f"{received.year}-{number:07d}", rng.choice(CHANNELS), received,
        rng.choice(TYPES), "申请人", "", "", "", "", "某项政府信息", "", "", "", status,
        replied is None, outcome, due[received], replied,
        Decimal(0) if rng.random() < 0.98 else Decimal(100), "", 1, now, now,
    )  # fmt: skip


def check_against_reference(agency: object, year: int) -> None:
    """The database count of a (small) agency equals the pure reference count."""
    from dataclasses import dataclass

    from gongkai.statistics import applications_table as reference
    from gongkai.vocabulary import ApplicantType, Outcome
    from gongkai_web.applications.models import Application
    from gongkai_web.applications.statistics import applications_table

    @dataclass(frozen=True)
    class Counted:
        received: date
        replied: date | None
        outcome: Outcome | None
        applicant_type: ApplicantType

    rows = Application.objects.filter(agency=agency).values_list(
        "received", "reply_date", "outcome", "applicant_type"
    )
    cases = [
        Counted(r, p, Outcome(o) if o else None, ApplicantType(t))
        for r, p, o, t in rows
    ]
    same = applications_table(agency, year) == reference(cases, year)
    print(
        f"check: {agency.code} {year}: database = reference over {len(cases):,} cases: {same}"
    )
    if not same:
        sys.exit(1)


def time_statistics(agency: object, year: int) -> None:
    from gongkai_web.applications.models import Application
    from gongkai_web.applications.statistics import applications_table

    size = Application.objects.filter(agency=agency).count()
    timings = []
    for _ in range(6):
        started = time.perf_counter()
        table = applications_table(agency, year)
        timings.append(time.perf_counter() - started)
    total = table.row("total")[6]
    print(
        f"statistics {agency.code} {year} ({size:,} cases in the agency, {total:,} closed "
        f"in {year}): first {timings[0] * 1000:.0f} ms, median of next 5 "
        f"{statistics.median(timings[1:]) * 1000:.0f} ms (target < 2000 ms)"
    )


def time_case_list(agency: object, requests: int) -> None:
    import time_machine
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gongkai_web.agencies.models import Membership, Role

    setup_test_environment()
    user, _created = get_user_model().objects.get_or_create(username="bench-auditor")
    Membership.objects.get_or_create(user=user, agency=agency, role=Role.AUDITOR)
    client = Client()
    client.force_login(user)
    rng = random.Random(7)
    base = f"/a/{agency.code}/cases/"
    with time_machine.travel(TODAY, tick=True):
        for label, paths in (
            ("open cases by urgency, page 1", [base] * requests),
            (
                "all cases, random page 1-100",
                [
                    f"{base}?state=all&page={rng.randint(1, 100)}"
                    for _ in range(requests)
                ],
            ),
        ):
            client.get(paths[0])  # warm up
            timings = []
            for path in paths:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    sys.exit(f"error: {path}: HTTP {response.status_code}")
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(
                f"case list ({label}): p50 {statistics.median(timings):.1f} ms, "
                f"p95 {p95:.1f} ms over {len(timings)} requests (target p95 < 100 ms)"
            )


if __name__ == "__main__":
    sys.exit(main())
