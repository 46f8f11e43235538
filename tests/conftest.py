"""Shared fixtures: seed reports and the --update-golden flag."""

from __future__ import annotations

from pathlib import Path

import pytest

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
