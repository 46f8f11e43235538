"""The published HTML, DOCX and PDF, read back with `gongkai.reader`, equal the model."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

from gongkai.reader import read_report
from gongkai.report.codec import parse_report, report_to_data
from gongkai_web.agencies.models import Agency
from gongkai_web.annual import services
from gongkai_web.annual.files import version_bytes

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


@pytest.fixture
def published(demo: Agency, demo_approver: Any) -> Any:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required under CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return services.publish(demo, 2021, demo_approver)


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_each_published_file_reads_back_as_the_frozen_model(
    published: Any, kind: str
) -> None:
    frozen = report_to_data(parse_report(published.canonical_json))
    result = read_report(version_bytes(published, kind), f"report.{kind}")
    read = report_to_data(result.report)
    assert {k: read.get(k) for k in READ_FIELDS} == {
        k: frozen.get(k) for k in READ_FIELDS
    }
    assert result.findings == []
