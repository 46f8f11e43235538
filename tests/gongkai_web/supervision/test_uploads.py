"""The upload page: files and ZIPs for a region's year start a collection job (run in
process here: no broker); the job's page shows its progress and outcome; supervisors
of the region only."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai_cli import main
from gongkai_web.agencies.models import Agency
from gongkai_web.jobs.models import Job
from gongkai_web.supervision.models import AgencyYearCheck, CollectedReport
from tests.gongkai_web.supervision.conftest import HIERARCHY, SEED_FILES, write
from tests.gongkai_web.supervision.test_pages import client_for, supervisor_of


@pytest.fixture
def city(db: None, tmp_path: Path) -> Client:
    assert main(["agency", "import", str(write(tmp_path / "h.csv", HIERARCHY))]) == 0
    return client_for(supervisor_of("city"))


def seed(n: int) -> tuple[str, bytes]:
    path = SEED_FILES[n]
    return f"s{path.name[:3]}_{path.name[4:]}", path.read_bytes()


def test_many_files_start_a_collection_and_its_page_shows_the_outcome(
    city: Client,
) -> None:
    form = city.get("/s/city/2020/upload/").content.decode()
    assert 'type="file" name="files"' in form and "multiple" in form
    files = [SimpleUploadedFile(*seed(n)) for n in (1, 3)]
    answer = city.post("/s/city/2020/upload/", {"files": files})
    job = Job.objects.get(kind="supervision.collect")
    assert (
        answer.status_code == 302 and answer["Location"] == f"/s/collection/{job.pk}/"
    )
    assert set(CollectedReport.objects.values_list("agency__code", flat=True)) == {
        "s001",
        "s003",
    }
    assert CollectedReport.objects.filter(provenance__by="sup-city").count() == 2
    page = city.get(answer["Location"]).content.decode()
    assert "<progress" in page and "已收集 2 份报告" in page
    # the collection's page has checked what was collected: the overview needs not
    assert AgencyYearCheck.objects.filter(year=2020, report__isnull=False).count() == 2
    status = json.loads(city.get(f"/s/collection/{job.pk}.json").content)
    assert (status["state"], status["done"], status["total"]) == ("done", 2, 2)
    overview = city.get("/s/city/2020/").content.decode()
    assert "/s/city/2020/upload/" in overview and "003_987b09836dacbc77.txt" in overview


def test_a_zip_is_collected(city: Client) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for n in range(5):
            z.writestr(*seed(n))
    upload = SimpleUploadedFile("reports.zip", archive.getvalue())
    answer = city.post("/s/city/2020/upload/", {"files": [upload]})
    assert answer.status_code == 302
    # seeds 001 and 003 are of 2020; the others are named as problems
    assert CollectedReport.objects.filter(provenance__via="zip").count() == 2
    page = city.get(answer["Location"]).content.decode()
    assert "已收集 2 份报告" in page and '<ul class="errorlist">' in page
    assert "s000" in page.split('<ul class="errorlist">')[1]


def test_bad_input_is_named_and_nothing_is_queued(city: Client) -> None:
    bad = SimpleUploadedFile("nobody_report.txt", b"x")
    answer = city.post("/s/city/2020/upload/", {"files": [bad]})
    assert answer.status_code == 400
    assert "nobody_report.txt" in answer.content.decode()
    nothing = city.post("/s/city/2020/upload/", {})
    assert nothing.status_code == 400
    assert not Job.objects.exists() and not CollectedReport.objects.exists()


def test_uploads_and_collections_are_for_supervisors_of_the_region(
    city: Client,
) -> None:
    city.post("/s/city/2020/upload/", {"files": [SimpleUploadedFile(*seed(1))]})
    job = Job.objects.get(kind="supervision.collect")
    outsider = client_for(supervisor_of("s003"))
    assert outsider.get("/s/city/2020/upload/").status_code == 404
    upload = {"files": [SimpleUploadedFile(*seed(1))]}
    assert outsider.post("/s/city/2020/upload/", upload).status_code == 404
    assert outsider.get(f"/s/collection/{job.pk}/").status_code == 404
    assert outsider.get(f"/s/collection/{job.pk}.json").status_code == 404
    assert Client().get(f"/s/collection/{job.pk}/").status_code == 302
    assert Agency.objects.filter(code="city").exists()
