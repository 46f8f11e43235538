"""The public read endpoints: the demo report served as canonical JSON that `gongkai
validate` accepts (fetched with curl from a live server), pagination, filters, search,
conditional GET and the JSON errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai_web.agencies.models import Agency
from gongkai_web.demo.annual import load_demo

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


@pytest.fixture
def demo(db: None) -> Agency:
    load_demo()
    return Agency.objects.get(code="demo")


def curl(url: str, *headers: str) -> tuple[int, dict[str, str], bytes]:
    args = ["curl", "-s", "-i", "--max-time", "30", url]
    for header in headers:
        args += ["-H", header]
    raw = subprocess.run(args, capture_output=True, check=True).stdout
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return status, fields, body


def test_curl_reports_of_demo_2021_validate(
    transactional_db: None, live_server: Any, tmp_path: Path
) -> None:
    load_demo()
    url = f"{live_server.url}/api/v1/reports/?agency=demo&year=2021"
    status, headers, body = curl(url)
    assert status == 200, body
    page = json.loads(body)
    assert page["count"] >= 1
    version = page["items"][0]
    assert (version["agency"], version["year"]) == ("demo", 2021)
    assert version["links"]["html"].endswith(".html")
    path = tmp_path / "report.json"
    path.write_text(json.dumps(version["report"], ensure_ascii=False), "utf-8")
    checked = subprocess.run([GONGKAI, "validate", str(path)], capture_output=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # the canonical file itself, byte for byte as the codec writes it
    status, _, raw = curl(version["links"]["json"])
    assert status == 200
    path.write_bytes(raw)
    checked = subprocess.run([GONGKAI, "validate", str(path)], capture_output=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # conditional GET: the same ETag gives 304 and no body
    status, _, empty = curl(url, f"If-None-Match: {headers['etag']}")
    assert (status, empty) == (304, b"")
    status, _, _ = curl(url, f"If-Modified-Since: {headers['last-modified']}")
    assert status == 304


def test_report_filters_and_unknown_agency(demo: Agency, client: Client) -> None:
    assert client.get("/api/v1/reports/?agency=demo&year=2020").json()["count"] == 0
    missing = client.get("/api/v1/reports/?agency=nosuch")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert set(missing.json()) == {"code", "message_zh", "message_en", "path"}


def test_agencies_paginated_and_linked(demo: Agency, client: Client) -> None:
    Agency.objects.create(code="zz", name="另一机关", parent=demo)
    first = client.get("/api/v1/agencies/?page_size=1").json()
    assert first["count"] == 2
    assert [a["code"] for a in first["items"]] == ["demo"]
    second = client.get("/api/v1/agencies/?page_size=1&page=2").json()
    assert [a["code"] for a in second["items"]] == ["zz"]
    assert second["items"][0]["parent"] == "demo"
    assert first["items"][0]["parent"] is None
    assert (
        client.get("/api/v1/agencies/demo")
        .json()["links"]["guide"]
        .endswith("/api/v1/agencies/demo/guide")
    )


def test_catalog_search_like_the_portal(demo: Agency, client: Client) -> None:
    everything = client.get("/api/v1/catalog/?agency=demo&page_size=100").json()
    assert everything["count"] > 0
    title = everything["items"][0]["title"]
    found = client.get("/api/v1/catalog/", {"agency": "demo", "q": title[:4]}).json()
    assert title in [item["title"] for item in found["items"]]
    assert client.get("/api/v1/catalog/?q=没有这样的词语组合呀").json()["count"] == 0
    one = client.get(f"/api/v1/catalog/{everything['items'][0]['id']}")
    assert one.status_code == 200
    assert one["Last-Modified"]
    assert client.get("/api/v1/catalog/999999").status_code == 404


def test_guide(demo: Agency, client: Client) -> None:
    guide = client.get("/api/v1/agencies/demo/guide")
    assert guide.status_code == 200
    assert guide.json()["office_name"]
    again = client.get("/api/v1/agencies/demo/guide", HTTP_IF_NONE_MATCH=guide["ETag"])
    assert again.status_code == 304


def test_bad_query_is_422_with_path(db: None, client: Client) -> None:
    response = client.get("/api/v1/agencies/?page_size=1000")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["path"] == "page_size"
    assert body["message_zh"] and body["message_en"]


def test_openapi_and_docs_without_cdn(db: None, client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/reports/" in document["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in docs


def test_a_bug_is_a_json_500_without_a_trace(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    # No database: the query fails inside the view, as an unforeseen error would.
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "server_error"
    assert "Traceback" not in response.content.decode()
    assert any(r.name == "gongkai.api" and r.exc_info for r in caplog.records)
