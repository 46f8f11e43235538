"""bench/read_bench.py: --rounds gives the best of N passes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[3] / "bench" / "read_bench.py"
_SPEC = importlib.util.spec_from_file_location("read_bench", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
read_bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(read_bench)


def test_best_of_rounds_runs_every_round_and_keeps_the_fastest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passes = iter([(3.0, 2.5, 0), (1.0, 1.5, 0), (2.0, 0.5, 0)])
    calls: list[int] = []

    def fake(paths: list[Path]) -> tuple[float, float, int]:
        calls.append(len(paths))
        return next(passes)

    monkeypatch.setattr(read_bench, "_run", fake)
    assert read_bench._best([Path("a")], 3) == (1.0, 0.5, 0)
    assert calls == [1, 1, 1]


def test_the_command_line_pass_reads_every_file_and_counts_its_cpu(
    tmp_path: Path,
) -> None:
    texts = read_bench._sources()["text"]
    paths = read_bench._replicate(texts, 3, tmp_path, "txt")
    wall, cpu, startup, records = read_bench._cli_best(paths, tmp_path, 1)
    assert records == 3
    assert 0 < cpu and 0 < startup and 0 < wall
