"""The reader: a published annual report (text, HTML, Word, PDF, Excel) -> the model.

`read_report(path_or_bytes, name)` returns a `ReadResult`: the canonical model, where
every number was printed (provenance), notes on everything that was not plain reading,
and the validator's findings.
"""

from __future__ import annotations

from gongkai.reader.pipeline import read_report
from gongkai.reader.result import Note, ReadResult

__all__ = ["Note", "ReadResult", "read_report"]
