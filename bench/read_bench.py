"""Benchmark the reader: reports per second on one core, text and HTML, and peak memory.

The seed reports (text) and their HTML renderings (`gongkai.render`) are replicated to a
few thousand files in a temporary directory, each copy made unique (a different agency
name in the title) so no cache sees the same file twice; then every file is read from
disk with `read_report`, in this one process, one after the other. Printed figures:
reports/s (wall clock and CPU time of this process, which is what one core gives when
the machine is busy; best of --rounds passes over all files, as other processes on a
shared machine slow any one pass), and the peak resident memory of the process.

    .venv/bin/python bench/read_bench.py            # 2000 text + 2000 HTML files
    .venv/bin/python bench/read_bench.py --files 500
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from gongkai.reader import read_report
from gongkai.render import render
from gongkai.report.codec import load_report

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"


def _sources() -> dict[str, list[tuple[str, bytes]]]:
    texts = [(p.stem, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    pages = [
        (p.name.removesuffix(".gold.json"), render(load_report(p), "html"))
        for p in sorted(SEEDS.glob("*.gold.json"))
    ]
    return {"text": texts, "html": pages}


def _replicate(
    sources: list[tuple[str, bytes]], count: int, folder: Path, ext: str
) -> list[Path]:
    paths = []
    for index in range(count):
        stem, data = sources[index % len(sources)]
        text = data.decode("utf-8")
        # a different agency each copy: no two files are the same text
        text = text.replace("办公室", f"办公室{index:05d}分室", 1)
        path = folder / f"{index:05d}_{stem}.{ext}"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def _run(paths: list[Path]) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    failed = 0
    for path in paths:
        try:
            read_report(path)
        except Exception as exc:  # count, never stop the benchmark
            failed += 1
            if failed <= 3:
                print(f"  {path.name}: {exc}", file=sys.stderr)
    return time.perf_counter() - wall, time.process_time() - cpu, failed


def _best(paths: list[Path], rounds: int) -> tuple[float, float, int]:
    """The fastest of `rounds` passes over all files (wall and CPU time each taken
    at their best: another process on the machine slows a pass, never speeds it)."""
    best_wall = best_cpu = float("inf")
    failed = 0
    for _ in range(rounds):
        wall, cpu, failed = _run(paths)
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    return best_wall, best_cpu, failed


def _rounds(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("--rounds must be at least 1")
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="files per kind")
    parser.add_argument(
        "--rounds", type=_rounds, default=3, help="passes over the files; best shown"
    )
    args = parser.parse_args()
    sources = _sources()
    print(
        f"reader benchmark: {args.files} text and {args.files} HTML files "
        f"(the {len(sources['text'])} seeds and their HTML renderings, replicated)"
    )
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        folder = Path(tmp)
        for kind, ext in (("text", "txt"), ("html", "html")):
            paths = _replicate(sources[kind], args.files, folder, ext)
            _run(paths[: len(sources[kind])])  # warm up imports and caches of labels
            wall, cpu, failed = _best(paths, args.rounds)
            print(
                f"{kind:>5}: {len(paths) / wall:7.1f} reports/s wall, "
                f"{len(paths) / cpu:7.1f} reports/s CPU "
                f"({1000 * cpu / len(paths):.2f} ms each), {failed} failed, "
                f"best of {args.rounds} round(s)"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
