"""Collecting a region-year in background jobs (in-process here: no broker): from
uploaded files and ZIPs, a manifest on disk with URLs, and the versions published in
Gongkai; progress and problems on the collection's job."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from gongkai_cli import main
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.models import Channel, ReportVersion
from gongkai_web.jobs.models import Job, JobState
from gongkai_web.jobs.services import execute
from gongkai_web.supervision.checking import stale
from gongkai_web.supervision.collection import (
    KIND,
    PART,
    collection_status,
    note_progress,
    start_collection,
)
from gongkai_web.supervision.models import AgencyYearCheck, CollectedReport, Supervisor
from gongkai_web.supervision.overview import region_scope
from gongkai_web.supervision.services import SupervisionError, fetch
from tests.gongkai_web.supervision.conftest import HIERARCHY, SEED_FILES, SEEDS, write

HTTP_PORTS = (8142, 8145, 8146, 8147, 8148)


@pytest.fixture
def city(db: None, tmp_path: Path) -> Agency:
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    return Agency.objects.get(code="city")


def uploads() -> list[tuple[str, bytes]]:
    """The five seeds as uploaded files named after their agency (s000_….txt)."""
    return [(f"s{p.name[:3]}_{p.name[4:]}", p.read_bytes()) for p in SEED_FILES]


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_uploaded_files_are_collected_with_file_hash_notes_and_provenance(
    city: Agency,
) -> None:
    user = get_user_model().objects.create_user("sup", password="x")
    job = start_collection(city, 2020, uploads(), user)
    assert job.state == JobState.DONE and job.kind == "supervision.collect"
    status = collection_status(job)
    assert status | {"problems": len(status["problems"])} == {
        "state": "done",
        "total": 5,
        "done": 5,
        "collected": 2,
        "problems": 3,
        "parts": 1,
        "percent": 100,
    }
    assert any("holds the 2021 report, not 2020's" in p for p in status["problems"])
    job.refresh_from_db()
    assert job.result["collected"] == 2 and job.result["percent"] == 100
    rows = CollectedReport.objects.order_by("agency__code")
    assert [r.agency.code for r in rows] == ["s001", "s003"]
    seed = SEED_FILES[1].read_bytes()
    assert rows[0].file.read() == seed
    assert rows[0].sha256 == hashlib.sha256(seed).hexdigest()
    assert rows[0].provenance == {
        "name": "s001_33abec3ff02c02bd.txt",
        "via": "upload",
        "by": "sup",
    }
    assert rows[1].tampering and rows[0].job is not None
    assert rows[0].job.kind == PART


def test_a_zip_maps_file_names_to_agencies(city: Agency) -> None:
    archive = zipped({f"年报/{name}": data for name, data in uploads()})
    job = start_collection(city, 2021, [("2021.zip", archive)])
    assert collection_status(job)["collected"] == 2
    row = CollectedReport.objects.get(agency__code="s004")
    assert row.provenance["via"] == "zip" and row.provenance["container"] == "2021.zip"


def test_a_manifest_inside_the_zip_says_whose_each_file_is(city: Agency) -> None:
    files = {f"reports/{i}.txt": p.read_bytes() for i, p in enumerate(SEED_FILES)}
    files["reports/manifest.csv"] = (
        b"agency_code,path_or_url,published_on\n"
        b"s001,1.txt,2021-01-20\n"
        b"s003,3.txt,2021-02-03\n"
    )
    job = start_collection(city, 2020, [("m.zip", zipped(files))])
    assert collection_status(job)["collected"] == 2
    late = CollectedReport.objects.get(agency__code="s003")
    assert str(late.published_on) == "2021-02-03"


def test_bad_input_names_every_problem_and_queues_nothing(city: Agency) -> None:
    Agency.objects.create(code="other", name="别处")
    manifest = b"agency_code,path_or_url,published_on\nother,x.txt,\ns001,y.txt,1.2\n"
    files = [
        ("nobody.txt", b"x"),
        ("s001.txt", b"one"),
        ("a/s001.txt", b"two"),
        ("broken.zip", b"not a zip"),
        ("m.zip", zipped({"manifest.csv": manifest, "x.txt": b"x"})),
    ]
    with pytest.raises(SupervisionError) as caught:
        start_collection(city, 2020, files)
    problems = caught.value.problems
    assert any("nobody.txt：文件名不以本区域机关的代码开头" in p for p in problems)
    assert any("broken.zip：不是可以读取的压缩包" in p for p in problems)
    assert "s001.txt：上传了两个同名文件" in problems
    assert any("第3行：发布日期“1.2”应写成" in p for p in problems)
    assert any("机关代码“other”不是city或其下级机关" in p for p in problems)
    assert not Job.objects.exists()
    with pytest.raises(SupervisionError, match="没有可收集的报告"):
        start_collection(city, 2020, [])
    # English for English users.
    with translation.override("en"), pytest.raises(SupervisionError) as caught:
        start_collection(city, 2020, files)
    assert "s001.txt: two uploaded files have this name" in caught.value.problems
    with pytest.raises(SupervisionError, match="no agency with code 'ghost'"):
        start_collection("ghost", 2020, uploads())


def test_a_zip_member_over_the_limit_is_refused(city: Agency) -> None:
    archive = zipped({"s001.txt": b"x" * 2000})
    with pytest.raises(SupervisionError, match="超过1000字节"):
        start_collection(city, 2020, [("big.zip", archive)], limit=1000)


def test_published_versions_are_collected_from_their_frozen_json(city: Agency) -> None:
    gold = next(SEEDS.glob("001_*.gold.json")).read_text(encoding="utf-8")
    agency = Agency.objects.get(code="s001")
    for number in (1, 2):
        ReportVersion.objects.create(
            agency=agency,
            year=2020,
            number=number,
            canonical_json=gold,
            content_hash=hashlib.sha256(gold.encode()).hexdigest(),
            published_via=Channel.COMMAND_LINE,
            html=b"",
            docx=b"",
            pdf=b"",
        )
    job = start_collection(city, 2020, published=True)
    assert collection_status(job)["collected"] == 1
    row = CollectedReport.objects.get()
    assert row.provenance["via"] == "published"
    assert row.provenance["version"] == agency.report_versions.get(number=2).pk
    assert row.file.read() == gold.encode()
    assert row.to_core().findings == []


# A local HTTP server: /ok serves a seed, /slow never answers, /huge sends too much.
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        try:
            self.answer()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def answer(self) -> None:
        if self.path == "/slow":
            time.sleep(3)
            return
        if self.path == "/trickle":
            self.send_response(200)
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/huge":
            self.send_response(200)
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"x" * 10_000)
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(SEED_FILES[1].read_bytes())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = None
    for port in HTTP_PORTS:  # another run of this test (the full suite) may hold one
        try:
            httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    assert httpd is not None, f"ports {HTTP_PORTS} all in use"
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_gives_up_on_a_server_that_never_answers(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(SupervisionError, match="/slow：无法下载"):
        fetch(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_fetch_gives_up_on_a_server_that_trickles(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(SupervisionError, match="超过0.5秒"):
        fetch(f"{server}/trickle", timeout=0.5)
    assert time.monotonic() - started < 2


def test_fetch_refuses_a_body_over_the_limit(server: str) -> None:
    with pytest.raises(SupervisionError, match="超过50000字节"):
        fetch(f"{server}/huge", limit=50_000)


def test_a_manifest_of_urls_collects_what_it_can_and_lists_the_rest(
    city: Agency, server: str, tmp_path: Path
) -> None:
    manifest = write(
        tmp_path / "urls.csv",
        "agency_code,path_or_url,published_on\n"
        f"s001,{server}/ok,2021-01-10\n"
        f"s002,{server}/slow,\n"
        f"s003,{server}/huge,\n",
    )
    job = start_collection(city, 2020, manifest=manifest, timeout=0.5, limit=50_000)
    status = collection_status(job)
    assert status["collected"] == 1 and status["done"] == 3
    assert [p.split(": ", 1)[0] for p in status["problems"]] == [
        f"{server}/slow",
        f"{server}/huge",
    ]
    assert "超过50000字节" in status["problems"][1]
    row = CollectedReport.objects.get()
    assert row.provenance["via"] == "url" and row.source == f"{server}/ok"


def test_a_large_collection_is_split_into_parts(city: Agency) -> None:
    files = [
        (f"s001_{i}.txt", SEED_FILES[1].read_bytes() + b"\n" * i) for i in range(45)
    ]
    job = start_collection(city, 2020, files)
    status = collection_status(job)
    assert (status["parts"], status["done"], status["collected"]) == (3, 45, 45)
    assert Job.objects.filter(kind=PART).count() == 3
    assert not bytes(Job.objects.get(pk=job.pk).data)  # the upload is not kept twice


def kept_checks() -> list[tuple[int, int, Any]]:
    """(pk, year, checked_at) of every kept check: checking again replaces the rows."""
    return list(
        AgencyYearCheck.objects.order_by("pk").values_list("pk", "year", "checked_at")
    )


def test_a_collection_leaves_the_overview_nothing_to_check(
    city: Agency, client: Any
) -> None:
    start_collection(city, 2020, uploads())  # s001 and s003 are of 2020
    assert not stale(region_scope(city), 2020)
    assert AgencyYearCheck.objects.filter(year=2020).count() == 2
    start_collection(city, 2021, uploads())  # s000 and s004: 2020's other side
    for year in (2020, 2021):
        assert not stale(region_scope(city), year), year
    # the 2020 checks of s000 and s004 (their 2021 reports) were added too
    assert AgencyYearCheck.objects.filter(year=2020).count() == 4
    user = get_user_model().objects.create_user("sup", password="x")
    Supervisor.objects.create(user=user, node=city)
    client.force_login(user)
    before = kept_checks()
    for year in (2020, 2021):
        assert client.get(f"/s/city/{year}/").status_code == 200
    assert kept_checks() == before  # the overview checked nothing again
    page = client.get("/s/city/2020/").content.decode()
    assert "s003" in page


def test_the_last_part_on_a_broker_refreshes_the_checks_once(
    city: Agency, settings: Any
) -> None:
    # a broker that is never reached: in a test, nothing runs on commit, so the
    # jobs are run here one by one, as the workers would
    settings.GONGKAI_BROKER_URL = "redis://127.0.0.1:6398/0"
    files = uploads() + [
        (f"s001_{i}.txt", SEED_FILES[1].read_bytes() + b"\n" * i) for i in range(25)
    ]
    job = start_collection(city, 2020, files)
    assert job.state == JobState.QUEUED
    execute(job.pk)
    parts = list(Job.objects.filter(kind=PART).order_by("pk"))
    assert len(parts) == 2
    execute(parts[0].pk)
    note_progress(job.pk)  # one part of two ended: nothing checked yet
    assert not AgencyYearCheck.objects.exists()
    assert Job.objects.get(pk=job.pk).result["state"] == "running"
    execute(parts[1].pk)
    note_progress(job.pk)
    assert not stale(region_scope(city), 2020)
    assert Job.objects.get(kind=KIND).result["state"] == "done"
