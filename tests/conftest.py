"""Shared fixtures: seed reports, the --update-golden flag, PDFs made once a run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from gongkai.render import render
from gongkai.report.codec import dump_report
from gongkai.report.model import AnnualReport

# Timing belongs in bench/, not in tests: no per-example deadline, and no health check
# that fails a test because the machine is busy (CI and developers share 2 cores).
settings.register_profile(
    "gongkai", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("gongkai")

HERE = Path(__file__).parent
SEEDS = HERE / "fixtures" / "seeds"
GOLD_FILES = sorted(SEEDS.glob("*.gold.json"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff like code)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def pdf_of() -> Callable[[AnnualReport], bytes]:
    """`render(report, "pdf")`, made by LibreOffice once per report for the whole run.

    The seed reports are rendered to PDF by the renderer's tests and again by the
    reader's round trip; LibreOffice takes seconds for each, so both share one PDF.
    """
    made: dict[str, bytes] = {}

    def pdf(report: AnnualReport) -> bytes:
        key = dump_report(report)
        if key not in made:
            made[key] = render(report, "pdf")
        return made[key]

    return pdf
