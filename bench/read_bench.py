"""Benchmark the reader: reports per second on one core, text and HTML, and peak memory.

The seed reports (text) and their HTML renderings (`gongkai.render`) are replicated to a
few thousand files in a temporary directory, each copy made unique (a different agency
name in the title) so no cache sees the same file twice; then every file is read from
disk with `read_report`, in this one process, one after the other. Printed figures:
reports/s (wall clock and CPU time of this process, which is what one core gives when
the machine is busy; best of --rounds passes over all files, as other processes on a
shared machine slow any one pass), and the peak resident memory of the process.

Then the same text files are read through the command line, as a user would:
`gongkai read --jobs 1 FILES… -o OUT.jsonl`, one whole process (start-up, reading,
writing the JSON lines); printed are reports/s by wall clock and by the CPU seconds
(user + sys) of that process, best of --rounds, and the start-up of `gongkai read` on
one file.

    .venv/bin/python bench/read_bench.py            # 2000 text + 2000 HTML files
    .venv/bin/python bench/read_bench.py --files 500
    .venv/bin/python bench/read_bench.py --cli-only # only the command line, text
"""

from __future__ import annotations

import argparse
import resource
import subprocess
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


def _cli(args: list[str], output: Path) -> tuple[float, float]:
    """Run `gongkai read ARGS -o OUTPUT` in a process of its own; return its wall
    clock and CPU seconds (user + sys of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "gongkai_cli", "read", *args, "-o", str(output)],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _cli_best(
    paths: list[Path], folder: Path, rounds: int
) -> tuple[float, float, float, int]:
    """`gongkai read --jobs 1 FILES… -o OUT.jsonl` over `paths`: the best wall clock
    and CPU seconds of `rounds` runs, the CPU seconds of reading one file (start-up),
    and the number of records written."""
    output = folder / "out.jsonl"
    best_wall = best_cpu = startup = float("inf")
    files = [str(path) for path in paths]
    for _ in range(rounds):
        wall, cpu = _cli(["--jobs", "1", *files], output)
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
        startup = min(startup, _cli([files[0]], folder / "one.json")[1])
    with output.open("rb") as handle:
        records = sum(1 for _ in handle)
    return best_wall, best_cpu, startup, records


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
    parser.add_argument(
        "--cli-only",
        action="store_true",
        help="only `gongkai read` on the text files (no in-process passes, no HTML)",
    )
    args = parser.parse_args()
    sources = _sources()
    print(
        f"reader benchmark: {args.files} text and {args.files} HTML files "
        f"(the {len(sources['text'])} seeds and their HTML renderings, replicated)"
    )
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        folder = Path(tmp)
        texts = _replicate(sources["text"], args.files, folder, "txt")
        for kind, ext in (("text", "txt"), ("html", "html")):
            if args.cli_only:
                break
            paths = (
                texts
                if kind == "text"
                else _replicate(sources[kind], args.files, folder, ext)
            )
            _run(paths[: len(sources[kind])])  # warm up imports and caches of labels
            wall, cpu, failed = _best(paths, args.rounds)
            print(
                f"{kind:>5}: {len(paths) / wall:7.1f} reports/s wall, "
                f"{len(paths) / cpu:7.1f} reports/s CPU "
                f"({1000 * cpu / len(paths):.2f} ms each), {failed} failed, "
                f"best of {args.rounds} round(s)"
            )
        wall, cpu, startup, records = _cli_best(texts, folder, args.rounds)
        print(
            f"  CLI: gongkai read --jobs 1 ({len(texts)} text files) -o OUT.jsonl: "
            f"{len(texts) / wall:7.1f} reports/s wall ({wall:.2f} s), "
            f"{len(texts) / cpu:7.1f} reports/s CPU ({cpu:.2f} s user+sys, whole "
            f"process), {records} records written, best of {args.rounds} round(s); "
            f"start-up and one file: {1000 * startup:.0f} ms CPU"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
