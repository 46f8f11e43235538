"""Benchmark supervision (issue 13): a synthetic province collected by the workers.

    .venv/bin/python bench/supervision_bench.py                       # 5,000 × 5
    .venv/bin/python bench/supervision_bench.py --agencies 200 --years 5 --workers 1 2
    .venv/bin/python bench/supervision_bench.py --pg-port 54364       # on PostgreSQL

Builds a province (`bench`, 省) with cities (市) and `--agencies` departments below
them, and for each department and each of `--years` years (from `--first-year`) a
report generated from the official formats with varied numbers that validate (each
agency's series carries over from one year to the next), rendered in turn as text
(Markdown), HTML or DOCX by the project's renderers. A few reports carry seeded
problems: a carried-over figure that does not follow, a row total off by one, a page
with gambling spam, a late publication, a jump in applications, a missing report.
The files go to `--corpus` (kept and reused when the size and seed are the same).

Then, on SQLite in a temporary folder, on `--database-url`, or on a throw-away
PostgreSQL cluster started on `--pg-port` (as `bench/cluster.py` starts one), with a
Redis on `--redis-port` and `gongkai serve` on `--web-port` (all on 127.0.0.1), for
each count in `--workers` (0: in-process, no broker; N: N Celery workers of
concurrency 1), it collects every year through `supervision.collection.start_collection`
(one manifest per year) and prints

    supervision: workers W: F files collected in T s = R reports/s; overview after S s (first page P ms); overview p95 Q ms (p50 M ms, N GETs)

where the overview is the supervisor's region-year page of the last year, fetched
`--requests` times logged in as a supervisor of the province. It exits 1 unless every
report was collected. Bounded: `--timeout` seconds per collection.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from datetime import date
from multiprocessing import Pool
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster import HOST, Browser, _wait, postgres, process  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "seeds"
PROVINCE = "bench"
SUPERVISOR = "bench-supervisor"
FORMATS_BY_TURN = (("md", ".txt"), ("html", ".html"), ("docx", ".docx"))
CITIES = [f"{a}{b}市" for a in "东西南北中" for b in "安宁平和康泰丰华兴盛"]  # 50
DEPARTMENTS = [
    f"{a}{b}"
    for a in ("", "市")
    for b in (
        "教育局 公安局 民政局 司法局 财政局 人力资源和社会保障局 自然资源局 生态环境局 "
        "住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 文化和旅游局 卫生健康委员会 "
        "退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 林业局 "
        "人民防空办公室 信访局 数据资源管理局 体育局 外事办公室 档案局 机关事务管理局 "
        "城市管理局 粮食和物资储备局 地方金融监督管理局 政务服务管理局 气象局 "
        "乡村振兴局 民族宗教事务局 科学技术局 工业和信息化局 发展和改革委员会 "
        "国有资产监督管理委员会 供销合作社 残疾人联合会 红十字会 公共资源交易中心 "
        "住房公积金管理中心 税务局 邮政管理局 烟草专卖局 消防救援支队 交通警察支队"
    ).split()
]  # 100: 50 cities × 100 departments = 5,000 names
SPAM = "足球比分直播 365体育 官方网站 https://www.365bet-vip.com 立即注册送彩金"


# ---------------------------------------------------------------- the corpus


def _templates() -> dict[str, dict[str, Any]]:
    """A clean gold report of each format (seed 001: 2019 format, 004: 2021)."""
    from gongkai.report.codec import load_report, report_to_data

    found = {}
    for stem in ("001_33abec3ff02c02bd", "004_81e88598a220b34a"):
        data = report_to_data(load_report(SEEDS / f"{stem}.gold.json"))
        found[str(data["format"])] = data
    return found


def agency_code(index: int) -> str:
    return f"d{index:05d}"


def agency_name(index: int) -> str:
    return f"{CITIES[index % len(CITIES)]}{DEPARTMENTS[index // len(CITIES) % 100]}"


def _applications(
    spec: Any, rng: random.Random, scale: int, carried: list[int]
) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {row.id: [0] * 7 for row in spec.applications}
    outcomes = [row.id for row in spec.outcome_rows]
    weights = [
        30 if o == "granted" else 8 if o == "partially_granted" else 1 for o in outcomes
    ]
    for column in range(6):
        new = rng.randint(0, scale) if rng.random() < 0.7 else 0
        over = carried[column]
        forward = rng.randint(0, min(2, new + over))
        processed = new + over - forward
        for outcome, count in Counter(
            rng.choices(outcomes, weights, k=processed)
        ).items():
            rows[outcome][column] = count
        rows["new_received"][column] = new
        rows["carried_over"][column] = over
        rows["total"][column] = processed
        rows["carried_forward"][column] = forward
    for cells in rows.values():
        cells[6] = sum(cells[:6])
    return rows


def _proactive(
    template: dict[str, Any], rng: random.Random, before: dict[str, Any] | None
) -> dict[str, Any]:
    table = copy.deepcopy(template)
    for row_id, cells in table.items():
        for column, value in cells.items():
            if isinstance(value, int) and not isinstance(value, bool):
                cells[column] = rng.randint(0, 40)
        if "change" in cells:
            cells["change"] = rng.randint(0, 5)
        if before is not None and "previous_items" in cells and row_id in before:
            earlier = before[row_id]
            cells["previous_items"] = earlier["previous_items"] + earlier["change"]
    return table


def _review(rng: random.Random, scale: int) -> dict[str, list[int]]:
    groups = {}
    for group in (
        "reconsideration",
        "litigation_direct",
        "litigation_after_reconsideration",
    ):
        cells = [
            rng.randint(0, 2) if rng.random() < scale / 60 else 0 for _ in range(4)
        ]
        groups[group] = [*cells, sum(cells)]
    return groups


def agency_series(
    index: int, first_year: int, years: int, seed: int
) -> list[tuple[int, dict[str, Any], str]]:
    """The agency's reports, year by year: (year, report data, seeded problem or "")."""
    from gongkai.report.formats import format_for_year

    templates = _templates()
    rng = random.Random(seed * 1_000_003 + index)
    scale = rng.choice([0, 3, 8, 15, 30, 60, 150])
    carried = [rng.randint(0, 2) for _ in range(6)]
    before: dict[str, Any] | None = None
    series = []
    for offset in range(years):
        year = first_year + offset
        fmt = format_for_year(year).value
        template = templates[fmt]
        problem = _problem(index, offset)
        if problem == "missing":
            continue
        jump = 8 if problem == "yoy_jump" else 1
        applications = _applications(
            _spec(fmt), rng, max(scale, 10) * jump if jump > 1 else scale, carried
        )
        if problem == "carry_over":  # does not follow last year's carried_forward
            for row in ("carried_over", "total", "granted"):
                applications[row][0] += 1
                applications[row][6] += 1
        if problem == "row_total":
            applications["granted"][6] += 1
        carried = applications["carried_forward"][:6]
        same_format = before is not None and before.get("_format") == fmt
        proactive = _proactive(
            template["proactive"], rng, before if same_format else None
        )
        before = proactive | {"_format": fmt}
        name = agency_name(index)
        published = (
            date(year + 1, 3, 5)
            if problem == "late"
            else date(year + 1, 1, rng.randint(5, 28))
        )
        data = {
            "agency": name,
            "year": year,
            "format": fmt,
            "title": f"{name}{year}年政府信息公开工作年度报告",
            "published_on": published.isoformat(),
            "scope": "agency",
            "sections": {
                "1": f"{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
                "持续做好政府信息公开工作。",
                "5": "主要问题是公开内容的及时性还需提高，下一步将加强培训。",
                "6": "无其他需要报告的事项。",
            },
            "proactive": proactive,
            "applications": applications,
            "review_litigation": _review(rng, scale),
        }
        series.append((year, data, problem))
    return series


def _spec(fmt: str) -> Any:
    from gongkai.report.formats import FORMATS

    return FORMATS[fmt]  # type: ignore[index]


def _problem(index: int, offset: int) -> str:
    """The seeded problem of an agency-year, if any: a few per thousand agencies."""
    seeded = {
        1: ("carry_over", 2),
        2: ("row_total", 1),
        3: ("tampered", 0),
        4: ("late", 1),
        5: ("yoy_jump", 3),
        6: ("missing", 4),
    }
    found = seeded.get(index % 997)
    return found[0] if found and found[1] == offset else ""


def render_agency(
    job: tuple[int, int, int, int, str],
) -> list[tuple[int, str, str, str]]:
    """Write the agency's files; return (year, code, relative path, published_on)."""
    from gongkai.render import render
    from gongkai.report.codec import report_from_data

    index, first_year, years, seed, folder = job
    rows = []
    code = agency_code(index)
    for year, data, problem in agency_series(index, first_year, years, seed):
        turn = (index + year) % 3 if problem != "tampered" else index % 2
        to, suffix = FORMATS_BY_TURN[turn]
        body = render(report_from_data(data, code), to)
        if problem == "tampered":  # spam injected into the published page
            body = (
                body.replace(b"</h1>", f"</h1>\n<p>{SPAM}</p>".encode())
                if to == "html"
                else body + f"\n{SPAM}\n".encode()
            )
        relative = f"{year}/{code}_{year}{suffix}"
        (Path(folder) / relative).write_bytes(body)
        rows.append((year, code, relative, data["published_on"]))
    return rows


def build_corpus(args: argparse.Namespace) -> tuple[Path, dict[int, int], Counter[str]]:
    """Write (or reuse) the corpus; return its folder, files per year and per kind."""
    folder = Path(args.corpus)
    stamp = folder / "corpus.json"
    wanted = {
        "agencies": args.agencies,
        "years": args.years,
        "first_year": args.first_year,
        "seed": args.seed,
    }
    if stamp.exists() and json.loads(stamp.read_text())["size"] == wanted:
        counts = json.loads(stamp.read_text())
        return (
            folder,
            {int(k): v for k, v in counts["per_year"].items()},
            Counter(counts["kinds"]),
        )
    shutil.rmtree(folder, ignore_errors=True)
    for offset in range(args.years):
        (folder / str(args.first_year + offset)).mkdir(parents=True)
    jobs = [
        (i, args.first_year, args.years, args.seed, str(folder))
        for i in range(args.agencies)
    ]
    manifests: dict[int, list[tuple[str, str, str]]] = {}
    started = time.monotonic()
    with Pool(args.jobs) as pool:
        for rows in pool.imap_unordered(render_agency, jobs, chunksize=8):
            for year, code, relative, published in rows:
                manifests.setdefault(year, []).append((code, relative, published))
    for year, rows in manifests.items():
        with open(
            folder / f"manifest_{year}.csv", "w", newline="", encoding="utf-8"
        ) as out:
            writer = csv.writer(out)
            writer.writerow(["agency_code", "path_or_url", "published_on"])
            writer.writerows(sorted(rows))
    kinds = Counter(Path(r[1]).suffix for rows in manifests.values() for r in rows)
    per_year = {year: len(rows) for year, rows in manifests.items()}
    stamp.write_text(json.dumps({"size": wanted, "per_year": per_year, "kinds": kinds}))
    print(
        f"corpus: {sum(per_year.values())} files ({dict(sorted(kinds.items()))}) "
        f"written in {time.monotonic() - started:.0f} s to {folder}",
        flush=True,
    )
    return folder, per_year, kinds


def hierarchy_csv(path: Path, agencies: int) -> None:
    cities = min(len(CITIES), max(1, agencies // 100))
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "name", "parent_code", "level", "division_code"])
        writer.writerow([PROVINCE, "示范省人民政府", "", "省", "990000"])
        for c in range(cities):
            writer.writerow(
                [
                    f"c{c:02d}",
                    CITIES[c] + "人民政府",
                    PROVINCE,
                    "市",
                    f"99{c + 1:02d}00",
                ]
            )
        for i in range(agencies):
            writer.writerow(
                [agency_code(i), agency_name(i), f"c{i % cities:02d}", "部门", ""]
            )


# ---------------------------------------------------------------- the run


def set_up_django(
    args: argparse.Namespace, stack: ExitStack, folder: Path
) -> dict[str, str]:
    database = args.database_url
    if args.pg_port and not database:
        database = stack.enter_context(postgres(args.pg_port, folder))
    if not database:
        database = f"sqlite:///{folder / 'bench.sqlite3'}"
    env = {
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "DATABASE_URL": database,
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_ALLOWED_HOSTS": HOST,
        "GONGKAI_MEDIA_ROOT": str(folder / "media"),
        "GONGKAI_STATIC_ROOT": str(folder / "static"),
        "GONGKAI_JOB_RETRY_SECONDS": "1",
        "GONGKAI_LOG_LEVEL": "WARNING",
    }
    if any(args.workers):
        if shutil.which("redis-server") is None:
            raise SystemExit("error: redis-server is not installed")
        stack.enter_context(
            process(
                ["redis-server", "--port", str(args.redis_port), "--bind", HOST,
                 "--save", "", "--appendonly", "no", "--dir", str(folder)],
                dict(os.environ),
                folder / "redis.log",
            )
        )  # fmt: skip
        env["GONGKAI_BROKER_URL"] = f"redis://{HOST}:{args.redis_port}/0"
    os.environ.update(env)
    import django

    django.setup()
    return dict(os.environ)


def prepare(folder: Path, args: argparse.Namespace) -> str:
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    hierarchy_csv(folder / "hierarchy.csv", args.agencies)
    call_command(
        "agency", "import", str(folder / "hierarchy.csv"), stdout=open(os.devnull, "w")
    )
    password = secrets.token_urlsafe(16)
    call_command(
        "supervise", "add-supervisor", "--region", PROVINCE, "--username", SUPERVISOR,
        "--password", password, stdout=open(os.devnull, "w"),
    )  # fmt: skip
    call_command("collectstatic", "--no-input", verbosity=0)
    return password


def reset() -> None:
    from gongkai_web.jobs.models import Job
    from gongkai_web.supervision import models

    models.CollectedReport.objects.all().delete()
    if hasattr(models, "AgencyYearCheck"):
        models.AgencyYearCheck.objects.all().delete()
    Job.objects.filter(kind__startswith="supervision.").delete()


def collect_all(
    corpus: Path, per_year: dict[int, int], timeout: float
) -> tuple[int, float]:
    """Start one collection per year, wait for all; return (collected, seconds)."""
    from gongkai_web.jobs.models import Job
    from gongkai_web.supervision.collection import collection_status, start_collection

    started = time.monotonic()
    jobs = [
        start_collection(PROVINCE, year, manifest=corpus / f"manifest_{year}.csv")
        for year in sorted(per_year)
    ]
    deadline = started + timeout
    while True:
        states = [collection_status(Job.objects.get(pk=job.pk)) for job in jobs]
        if all(s["state"] in ("done", "failed") for s in states):
            break
        if time.monotonic() > deadline:
            raise SystemExit(
                f"error: collection not done after {timeout:g} s: {states}"
            )
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    for state in states:
        for problem in state["problems"][:5]:
            print(f"  problem: {problem}", flush=True)
    return sum(s["collected"] for s in states), elapsed


def overview_times(port: int, password: str, year: int, count: int) -> list[float]:
    browser = Browser(port, HOST)
    browser.request("GET", "/login/")
    status, _, _ = browser.form(
        "/login/", {"username": SUPERVISOR, "password": password}
    )
    if status != 302:
        raise SystemExit(f"error: the supervisor could not log in ({status})")
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, _, page = browser.request("GET", f"/s/{PROVINCE}/{year}/")
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"error: overview answered {status}: {page[:200]}")
    return times


def _answers(port: int) -> bool:
    try:
        status, _, _ = Browser(port, HOST).request("GET", "/login/")
        return status == 200
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--first-year", type=int, default=2020)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--requests", type=int, default=50, help="overview GETs")
    parser.add_argument("--database-url", help="postgres://… (default: SQLite)")
    parser.add_argument(
        "--pg-port", type=int, help="start a throw-away PostgreSQL here"
    )
    parser.add_argument("--redis-port", type=int, default=6394)
    parser.add_argument("--web-port", type=int, default=8141)
    parser.add_argument("--corpus", default=str(REPO / "var" / "supervision-corpus"))
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="render processes"
    )
    parser.add_argument("--timeout", type=float, default=7200)
    args = parser.parse_args(argv)
    # Stopped by a signal (also when started in the background, where SIGINT is
    # ignored), the services started are stopped too, on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if args.agencies < 1 or args.years < 1 or args.first_year < 2019:
        parser.error("--agencies and --years must be at least 1, --first-year ≥ 2019")
    if 0 in args.workers and any(args.workers):
        parser.error("--workers 0 (in-process, no broker) cannot be mixed with workers")
    corpus, per_year, kinds = build_corpus(args)
    files = sum(per_year.values())
    print(
        f"supervision: {args.agencies} agencies × {args.years} years = {files} files "
        f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})",
        flush=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="gongkai-supbench-"))
    failed = False
    try:
        with ExitStack() as stack:
            env = set_up_django(args, stack, folder)
            password = prepare(folder, args)
            engine = "postgresql" if "postgres" in env["DATABASE_URL"] else "sqlite"
            django = [sys.executable, "-m", "django"]
            stack.enter_context(
                process(
                    [*django, "serve", "--host", HOST, "--port", str(args.web_port),
                     "--workers", "2", "--threads", "2", "--skip-collectstatic"],
                    env, folder / "web.log",
                )
            )  # fmt: skip
            _wait(lambda: _answers(args.web_port), "the web server")
            for workers in args.workers:
                reset()
                with ExitStack() as pool:
                    for n in range(workers):
                        pool.enter_context(
                            process(
                                [*django, "worker", "--concurrency", "1", "--hostname",
                                 f"supbench{n}@%h", "--loglevel", "WARNING"],
                                env, folder / f"worker{workers}-{n}.log",
                            )
                        )  # fmt: skip
                    collected, seconds = collect_all(corpus, per_year, args.timeout)
                first = overview_times(args.web_port, password, max(per_year), 1)[0]
                times = overview_times(
                    args.web_port, password, max(per_year), args.requests
                )
                p95 = (
                    statistics.quantiles(times, n=20)[-1]
                    if len(times) > 1
                    else times[0]
                )
                print(
                    f"supervision: workers {workers} ({engine}): {collected} of {files} "
                    f"files collected in {seconds:.1f} s = {collected / seconds:.1f} "
                    f"reports/s; overview after {seconds + first / 1000:.1f} s (first "
                    f"page {first:.0f} ms); overview p95 {p95:.0f} ms (p50 "
                    f"{statistics.median(times):.0f} ms, {len(times)} GETs)",
                    flush=True,
                )
                failed = failed or collected != files
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
