"""bench/supervision_bench.py: its synthetic reports, and a tiny run end to end."""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
from pathlib import Path

from gongkai.report.codec import report_from_data
from gongkai.report.validate import validate, validate_series

_PATH = Path(__file__).resolve().parents[3] / "bench" / "supervision_bench.py"
_SPEC = importlib.util.spec_from_file_location("supervision_bench", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)


def test_the_synthetic_reports_validate_except_the_seeded_problems() -> None:
    for index in range(12):
        series = bench.agency_series(index, 2020, 5, seed=1)
        reports = [report_from_data(data) for _, data, _ in series]
        problems = [problem for _, _, problem in series]
        for report, problem in zip(reports, problems, strict=True):
            rules = {f.rule.value for f in validate(report)}
            assert (rules != set()) == (problem == "row_total"), (index, rules)
        broken = {f.rule.value for f in validate_series(reports)}
        assert (broken != set()) == ("carry_over" in problems), (index, broken)
        assert len(series) == (4 if index == 6 else 5)  # agency 6 misses a year
    numbers = {
        tuple(data["applications"]["new_received"])
        for index in range(12)
        for _, data, _ in bench.agency_series(index, 2020, 5, seed=1)
    }
    assert len(numbers) > 20  # varied


def free_port(ports: tuple[int, ...]) -> int:
    """The first of `ports` nobody listens on (another run of the suite may)."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"ports {ports} all in use")


def test_a_tiny_run_collects_every_file_and_measures_the_overview(
    tmp_path: Path,
) -> None:
    port = free_port((8144, 8143, 8149))
    run = subprocess.run(
        [
            sys.executable,
            str(_PATH),
            "--agencies",
            "7",
            "--years",
            "2",
            "--workers",
            "0",
            "--requests",
            "3",
            "--jobs",
            "1",
            "--web-port",
            str(port),
            "--corpus",
            str(tmp_path / "corpus"),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
        cwd=_PATH.parents[1],
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "7 agencies × 2 years = 14 files" in run.stdout
    found = re.search(
        r"workers 0 \(sqlite\): 14 of 14 files collected in [\d.]+ s = [\d.]+ "
        r"reports/s; overview after [\d.]+ s \(first page \d+ ms\); overview p95 "
        r"\d+ ms \(p50 \d+ ms, 3 GETs\)",
        run.stdout,
    )
    assert found, run.stdout
    assert (tmp_path / "corpus" / "manifest_2021.csv").exists()
