"""Read a corpus with one `gongkai read FILE… -o OUT.jsonl` run, as a black box.

One subprocess for a whole corpus instead of one per file: the same command, the same
`read_one` per file, without paying the interpreter's start-up and imports each time.
Each file then has either its JSON record (it was read) or its error message (it was
not), which is what `gongkai read FILE` tells through its exit code 0 or 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

COMMAND = [sys.executable, "-m", "gongkai_cli"]


@dataclass(frozen=True)
class Batch:
    returncode: int
    stderr: str
    records: dict[str, dict[str, Any]]  # file name -> the JSON record
    errors: dict[str, str]  # file name -> the error message

    def outcome(self, path: Path) -> tuple[dict[str, Any] | None, str]:
        """Return the record of `path` (None when it was not read) and its error."""
        return self.records.get(path.name), self.errors.get(path.name, "")


def read_batch(paths: list[Path], out: Path, *, timeout: float = 900) -> Batch:
    """Run `gongkai read PATHS… -o OUT`; file names must be unique within `paths`."""
    names = [path.name for path in paths]
    assert len(set(names)) == len(names), "file names must be unique"
    proc = subprocess.run(
        [*COMMAND, "read", *map(str, paths), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=timeout,  # guards against a hang only; it is not a speed test
        check=False,
    )
    records = {}
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            record = json.loads(line, parse_float=Decimal)
            records[Path(record["source"]).name] = record
    errors: dict[str, str] = {}
    for message in _messages(proc.stderr):
        named = [name for name in names if name in message]
        for name in named:
            errors[name] = message
    return Batch(proc.returncode, proc.stderr, records, errors)


def _messages(stderr: str) -> list[str]:
    """The `error: …` messages of stderr (a message may run over several lines)."""
    messages: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("error: "):
            messages.append(line.removeprefix("error: "))
        elif messages and line and not line[0].isdigit():
            messages[-1] += "\n" + line
    return messages
