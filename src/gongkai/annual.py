"""An agency's annual report composed from its records, and its content hash.

Sections 二, 三 and 四 are computed (`proactive.proactive_table`,
`statistics.applications_table`, `litigation.review_table`); sections 一, 五 and 六 are
text that staff write on the official scaffold (`scaffold_sections`), section 六
prefilled with the information-processing fees charged (国办函〔2020〕109号). The format
follows the year (`format_for_year`: 2021 from the 2021 report on, 2019 for 2019 and
2020) unless given. `content_hash` fingerprints the canonical JSON, so a published
version is frozen.

The sub-headings of the scaffold are the format's (`ReportFormat.scaffold`, in
`report/formats/f2019.py` and `f2021.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from gongkai.errors import InvalidInput
from gongkai.litigation import ReviewCase, review_notes, review_table
from gongkai.proactive import (
    CatalogItem,
    Category,
    CategoryCount,
    Measure,
    missing_counts,
    proactive_table,
)
from gongkai.report.codec import dump_report
from gongkai.report.formats import (
    FormatId,
    first_format_year,
    get_format,
    parse_format_id,
)
from gongkai.report.formats import format_for_year as format_for_year  # re-exported
from gongkai.report.model import AnnualReport, ReviewLitigation, SectionKey, TableModel
from gongkai.statistics import CountedCase, applications_table

FIRST_FORMAT_YEAR = first_format_year()  # 国办公开办函〔2019〕60号: reports for 2019 on

# Marks text that staff still have to write; `unfilled_sections` finds it.
PLACEHOLDER = "（待填写："


def check_draft_year(year: int, today: date) -> None:
    """Refuse a report year that has not begun on `today` (drafting one is nonsense).

    Raises:
        InvalidInput: for a year after the year of `today`.
    """
    if year > today.year:
        raise InvalidInput(
            f"{year}年度尚未开始（今天是 {today.isoformat()}） "
            f"(report year {year} is after {today.year})"
        )


def check_year_ended(year: int, today: date) -> None:
    """Refuse to publish the report of a year that has not ended on `today`.

    The statistical period of a report is 1月1日–12月31日 of its year; the report is
    published after the year ends (条例第四十九条: by 1月31日, or 3月31日 for the
    report of a people's government).

    Raises:
        InvalidInput: for the year of `today` or a later one.
    """
    if year >= today.year:
        raise InvalidInput(
            f"{year}年度尚未结束：年度报告的统计期限为{year}年1月1日至12月31日，"
            f"须在年度结束后发布（今天是 {today.isoformat()}，可发布{today.year - 1}"
            f"年度及以前的报告） (the {year} report can be published only after "
            f"{year}-12-31)"
        )


def report_title(agency: str, year: int) -> str:
    """Return the usual title: XX（机关名称）20XX年政府信息公开工作年度报告."""
    return f"{agency}{year}年政府信息公开工作年度报告"


def _todo(what: str) -> str:
    return f"{PLACEHOLDER}{what}）"


def fee_sentence(fee_total_yuan: Decimal | int) -> str:
    """Return the sentence of section 六 on the fees charged (国办函〔2020〕109号)."""
    if fee_total_yuan < 0:
        raise InvalidInput(
            f"信息处理费不能为负数：{fee_total_yuan} (negative fee total)"
        )
    if fee_total_yuan == 0:
        return "本年度未收取政府信息公开信息处理费。"
    amount = Decimal(fee_total_yuan).quantize(Decimal("0.01"))
    shown = f"{amount:f}".removesuffix(".00")
    return (
        "本年度依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        f"收取信息处理费共计{shown}元。"
    )


def _paragraphs(topics: Sequence[tuple[str, str]]) -> list[str]:
    return [line for heading, what in topics for line in (heading, _todo(what))]


def scaffold_sections(
    format: str | FormatId,
    fee_total_yuan: Decimal | int,
    *,
    year: int | None = None,
    notes: Sequence[str] = (),
) -> dict[SectionKey, str]:
    """Return the editable text of sections 一, 五 and 六 on the official scaffold.

    Paragraphs are separated by a newline; sub-headings stand on their own line; text to
    be written is marked with `PLACEHOLDER`. With `year`, 一 opens with the usual
    sentence on the statistical period; `notes` (e.g. how section 四 was counted) are
    added at the end of 六.

    Raises:
        InvalidInput: for an unknown format or a negative fee total.
    """
    format_id = parse_format_id(format)
    overview: list[str] = []
    if year is not None:
        overview.append(
            "本报告依据《中华人民共和国政府信息公开条例》编制，由总体情况、主动公开政府信息"
            "情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
            "存在的主要问题及改进情况、其他需要报告的事项六个部分组成。本报告中所列数据的"
            f"统计期限自{year}年1月1日起至{year}年12月31日止。"
        )
    scaffold = get_format(format_id).scaffold
    overview += _paragraphs(scaffold.overview)
    problems = _paragraphs(scaffold.problems)
    other: list[str] = []
    if scaffold.fee_heading is not None:
        other += [scaffold.fee_heading, fee_sentence(fee_total_yuan)]
    elif fee_total_yuan != 0:
        other.append(fee_sentence(fee_total_yuan))
    other += _paragraphs(scaffold.other)
    if scaffold.notes_heading is not None:
        other += [scaffold.notes_heading, *(notes or ["无。"])]
    else:
        other += list(notes) or [_todo("其他需要报告的事项；没有的填写“无”。")]
    return {"1": "\n".join(overview), "5": "\n".join(problems), "6": "\n".join(other)}


def unfilled_sections(sections: dict[SectionKey, str]) -> list[SectionKey]:
    """Return the sections whose text still holds a placeholder, in section order."""
    keys: tuple[SectionKey, ...] = ("1", "5", "6")
    return [key for key in keys if PLACEHOLDER in sections.get(key, "")]


class FeeCase(Protocol):
    """A case that tells its closing date and the fee charged (a `LedgerRow` does)."""

    @property
    def replied(self) -> date | None: ...

    @property
    def fee_yuan(self) -> Decimal | None: ...


def fees_charged(cases: Iterable[FeeCase], year: int) -> Decimal:
    """Return the information-processing fees of the cases closed in `year`, in 元."""
    return sum(
        (
            case.fee_yuan
            for case in cases
            if case.fee_yuan and case.replied and case.replied.year == year
        ),
        Decimal(0),
    )


def compose_report(
    *,
    agency: str,
    year: int,
    proactive: TableModel,
    applications: TableModel,
    review_litigation: ReviewLitigation,
    format: str | FormatId | None = None,
    sections: dict[SectionKey, str] | None = None,
    information_fee_yuan: Decimal | int = 0,
    title: str | None = None,
    published_on: date | None = None,
) -> AnnualReport:
    """Return the report of `agency` for `year` from its three computed tables.

    `format` defaults to `format_for_year(year)`; `sections` to the scaffold with the
    fee sentence; `title` to `report_title`.

    Raises:
        InvalidInput: an empty agency, a year without a format, or a table computed in
            another format than the report's.
    """
    if not agency.strip():
        raise InvalidInput("年度报告缺少机关名称 (no agency name)")
    format_id = format_for_year(year) if format is None else parse_format_id(format)
    for name, table in (("proactive", proactive), ("applications", applications)):
        if table.format != format_id:
            raise InvalidInput(
                f"{agency}{year}年度报告：{name} 表按 {table.format.value} 版格式计算，"
                f"报告为 {format_id.value} 版 ({name} table is in another format)"
            )
    if sections is None:
        sections = scaffold_sections(format_id, information_fee_yuan, year=year)
    return AnnualReport(
        agency=agency,
        year=year,
        format=format_id,
        proactive=proactive,
        applications=applications,
        review_litigation=review_litigation,
        title=title or report_title(agency, year),
        published_on=published_on,
        scope="agency",
        sections=sections,
        information_fee_yuan=information_fee_yuan,
    )


@dataclass(frozen=True)
class Draft:
    """A report computed from records, with what the drafting screen should show.

    `notes` say how section 四 was counted; `missing_counts` are the section 二 figures
    nobody entered for the year (counted as 0).
    """

    report: AnnualReport
    notes: tuple[str, ...]
    missing_counts: tuple[tuple[Category, Measure], ...]


def build_draft(
    *,
    agency: str,
    year: int,
    catalog: Iterable[CatalogItem],
    counts: Iterable[CategoryCount],
    applications: Iterable[CountedCase],
    review_cases: Iterable[ReviewCase],
    format: str | FormatId | None = None,
    sections: dict[SectionKey, str] | None = None,
    information_fee_yuan: Decimal | int = 0,
    count_concluded_from_previous_year: bool = False,
) -> Draft:
    """Return the report of `year` computed from an agency's records.

    Without `sections`, the scaffold is filled with the fee sentence and the notes on
    how section 四 was counted.

    Raises:
        InvalidInput: for records the table functions refuse, or a year without format.
    """
    format_id = format_for_year(year) if format is None else parse_format_id(format)
    counts = tuple(counts)
    cases = tuple(review_cases)
    option = count_concluded_from_previous_year
    notes = review_notes(cases, year, count_concluded_from_previous_year=option)
    if sections is None:
        sections = scaffold_sections(
            format_id, information_fee_yuan, year=year, notes=notes
        )
    report = compose_report(
        agency=agency,
        year=year,
        format=format_id,
        proactive=proactive_table(catalog, counts, year, format_id),
        applications=applications_table(applications, year, format_id),
        review_litigation=review_table(
            cases, year, count_concluded_from_previous_year=option
        ),
        sections=sections,
        information_fee_yuan=information_fee_yuan,
    )
    missing = tuple(missing_counts(counts, year, format_id))
    return Draft(report, notes, missing)


def content_hash(report: AnnualReport) -> str:
    """Return the sha256 (hex) of the report's canonical JSON (`dump_report`)."""
    return hashlib.sha256(dump_report(report).encode("utf-8")).hexdigest()
