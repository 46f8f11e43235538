"""The published HTML, DOCX and PDF, read back with `gongkai.reader`, equal the model.

Publishing runs LibreOffice for the PDF (seconds), so the demo report is published once
for the module, in a transaction rolled back at once; the tests read the files kept.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from gongkai.reader import read_report
from gongkai.report.codec import parse_report, report_to_data
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.annual import services
from gongkai_web.annual.files import version_bytes
from gongkai_web.demo.annual import load_demo
from tests.gongkai_web.conftest import NOW, make_user

pytestmark = pytest.mark.slow

# What a published report prints and a reader recovers; the rest (sections' text,
# title, fee) is checked against the frozen JSON elsewhere.
READ_FIELDS = (
    "agency",
    "year",
    "format",
    "proactive",
    "applications",
    "review_litigation",
)


KINDS = ("html", "docx", "pdf")


@dataclass(frozen=True)
class Published:
    canonical_json: str
    files: dict[str, bytes]  # kind -> the bytes a reader downloads


@pytest.fixture(scope="module")
def published(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Published:
    """The demo agency's 2021 report, published by its approver (the `demo` and
    `demo_approver` fixtures, at the suite's frozen time and settings)."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required under CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    media: Path = tmp_path_factory.mktemp("media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        load_demo(publish_report=False)
        demo = Agency.objects.get(code="demo")
        approver = make_user("demo-approver-t", demo, Role.APPROVER)
        version = services.publish(demo, 2021, approver)
        kept = Published(
            version.canonical_json,
            {kind: version_bytes(version, kind) for kind in KINDS},
        )
        transaction.set_rollback(True)  # leave the database as the other tests expect
    return kept


@pytest.mark.parametrize("kind", KINDS)
def test_each_published_file_reads_back_as_the_frozen_model(
    published: Published, kind: str
) -> None:
    frozen = report_to_data(parse_report(published.canonical_json))
    result = read_report(published.files[kind], f"report.{kind}")
    read = report_to_data(result.report)
    assert {k: read.get(k) for k in READ_FIELDS} == {
        k: frozen.get(k) for k in READ_FIELDS
    }
    assert result.findings == []
