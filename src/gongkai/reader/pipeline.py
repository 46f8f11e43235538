"""Reading one published report: bytes -> documents -> tables, agency, year -> model.

A document may be seen more than one way (a PDF as its ruled tables and as plain
text); each table is taken from the view that reads it best (found, with the fewest
doubtful cells). Nothing here guesses silently: every choice that is not plain
reading leaves a note, and the validator's findings come with the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.errors import ReportFileError, ReportFormatError
from gongkai.reader.detect import entry, find_agency, find_year, looks_like_report
from gongkai.reader.result import Note, ReadResult, Trace
from gongkai.reader.sections.section2 import read_proactive
from gongkai.reader.sections.section3 import as_newer_format, read_applications
from gongkai.reader.sections.section4 import read_review
from gongkai.reader.sources.bounds import (
    MAX_FILE_BYTES,
    check_text_size,
    check_zip,
    read_bounded,
)
from gongkai.reader.sources.decode import decode_text, sniff
from gongkai.reader.sources.document import Document, text_document
from gongkai.reader.tables.figures import prose_figures
from gongkai.reader.tables.presence import lost_table
from gongkai.reader.tables.regions import TABLE_IDS, find_regions
from gongkai.report.codec import report_from_data
from gongkai.report.formats import FORMATS, FormatId
from gongkai.report.validate import validate


def read_report(
    source: Path | str | bytes,
    name: str | None = None,
    *,
    latest_year: int | None = None,
) -> ReadResult:
    """Read a published annual report (text, Markdown, HTML, DOCX, PDF or XLSX).

    Raises:
        ReportFileError: the file cannot be read, or is of a kind that holds no report.
        ReportFormatError: the file holds no 政府信息公开 annual report.
    """
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
    else:
        path = Path(source)
        label = name or str(path)
        data = read_bounded(path, label)
    documents = load_documents(data, label)
    report_data, trace = parse_documents(documents, label)
    report = report_from_data(report_data, label)
    findings = validate(report, latest_year=latest_year)
    return ReadResult(label, report, trace.provenance, trace.notes, findings)


def load_documents(data: bytes, name: str) -> list[Document]:
    """Return the views of a file the table parsers will read.

    Raises:
        ReportFileError: not a kind of file that holds a report, or unreadable.
    """
    sniffed = sniff(data, name)
    if len(data) > MAX_FILE_BYTES:
        raise ReportFileError(
            name, "", f"file of {len(data)} bytes, more than {MAX_FILE_BYTES}"
        )
    if sniffed.kind in ("text", "html"):
        check_text_size(data, name)
        text, notes = decode_text(data, name)
        if sniffed.kind == "html":
            from gongkai.reader.sources.html import html_documents

            documents = html_documents(text, name)
        else:
            documents = [text_document(text)]
        for document in documents:
            document.notes[:0] = notes
    elif sniffed.kind == "docx":
        from gongkai.reader.sources.docx import docx_documents

        check_zip(data, name)
        documents = docx_documents(data, name)
    elif sniffed.kind == "pdf":
        from gongkai.reader.sources.pdf import pdf_documents

        documents = pdf_documents(data, name)
    elif sniffed.kind == "image":
        from gongkai.reader.sources.scan import image_documents

        documents = image_documents(data, name)
    else:
        from gongkai.reader.sources.xlsx import xlsx_documents

        check_zip(data, name)
        documents = xlsx_documents(data, name)
    for document in documents:
        document.notes[:0] = sniffed.notes
    return documents


@dataclass
class _Table:
    data: Any
    format: FormatId | None
    trace: Trace


def parse_documents(
    documents: list[Document], name: str
) -> tuple[dict[str, Any], Trace]:
    """Return the model data and the trace of reading it from the best views.

    Raises:
        ReportFormatError: none of the views holds a table or an annual-report title.
    """
    primary = documents[0]
    tables: dict[str, _Table] = {}
    for document in documents:
        for table_id, table in _read_tables(document).items():
            known = tables.get(table_id)
            if (
                known is None
                or known.data is None
                or (
                    table.data is not None
                    and table.trace.uncertain < known.trace.uncertain
                )
            ):
                tables[table_id] = table
    trace = Trace()
    for zh, en in primary.notes:
        trace.note("source", None, zh, en)
    found_any = any(t.data is not None for t in tables.values())
    if not found_any and not (looks_like_report(primary) and find_year(primary)):
        raise ReportFormatError(
            name,
            "",
            "not a 政府信息公开 annual report: none of the tables 主动公开政府信息情况 / "
            "收到和处理政府信息公开申请情况 / 行政复议、行政诉讼情况 and no report title found",
        )
    data: dict[str, Any] = {}
    data.update(_identity(documents, trace))
    data["format"] = _format(tables, trace, data["year"])
    for table_id in TABLE_IDS:
        read = tables.get(table_id)
        data[table_id] = read.data if read is not None else None
        if read is not None:
            trace.add(read.trace)
    if primary.kind == "ocr":
        _ocr_notes(trace)
    if not found_any:
        trace.note(
            "no_tables",
            None,
            "未找到规范格式的统计表（可能是 2019 年以前的报告或表格为图片）",
            "no table of the official formats found (a pre-2019 report, or "
            "tables printed as pictures)",
        )
    return data, trace


_DOUBTS = frozenset(
    {
        "row_missing",
        "row_empty",
        "missing_cell",
        "uncertain",
        "row_by_position",
        "extra_cells",
        "table_empty",
    }
)


def _quality(table: _Table) -> tuple[bool, int, int]:
    """How well a view read a table: found at all, then fewer doubtful notes (rows not
    found, cells not printed or uncertain), then fewer cells read as blank."""
    if table.data is None:
        return False, 0, 0
    notes = table.trace.notes
    doubts = sum(1 for note in notes if note.code in _DOUBTS) + table.trace.uncertain
    blanks = sum(1 for note in notes if note.code == "blank")
    return True, -doubts, -blanks


def _read_tables(document: Document) -> dict[str, _Table]:
    regions = find_regions(document.tokens)
    figures = prose_figures(document)
    result: dict[str, _Table] = {}
    hint: FormatId | None = None
    for table_id in TABLE_IDS:
        region = regions.get(table_id)
        trace = Trace()
        data: Any = None
        format_id: FormatId | None = None
        if region is not None:
            tokens = document.tokens[region.start : region.end]
            if table_id == "review_litigation":
                data = read_review(tokens, trace)
            elif table_id == "proactive":
                data, format_id = read_proactive(tokens, trace, figures)
                hint = format_id
            else:
                data, format_id = read_applications(tokens, trace, figures, hint)
        if data is None and not any(n.code == "table_empty" for n in trace.notes):
            lost = lost_table(table_id, document.tokens, region)
            if lost is not None:
                trace.note("table_lost", table_id, *lost)
        result[table_id] = _Table(data, format_id, trace)
    return result


# Tesseract's word confidence (0-100) under which a number read from a page is noted.
LOW_CONFIDENCE = 60


def _ocr_notes(trace: Trace) -> None:
    """A scan: one note that every number was recognised (page and box are in each
    number's provenance), and one for each number read from a doubtful word or from
    a digit look-alike (`O` for 0)."""
    trace.note(
        "ocr",
        None,
        "扫描件，数字经 OCR 识别（页码和位置见出处），可信度低于文字版，请对照原件核对",
        "a scan read by OCR (page and box of each number in its provenance): the "
        "numbers are less certain than printed text; check them against the original",
    )
    for path, where in trace.provenance.items():
        if not where.get("ocr"):
            continue
        confidence = where.get("confidence")
        if where.get("corrected"):
            zh = f"「{where.get('text')}」由形近字符（如 O、l、S）识别为数字"
            en = f"{where.get('text')!r} read from look-alike characters (O, l, S)"
        elif confidence is not None and confidence < LOW_CONFIDENCE:
            zh = f"OCR 置信度低（{confidence}）"
            en = f"low OCR confidence ({confidence})"
        else:
            continue
        trace.note(
            "ocr_doubt",
            path,
            f"{path}：{zh}，第 {where.get('page')} 页",
            f"{path}: {en}, page {where.get('page')}",
        )


def _format(tables: dict[str, _Table], trace: Trace, year: int) -> str | None:
    applications = tables.get("applications")
    proactive = tables.get("proactive")
    chosen = applications.format if applications and applications.data else None
    other = proactive.format if proactive and proactive.data else None
    if (
        applications is not None
        and chosen is not None
        and other is not None
        and FORMATS[chosen].effective_from < FORMATS[other].effective_from <= year
        and as_newer_format(applications.data, applications.trace, chosen, other)
    ):
        # a report of the newer format that kept an old row (issue 15 class 4)
        applications.format = chosen = other
    if chosen is None:
        chosen = other
    elif other is not None and other != chosen:
        trace.note(
            "format_mixed",
            None,
            f"主动公开表为 {other} 版格式，申请情况表为 {chosen} 版格式",
            f"section 二 is in the {other} format, section 三 in the {chosen} format",
        )
    return chosen.value if chosen is not None else None


def _identity(documents: list[Document], trace: Trace) -> dict[str, Any]:
    """Agency and year from the first view that names them."""
    agency = year = None
    agency_view = year_view = documents[0]
    for document in documents:
        if agency is None:
            agency, agency_view = find_agency(document), document
        if year is None:
            year, year_view = find_year(document), document
    if agency is not None:
        trace.provenance["agency"] = entry(agency_view, agency)
    else:
        trace.note(
            "agency_missing", "agency", "未找到机关名称", "agency name not found"
        )
    if year is not None:
        trace.provenance["year"] = entry(year_view, year)
        if year.how != "title":
            how_zh = {"period": "统计期限", "text": "正文"}[year.how]
            trace.note(
                "year_source",
                "year",
                f"报告年度取自{how_zh}",
                f"report year taken from the {year.how} (no title year)",
            )
    else:
        trace.note(
            "year_missing", "year", "未找到报告年度，记为 0", "report year not found; 0"
        )
    return {
        "agency": agency.value.strip() if agency is not None else "",
        "year": int(year.value) if year is not None else 0,
    }


__all__ = ["Note", "ReadResult", "load_documents", "parse_documents", "read_report"]
