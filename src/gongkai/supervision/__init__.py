"""Supervision (督查): collect every agency's annual report in a region, check, compile.

The core of issue 13, without Django:

    collected.py   a report collected from a file: model, source name, hash, reader notes
    tamper.py      text that does not belong in a government report (gambling spam …)
    checks.py      findings per agency and year: validator rules, cross-year, anomalies
    anomalies.py   odd but valid figures: all-zero tables, year-over-year jumps, …
    compile.py     the region's aggregate report, with a per-agency breakdown per cell

Reading is the reader's (`gongkai.reader.read_report`) and the report's own rules are
the validator's (`gongkai.report.validate`); nothing here re-reads or repairs numbers.
"""

from __future__ import annotations

from gongkai.supervision.anomalies import JumpThreshold
from gongkai.supervision.checks import check_region
from gongkai.supervision.collected import CollectedReport, collect
from gongkai.supervision.compile import Compilation, compile_region
from gongkai.supervision.findings import Severity, SupervisionFinding
from gongkai.supervision.tamper import TamperHit, find_tampering

__all__ = [
    "CollectedReport",
    "Compilation",
    "JumpThreshold",
    "Severity",
    "SupervisionFinding",
    "TamperHit",
    "check_region",
    "collect",
    "compile_region",
    "find_tampering",
]
