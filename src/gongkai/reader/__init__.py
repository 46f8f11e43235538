"""The reader: a published annual report (text, HTML, Word, PDF, Excel) -> the model.

`read_report(path_or_bytes, name)` returns a `ReadResult`: the canonical model, where
every number was printed (provenance), notes on everything that was not plain reading,
and the validator's findings.

The folders are the stages, in the order a report flows through them; a module imports
only from its own stage or the ones before it (`tests/gongkai/reader/test_layers.py`):

    bytes ──> sources/   decode, html, docx, pdf, xlsx, text ──> Document: tokens, lines
                │
                v
              tables/    regions → rows (labels) → cells (glued) → choice → emit
                │        (+ figures stated in the prose)  ──> values, provenance, notes
                v
              sections/  section2 (二 主动公开), section3 (三 申请), section4 (四 复议诉讼)
                │
    detect.py ──┤        the agency and the year, from the title and opening text
                v
    pipeline.py          read_report: best view per table, identity -> model -> validate
    result.py            ReadResult, Note, Trace, Entry: the bottom floor, imported by all

`evaluation.py` scores readings against expected models (`gongkai eval`); it imports
nothing of the reader.
"""

from __future__ import annotations

from gongkai.reader.pipeline import read_report
from gongkai.reader.result import Note, ReadResult

__all__ = ["Note", "ReadResult", "read_report"]
