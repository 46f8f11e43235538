"""Case files in an S3-compatible bucket (moto's standalone server on loopback), served
to staff only through the views that check agency and role."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai_web.applications import services
from gongkai_web.settings import env_storage
from tests.gongkai_web.conftest import make_application

from .conftest import free_port

BUCKET = "gongkai-files"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start moto's S3-compatible server (PyPI moto[server]) on a free loopback port."""
    binary = shutil.which("moto_server") or str(
        Path(sys.executable).parent / "moto_server"
    )
    if not Path(binary).exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [binary, "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=out
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto_server did not start: {log.read_text()}")
                time.sleep(0.1)
        endpoint = f"http://127.0.0.1:{port}"
        import boto3

        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        ).create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def bucket_storage(
    settings: Any, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """STORAGES["default"] as GONGKAI_S3_* configure it, against the test server."""
    monkeypatch.setenv("GONGKAI_S3_BUCKET", BUCKET)
    monkeypatch.setenv("GONGKAI_S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("GONGKAI_S3_REGION", "us-east-1")
    monkeypatch.setenv("GONGKAI_S3_ACCESS_KEY", "testing")
    monkeypatch.setenv("GONGKAI_S3_SECRET_KEY", "testing")
    settings.STORAGES = {**settings.STORAGES, "default": env_storage()}
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_without_a_bucket_files_are_stored_on_disk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GONGKAI_S3_BUCKET", raising=False)
    assert env_storage()["BACKEND"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.django_db
def test_attachments_go_to_the_bucket_and_only_staff_of_the_agency_get_them(
    bucket_storage: Any,
    agency: Any,
    registrar: Any,
    handler: Any,
    auditor: Any,
    outsider: Any,
    login: Callable[[Any], Client],
    settings: Any,
) -> None:
    case = make_application(agency, registrar)
    content = b"%PDF-1.7\n" + os.urandom(40_000)  # attachments are checked on content
    upload = SimpleUploadedFile("身份证复印件.pdf", content)
    attachment = services.add_attachment(case, registrar, upload)

    keys = [
        item["Key"]
        for item in bucket_storage.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    ]
    assert keys == [attachment.file.name]
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing written to local disk

    url = f"/cases/{case.pk}/attachments/{attachment.pk}/"
    response = login(handler).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    # The identity-masked roles and other agencies never get the file.
    assert login(auditor).get(url).status_code == 403
    assert login(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302


@pytest.mark.django_db
def test_healthz_writes_to_the_bucket(bucket_storage: Any, client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["storage"] == "ok"
    listing = bucket_storage.list_objects_v2(Bucket=BUCKET, Prefix="healthz/")
    assert "Contents" not in listing  # the probe file was deleted
