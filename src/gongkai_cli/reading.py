"""`gongkai read` and `gongkai eval`: published reports into the model, and how well.

`read` prints one JSON object for one file, or one per line (JSONL) for several files
or a directory, to stdout or `-o` (written whole, then moved into place). `eval` reads
every report in a directory that has a `.gold.json` beside it and prints accuracy per
table, the share of reports with every cell right, year/format/agency accuracy and
every wrong cell.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from gongkai.errors import GongkaiError, ReportFileError
from gongkai.reader import read_report
from gongkai.reader.evaluation import Tally, json_text, print_tally, score
from gongkai.reader.sources.decode import EXTENSIONS
from gongkai.report.codec import (
    dump_report,
    load_report,
    report_from_data,
    report_to_data,
)

READABLE = EXTENSIONS
# Seconds to read one file: a report of 60 scanned pages takes a few minutes of OCR;
# a file that takes longer is a bomb or a bug, and the batch goes on without it.
TIME_LIMIT = 600.0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    read = commands.add_parser(
        "read",
        help="read published annual reports (text, HTML, Word, PDF, Excel) into the model",
    )
    read.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    read.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="read N files at a time (default 1)",
    )
    read.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.jsonl",
        help="write the JSON lines to this file instead of stdout",
    )
    _time_limit_option(read)
    read.set_defaults(handler=run_read)

    check = commands.add_parser(
        "eval", help="compare the reader with the .gold.json files of a directory"
    )
    check.add_argument("directory", type=Path, metavar="DIR")
    check.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N")
    _time_limit_option(check)
    check.set_defaults(handler=run_eval)


def _jobs(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return value


def _time_limit_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"give up a file after this many seconds (default {TIME_LIMIT:g})",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("--time-limit must be more than 0 seconds")
    return value


# --- reading ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    path: str
    record: dict[str, Any] | None
    error: str | None

    @property
    def report_text(self) -> str:
        """The report in the layout of the gold files (only a single file is shown so:
        made on demand, not for every file of a batch)."""
        if self.record is None:
            return ""
        return dump_report(report_from_data(self.record["report"], self.path))

    @property
    def findings(self) -> int:
        return len(self.record["findings"]) if self.record else 0


class _OutOfTime(BaseException):
    """Raised by the timer's signal in the thread reading a file (not an Exception:
    the readers' own handlers must not take it for a damaged file)."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `_OutOfTime` in this (main) thread after `seconds`.

    The signal interrupts Python code and waits for a child process (Tesseract);
    it cannot interrupt one long call into a C library (PDFium, zlib). It repeats
    every half second until the exception gets out: raised inside a finaliser or a
    garbage collector callback, an exception is printed and dropped.
    """
    if seconds is None:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_one(path: str, time_limit: float | None = None) -> Outcome:
    """Read one file; a file that is not a report, or that takes more than
    `time_limit` seconds, becomes an error message."""
    try:
        with _time_limit(time_limit):
            result = read_report(Path(path), path, latest_year=date.today().year + 1)
    except _OutOfTime:
        return Outcome(
            path,
            None,
            f"{path}: 读取超过 {time_limit:g} 秒，已放弃 "
            f"(reading took more than {time_limit:g} seconds; file skipped)",
        )
    except GongkaiError as exc:
        return Outcome(path, None, str(exc))
    except Exception as exc:  # a reader bug must not stop a batch  # noqa: BLE001
        return Outcome(
            path, None, f"{path}: internal error ({type(exc).__name__}: {exc})"
        )
    return Outcome(path, result.to_data(), None)


def report_files(paths: Iterable[Path]) -> tuple[list[str], list[str], int]:
    """Return the files to read (directories expanded), messages for bad paths and
    the number of files of the directories skipped (not a report kind, hidden)."""
    files: list[str] = []
    missing: list[str] = []
    skipped = 0
    for path in paths:
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*")) if p.is_file()]
            chosen = [
                str(p)
                for p in found
                if p.suffix.lower() in READABLE and not p.name.startswith(".")
            ]
            skipped += len(found) - len(chosen)
            files += chosen
            if not chosen:
                kinds = ", ".join(sorted(READABLE))
                missing.append(f"{path}: no report file in this directory ({kinds})")
        elif path.exists():
            files.append(str(path))
        else:
            missing.append(f"{path}: no such file or directory")
    return files, missing, skipped


def outcomes(
    files: list[str], jobs: int, time_limit: float | None = None
) -> Iterator[Outcome]:
    """Yield the outcome of each file, in order, reading `jobs` at a time, each file
    for at most `time_limit` seconds.

    A worker that dies (killed by the out-of-memory killer, a crash in a library)
    breaks its pool: the first file not yet answered is then read again alone, in a
    fresh worker; if that worker dies too, the file fails with a message saying so,
    and the batch goes on with a new pool.
    """
    read = partial(read_one, time_limit=time_limit)
    if jobs == 1 or len(files) < 2:
        yield from map(read, files)
        return
    pending = list(files)
    while pending:
        answered = 0
        try:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [pool.submit(read, path) for path in pending]
                for future in futures:
                    outcome = future.result()
                    answered += 1
                    yield outcome
        except BrokenProcessPool:
            pass
        pending = pending[answered:]
        if pending:
            yield _alone(pending[0], time_limit)
            pending = pending[1:]


def _alone(path: str, time_limit: float | None) -> Outcome:
    """Read one file in a worker of its own; a worker that dies fails the file."""
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(read_one, path, time_limit).result()
    except BrokenProcessPool:
        return Outcome(
            path,
            None,
            f"{path}: 读取该文件的进程被终止（内存不足？），已跳过 "
            f"(the worker reading it was killed, out of memory?; file skipped)",
        )


def run_read(args: argparse.Namespace) -> int:
    """Exit 0 when every file was read (findings or not), 2 when one was not."""
    files, missing, skipped = report_files(args.paths)
    for message in missing:
        print(f"error: {message}", file=sys.stderr)
    single = len(args.paths) == 1 and not args.paths[0].is_dir() and len(files) == 1
    progress = _Progress(len(files)) if sys.stderr.isatty() and not single else None
    try:
        read, failed, with_findings, lines = _read_all(files, args, single, progress)
    except BrokenPipeError:  # the reader of stdout went away (| head)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the final flush
        return 0
    if args.output:
        _write_whole(args.output, lines)
    if not single:
        print(
            f"{len(files) + len(missing)} files: {read} read ({with_findings} with "
            f"findings), {failed + len(missing)} failed"
            + (f", {skipped} skipped (not a report kind)" if skipped else ""),
            file=sys.stderr,
        )
    return 2 if failed or missing else 0


def _read_all(
    files: list[str], args: argparse.Namespace, single: bool, progress: _Progress | None
) -> tuple[int, int, int, list[str]]:
    read = failed = with_findings = 0
    lines: list[str] = []
    for outcome in outcomes(files, args.jobs, args.time_limit):
        if progress:
            progress.step()
        if outcome.record is None:
            failed += 1
            if progress:
                progress.clear()
            print(f"error: {outcome.error}", file=sys.stderr)
            continue
        read += 1
        with_findings += outcome.findings > 0
        if args.output:
            lines.append(json_text(outcome.record))
        elif single:
            print(pretty(outcome))
        else:
            if progress and sys.stdout.isatty():
                progress.clear()  # both on the terminal: the line would run into the bar
            print(json_text(outcome.record), flush=True)
    if progress:
        progress.clear()
    return read, failed, with_findings, lines


def pretty(outcome: Outcome) -> str:
    """One record for a person: the report laid out like the gold files, one
    provenance entry, note and finding per line."""
    record = outcome.record or {}
    report = outcome.report_text.rstrip("\n").replace("\n", "\n  ")
    parts = [f'  "source": {json_text(record.get("source"))}', f'  "report": {report}']
    for key in ("findings", "provenance", "notes"):
        value = record.get(key)
        if isinstance(value, dict):
            items = [f"    {json_text(k)}: {json_text(v)}" for k, v in value.items()]
            inner = "{\n" + ",\n".join(items) + "\n  }" if items else "{}"
        else:
            items = [f"    {json_text(v)}" for v in value or []]
            inner = "[\n" + ",\n".join(items) + "\n  ]" if items else "[]"
        parts.append(f'  "{key}": {inner}')
    return "{\n" + ",\n".join(parts) + "\n}"


def _write_whole(path: Path, lines: list[str]) -> None:
    """Write the file next to its place and move it there: never half-written."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".gongkai-", dir=directory)
    except OSError as exc:
        raise ReportFileError(str(path), "", f"cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in lines)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Progress:
    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done = total, 0
        self.stream = stream if stream is not None else sys.stderr

    def step(self) -> None:
        self.done += 1
        width = 30
        filled = width * self.done // max(self.total, 1)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
        )
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def gold_pairs(directory: Path) -> list[tuple[str, Path]]:
    """Return each report file of `directory` that has a `.gold.json` beside it."""
    pairs = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in READABLE:
            continue
        gold = path.with_name(path.with_suffix("").name + ".gold.json")
        if gold.exists():
            pairs.append((str(path), gold))
    return pairs


def run_eval(args: argparse.Namespace) -> int:
    """Exit 0 when every cell is right, 1 when some are wrong or a table of the gold
    was lost (noted or not), 2 when a file failed."""
    if not args.directory.is_dir():
        raise ReportFileError(str(args.directory), "", "not a directory")
    pairs = gold_pairs(args.directory)
    if not pairs:
        raise ReportFileError(
            str(args.directory), "", "no report with a .gold.json beside it"
        )
    tally = Tally()
    golds = dict(pairs)
    for outcome in outcomes([p for p, _ in pairs], args.jobs, args.time_limit):
        gold = report_to_data(load_report(golds[outcome.path]))
        got = outcome.record["report"] if outcome.record else None
        notes = outcome.record["notes"] if outcome.record else None
        score(tally, outcome.path, got, outcome.error, gold, notes)
    print_tally(tally, sys.stdout)
    if tally.failed:
        return 2
    return 0 if tally.perfect == tally.reports and not tally.lost else 1
