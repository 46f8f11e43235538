"""A measured multi-node run: two web nodes and two job workers on one PostgreSQL.

    .venv/bin/python bench/cluster.py --users 50 --seconds 60

Starts, on loopback only and in a temporary directory, a throw-away PostgreSQL, a
Redis, two web nodes (`gongkai serve`: gunicorn) on different ports and two Celery
workers (`gongkai worker`); loads the demo agency; then N simulated people use both
nodes for S seconds: the portal's pages, catalog search, the published report, applying
(form, receipt, then a status look-up with the receipt's code), and staff — logged in —
listing their cases and importing small ledgers (background jobs). Each person waits
`--think` seconds (± 50 %) between actions, and 3 s on the application form, as the
portal refuses forms sent faster than a person can fill them.

The portal allows one submission per client address a minute. Every simulated
applicant therefore sends from its own loopback address (127.10.x.y: Linux routes all of
127.0.0.0/8 to the loopback device), so the throttle sees different clients, as it
would in production; nothing in the portal is switched off for the run.

Afterwards it checks the database: every accepted submission (a receipt was shown)
exists exactly once, tracking numbers are unique, every ledger row exists once, every
job is done and done exactly once (one ledger-import batch per import job, though each
import job is delivered twice to the workers; one reminder per agency, though the daily
reminder is sent twice). Its last line is

    cluster: <requests> requests, p50 <ms> ms, p95 <ms> ms, p99 <ms> ms, <n> errors, lost <n>, duplicated <n>

and it exits 1 unless errors, lost and duplicated are all 0. Bounded: --seconds of
load, at most --max-requests requests, 30 s per request, 120 s for the jobs to drain.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
AGENCY = "demo"
STAFF_USER = "bench-registrar"
TIMEOUT = 30.0
PORTAL_KINDS = ("portal", "catalog", "report", "status")
SEARCH_WORDS = ["预算", "规划", "人民防空", "通知", "2021", "公开", "工程", "决算"]


# ---------------------------------------------------------------- the services


def _run(cmd: list[str], env: dict[str, str] | None = None, **kw: object) -> None:
    subprocess.run(cmd, check=True, env=env, cwd=REPO, **kw)  # type: ignore[call-overload]


def _wait(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"error: timed out waiting for {what}")


@contextmanager
def postgres(port: int, folder: Path) -> Iterator[str]:
    """A throw-away cluster like scripts/test-postgres.sh; yield its DATABASE_URL."""
    bins = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name
    )
    if not bins:
        raise SystemExit(
            "error: PostgreSQL is not installed (apt-get install postgresql)"
        )
    bindir = bins[-1]
    data = Path(
        tempfile.mkdtemp(prefix="gongkai-cluster-pg-")
    )  # postgres must enter it
    as_pg: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    _run(
        [
            *as_pg,
            str(bindir / "initdb"),
            "-D",
            str(data / "db"),
            "-U",
            "gongkai",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        stdout=subprocess.DEVNULL,
    )
    options = f"-c listen_addresses={HOST} -p {port} -k {data} -c fsync=off -c max_connections=200"
    _run(
        [
            *as_pg,
            str(bindir / "pg_ctl"),
            "-D",
            str(data / "db"),
            "-l",
            str(data / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        _run(
            [
                str(bindir / "createdb"),
                "-h",
                HOST,
                "-p",
                str(port),
                "-U",
                "gongkai",
                "gongkai",
            ]
        )
        yield f"postgres://gongkai@{HOST}:{port}/gongkai"
    finally:
        subprocess.run(
            [
                *as_pg,
                str(bindir / "pg_ctl"),
                "-D",
                str(data / "db"),
                "-m",
                "fast",
                "stop",
            ],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(data, ignore_errors=True)


@contextmanager
def process(
    cmd: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("GET", "/portal/")
        return conn.getresponse().status == 200
    except OSError:
        return False


@dataclass
class Cluster:
    env: dict[str, str]
    web_ports: list[int]
    password: str


def start(stack: ExitStack, args: argparse.Namespace, folder: Path) -> Cluster:
    """Start PostgreSQL, Redis, load the demo, two gunicorn nodes and two workers."""
    if shutil.which("redis-server") is None:
        raise SystemExit(
            "error: redis-server is not installed (apt-get install redis-server)"
        )
    database = stack.enter_context(postgres(args.pg_port, folder))
    broker = f"redis://{HOST}:{args.redis_port}/0"
    stack.enter_context(
        process(
            [
                "redis-server",
                "--port",
                str(args.redis_port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            dict(os.environ),
            folder / "redis.log",
        )
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "DATABASE_URL": database,
        "GONGKAI_BROKER_URL": broker,
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_ALLOWED_HOSTS": HOST,
        "GONGKAI_MEDIA_ROOT": str(folder / "media"),
        "GONGKAI_STATIC_ROOT": str(folder / "static"),
        "GONGKAI_JOB_RETRY_SECONDS": "2",
    }
    password = secrets.token_urlsafe(16)
    django = [sys.executable, "-m", "django"]
    _run([*django, "migrate", "--no-input", "-v", "0"], env)
    _run([*django, "demo", "--no-migrate"], env, stdout=subprocess.DEVNULL)
    _run(
        [
            *django,
            "agency",
            "add-user",
            "--code",
            AGENCY,
            "--username",
            STAFF_USER,
            "--role",
            "registrar",
            "--password",
            password,
        ],
        env,
        stdout=subprocess.DEVNULL,
    )
    _run([*django, "collectstatic", "--no-input", "-v", "0"], env)
    for n, port in enumerate(args.web_ports):  # `gongkai serve`: gunicorn, gthread
        stack.enter_context(
            process(
                [
                    *django,
                    "serve",
                    "--host",
                    HOST,
                    "--port",
                    str(port),
                    "--workers",
                    str(args.web_workers),
                    "--threads",
                    str(args.web_threads),
                    "--skip-collectstatic",
                ],
                env,
                folder / f"web{n}.log",
            )
        )
    for n in range(2):
        stack.enter_context(
            process(
                [
                    *django,
                    "worker",
                    "--concurrency",
                    "1",
                    "--hostname",
                    f"bench{n}@%h",
                    "--loglevel",
                    "WARNING",
                ],
                env,
                folder / f"worker{n}.log",
            )
        )
    for port in args.web_ports:
        _wait(lambda p=port: _answers(p), f"the web node on {port}")
    return Cluster(env, list(args.web_ports), password)


# ---------------------------------------------------------------- the client


class Browser:
    """One person's browser: cookies, a loopback source address, one node."""

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, dict[str, str], str]:
        headers = {
            "Host": HOST,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = content_type
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        conn = http.client.HTTPConnection(
            HOST, self.port, timeout=TIMEOUT, source_address=(self.address, 0)
        )
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                text,
            )
        finally:
            conn.close()

    def form(
        self, path: str, fields: dict[str, str]
    ) -> tuple[int, dict[str, str], str]:
        fields = fields | {"csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request(
            "POST",
            path,
            urlencode(fields).encode(),
            "application/x-www-form-urlencoded",
        )


def why(page: str) -> str:
    """The form errors or alert of a refused page, else its start."""
    found = re.findall(
        r'class="errorlist[^"]*"[^>]*>(.*?)</ul>|role="alert"[^>]*>(.*?)</', page, re.S
    )
    text = " ".join(a or b for a, b in found) or page[:120]
    return re.sub(r"<[^>]+>|\s+", " ", text).strip()[:200]


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return found.group(1) if found else ""


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    accepted: list[tuple[str, str]] = field(default_factory=list)  # (marker, tracking)
    imports: list[tuple[int, list[str]]] = field(default_factory=list)  # (job, numbers)
    requests: int = 0

    def count(self) -> int:
        with self.lock:
            return self.requests


class Person:
    """One simulated user: a member of the public, or staff (logged in)."""

    def __init__(
        self,
        n: int,
        cluster: Cluster,
        results: Results,
        args: argparse.Namespace,
        addresses: Iterator[str],
    ) -> None:
        self.n, self.cluster, self.results, self.args = n, cluster, results, args
        self.port = cluster.web_ports[n % len(cluster.web_ports)]
        self.browser = Browser(self.port, f"127.20.{n // 250}.{n % 250 + 1}")
        self.addresses, self.random = addresses, random.Random(n)
        self.receipts: list[tuple[str, str]] = []
        self.imports = 0

    def call(
        self,
        kind: str,
        method: str,
        path: str,
        expect: tuple[int, ...] = (200,),
        browser: Browser | None = None,
        fields: dict[str, str] | None = None,
        body: bytes | None = None,
        content_type: str = "",
    ) -> tuple[int, dict[str, str], str]:
        browser = browser or self.browser
        started = time.perf_counter()
        try:
            if fields is not None:
                status, headers, text = browser.form(path, fields)
            else:
                status, headers, text = browser.request(
                    method, path, body, content_type
                )
        except OSError as exc:
            status, headers, text = 0, {}, str(exc)
        elapsed = (time.perf_counter() - started) * 1000
        with self.results.lock:
            self.results.requests += 1
            self.results.times[kind].append(elapsed)
            if status not in expect:
                self.results.errors.append(
                    f"{method} {path} on :{browser.port}: {status} {why(text)}"
                )
        return status, headers, text

    def pause(self, seconds: float) -> None:
        time.sleep(seconds * self.random.uniform(0.5, 1.5))

    def run(self, until: float) -> None:
        staff = self.n % 5 == 0
        if staff and not self.login():
            return
        while (
            time.monotonic() < until and self.results.count() < self.args.max_requests
        ):
            self.staff_action() if staff else self.public_action(until)
            self.pause(self.args.think)

    def login(self) -> bool:
        self.call("staff", "GET", "/login/")
        status, _, _ = self.call(
            "staff",
            "POST",
            "/login/",
            (302,),
            fields={"username": STAFF_USER, "password": self.cluster.password},
        )
        return status == 302

    def staff_action(self) -> None:
        roll = self.random.random()
        base = f"/a/{AGENCY}"
        if roll < 0.05 and self.imports < 2:
            self.import_ledger()
        elif roll < 0.55:
            state = self.random.choice(["open", "overdue", "near", "all"])
            self.call("staff", "GET", f"{base}/cases/?state={state}")
        elif roll < 0.7:
            self.call("staff", "GET", f"{base}/cases/?state=all&q=bench")
        elif roll < 0.85:
            self.call("staff", "GET", f"{base}/")
        else:
            self.call("staff", "GET", f"{base}/jobs/")

    def public_action(self, until: float) -> None:
        roll, base = self.random.random(), f"/portal/{AGENCY}"
        if roll < 0.15 and time.monotonic() + 5 < until:
            self.apply()
        elif roll < 0.25 and self.receipts:
            self.look_up(*self.random.choice(self.receipts))
        elif roll < 0.45:
            self.call("portal", "GET", self.random.choice(["/portal/", f"{base}/"]))
        elif roll < 0.7:
            word = self.random.choice(SEARCH_WORDS)
            self.call("catalog", "GET", f"{base}/catalog/?q={quote(word)}")
        else:
            self.call(
                "report",
                "GET",
                self.random.choice([f"{base}/reports/", f"{base}/reports/2021/"]),
            )

    def apply(self) -> None:
        """Fill in the form from a new address and session; read the receipt."""
        path = f"/portal/{AGENCY}/apply/"
        browser = Browser(self.port, next(self.addresses))
        status, _, page = self.call("apply", "GET", path, browser=browser)
        if status != 200:
            return
        time.sleep(3.2)  # the portal refuses a form sent faster than a person types
        marker = f"bench-{uuid.uuid4().hex}"
        status, headers, _ = self.call(
            "apply",
            "POST",
            path,
            (302,),
            browser=browser,
            fields={
                "applicant_type": "natural_person",
                "applicant_name": "压测申请人",
                "id_document": "110101199001011234",
                "phone": "13800000000",
                "email": "",
                "address": "示范路1号",
                "content": f"请公开某项目的批复文件 {marker}",
                "requested_form": "paper",
                "delivery": "post",
                "affirm": "on",
                "website": "",
                "started": hidden(page, "started"),
            },
        )
        if status != 302:
            return
        _, _, receipt = self.call(
            "apply", "GET", headers.get("location", ""), browser=browser
        )
        number = re.search(r'id="tracking-number" class="code">([^<]+)<', receipt)
        code = re.search(r'id="verification-code" class="code">([^<]+)<', receipt)
        if number is None or code is None:
            with self.results.lock:
                self.results.errors.append(
                    f"receipt without number or code: {receipt[:120]!r}"
                )
            return
        with self.results.lock:
            self.results.accepted.append((marker, number.group(1)))
        self.receipts.append((number.group(1), code.group(1)))

    def look_up(self, number: str, code: str) -> None:
        path = f"/portal/{AGENCY}/status/"
        self.call("status", "GET", path)
        _, _, page = self.call(
            "status", "POST", path, fields={"tracking_number": number, "code": code}
        )
        if 'id="status-result"' not in page:
            with self.results.lock:
                self.results.errors.append(f"status look-up of {number} found nothing")

    def import_ledger(self) -> None:
        self.imports += 1
        numbers = [f"BENCH-{self.n}-{self.imports}-{row}" for row in range(20)]
        header = (
            "编号,收到日期,申请人类型,申请人,申请内容,渠道,补正告知日期,补正收到日期,"
            "征求意见开始,征求意见结束,延期,答复日期,办理结果,收费金额,备注"
        )
        rows = [
            f"{num},2024-03-01,自然人,台账申请人,台账内容,当面,,,,,否,2024-03-20,予以公开,,"
            for num in numbers
        ]
        csv = ("\n".join([header, *rows]) + "\n").encode("utf-8")
        path = f"/a/{AGENCY}/ledger/"
        self.call("staff", "GET", path)
        boundary = uuid.uuid4().hex
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{self.browser.cookies.get('csrftoken', '')}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="bench-{self.n}-{self.imports}.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
                csv,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        status, headers, _ = self.call(
            "staff",
            "POST",
            path,
            (302,),
            body=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        job = re.search(r"\?job=(\d+)", headers.get("location", ""))
        if status == 302 and job:
            with self.results.lock:
                self.results.imports.append((int(job.group(1)), numbers))


def source_addresses() -> Iterator[str]:
    lock, n = threading.Lock(), 0
    while True:
        with lock:
            n += 1
            yield f"127.10.{n // 250}.{n % 250 + 1}"


class Locked:
    """A thread-safe iterator over a generator."""

    def __init__(self, source: Iterator[str]) -> None:
        self.source, self.lock = source, threading.Lock()

    def __iter__(self) -> Locked:
        return self

    def __next__(self) -> str:
        with self.lock:
            return next(self.source)


# ---------------------------------------------------------------- the checks


def setup_django(cluster: Cluster) -> int:
    """Set Django up on the cluster's database; return the ledger batches before the run."""
    os.environ.update(cluster.env)
    import django

    django.setup()
    from gongkai_web.applications.models import LedgerImport

    return LedgerImport.objects.count()


def check_database(results: Results, batches_before: int) -> tuple[int, int, list[str]]:
    """Return (lost, duplicated, problems) after the jobs have drained."""
    from django.db.models import Count

    from gongkai_web.agencies.models import Agency
    from gongkai_web.applications.models import Application, LedgerImport
    from gongkai_web.jobs.celery_app import run_job
    from gongkai_web.jobs.models import OPEN_STATES, Job, JobState

    agency = Agency.objects.get(code=AGENCY)
    for job_id, _ in results.imports:  # a second delivery of every import job
        run_job.apply_async((job_id,))
    _wait(
        lambda: not Job.objects.filter(state__in=OPEN_STATES).exists(), "the jobs", 120
    )
    time.sleep(2)  # the second deliveries are skipped meanwhile
    lost = duplicated = 0
    problems: list[str] = []
    for marker, number in results.accepted:
        found = list(
            Application.objects.filter(
                agency=agency, content__endswith=marker
            ).values_list("tracking_number", flat=True)
        )
        lost += not found
        duplicated += max(len(found) - 1, 0)
        if found and found[0] != number:
            problems.append(f"{marker}: receipt said {number}, database has {found[0]}")
    same = (
        Application.objects.values("agency", "tracking_number")
        .order_by()
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    duplicated += sum(row["n"] - 1 for row in same)
    for job_id, numbers in results.imports:
        job = Job.objects.get(pk=job_id)
        if job.state != JobState.DONE:
            problems.append(f"import job {job_id}: {job.state} {job.error}")
            lost += 1
            continue
        rows = Application.objects.filter(
            agency=agency, tracking_number__in=numbers
        ).count()
        lost += len(numbers) - rows if rows < len(numbers) else 0
    batches = LedgerImport.objects.count() - batches_before
    imports = Job.objects.filter(
        kind="applications.import_ledger", state=JobState.DONE
    ).count()
    duplicated += max(batches - imports, 0)
    lost += max(imports - batches, 0)
    reminders = Job.objects.filter(kind="applications.remind")
    duplicated += max(reminders.count() - Agency.objects.count(), 0)
    lost += reminders.exclude(state=JobState.DONE).count()
    failed = Job.objects.filter(state=JobState.FAILED)
    problems += [f"job {j.pk} {j.kind} failed: {j.error}" for j in failed]
    problems.append(
        f"checked {len(results.accepted)} submissions, {len(results.imports)} ledger imports "
        f"(each delivered twice), {reminders.count()} reminder jobs (daily sent twice)"
    )
    return lost, duplicated, problems


def send_daily_twice(cluster: Cluster) -> None:
    """What two beats would do: send the daily reminder twice (one job per agency)."""
    code = (
        "from gongkai_web.jobs.celery_app import run_daily;"
        "[run_daily.delay('applications.remind') for _ in range(2)]"
    )
    _run(
        [sys.executable, "-m", "django", "shell", "-c", code],
        cluster.env,
        stdout=subprocess.DEVNULL,
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds between actions"
    )
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--web-ports", type=int, nargs=2, default=[8111, 8112])
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--web-threads", type=int, default=4)
    parser.add_argument("--pg-port", type=int, default=54334)
    parser.add_argument("--redis-port", type=int, default=6393)
    parser.add_argument("--keep", action="store_true", help="keep the logs folder")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 1000 and 1 <= args.seconds <= 3600):
        parser.error("--users 1..1000 and --seconds 1..3600")
    folder = Path(tempfile.mkdtemp(prefix="gongkai-cluster-"))
    results = Results()
    with ExitStack() as stack:
        try:
            cluster = start(stack, args, folder)
        except subprocess.CalledProcessError as exc:
            print(
                f"error: {' '.join(map(str, exc.cmd))[:200]}: exit {exc.returncode} "
                f"(logs {folder})",
                file=sys.stderr,
            )
            return 2
        print(
            f"cluster: 2 nodes {args.web_ports}, 2 workers, PostgreSQL :{args.pg_port}, "
            f"Redis :{args.redis_port}; {args.users} users for {args.seconds:g} s "
            f"(logs {folder})",
            file=sys.stderr,
        )
        batches_before = setup_django(cluster)
        send_daily_twice(cluster)
        addresses = Locked(source_addresses())
        until = time.monotonic() + args.seconds
        people = [
            Person(n, cluster, results, args, addresses) for n in range(args.users)
        ]
        threads = [
            threading.Thread(target=p.run, args=(until,), daemon=True) for p in people
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 2 * TIMEOUT + 10)
        lost, duplicated, problems = check_database(results, batches_before)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    every = [t for times in results.times.values() for t in times]
    for kind, times in sorted(results.times.items()):
        print(
            f"  {kind:8} {len(times):6} requests, p50 {percentile(times, 50):6.0f} ms, "
            f"p95 {percentile(times, 95):6.0f} ms, p99 {percentile(times, 99):6.0f} ms"
        )
    portal = [t for k in PORTAL_KINDS for t in results.times.get(k, [])]
    print(
        f"  portal pages (portal, catalog, report, status): p95 {percentile(portal, 95):.0f} ms"
    )
    for line in results.errors[:10] + problems:
        print(f"  {line}")
    errors = len(results.errors) + sum(
        1 for p in problems if " failed: " in p or "receipt said" in p
    )
    print(
        f"cluster: {len(every)} requests, p50 {percentile(every, 50):.0f} ms, "
        f"p95 {percentile(every, 95):.0f} ms, p99 {percentile(every, 99):.0f} ms, "
        f"{errors} errors, lost {lost}, duplicated {duplicated}"
    )
    return 0 if errors == lost == duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
