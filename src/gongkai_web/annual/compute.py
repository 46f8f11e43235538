"""The current report of an agency-year, computed from its records on every request.

Section 二 comes from `gongkai.proactive.proactive_table` over the published catalog
and the entered counts, section 三 from the database aggregation of the applications
app (`applications.statistics.applications_table`, tested equal to the core's count),
section 四 from `gongkai.litigation` over the register with the year's option. The
information-processing fees are summed by the database like `gongkai.annual.fees_charged`
(fees of the cases closed in the year). Sections 一, 五, 六 are the draft's text, or the
scaffold (`gongkai.annual.scaffold_sections`) where nobody has written yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from gongkai.annual import (
    compose_report,
    fee_sentence,
    format_for_year,
    scaffold_sections,
    unfilled_sections,
)
from gongkai.proactive import missing_counts, proactive_table
from gongkai.report.codec import parse_report
from gongkai.report.formats import FormatId, get_format
from gongkai.report.model import AnnualReport, SectionKey
from gongkai.report.validate import Finding, has_errors, validate, validate_series
from gongkai_web.agencies.models import Agency
from gongkai_web.annual.models import ReportDraft, ReportVersion
from gongkai_web.applications.models import Application
from gongkai_web.applications.statistics import applications_table
from gongkai_web.catalog.records import counted_items, entered_counts
from gongkai_web.language import is_english
from gongkai_web.litigation.services import SectionFour, section_four

SECTION_KEYS: tuple[SectionKey, ...] = ("1", "5", "6")


@dataclass(frozen=True)
class Warning:
    """A point the drafting screen shows beside the validator's findings."""

    message_zh: str
    message_en: str

    def message(self) -> str:
        """The message in the language of the request."""
        return self.message_en if is_english() else self.message_zh


@dataclass(frozen=True)
class CurrentReport:
    """The report as it would be published now, and what the validation panel shows."""

    report: AnnualReport
    format_id: FormatId
    fee_yuan: Decimal
    four: SectionFour
    findings: tuple[Finding, ...]
    unfilled: tuple[SectionKey, ...]
    warnings: tuple[Warning, ...]
    written: frozenset[SectionKey]  # sections holding the draft's own text

    @property
    def can_publish(self) -> bool:
        """No error among the validator's findings and no unfilled section."""
        return not has_errors(self.findings) and not self.unfilled


def fees_of(agency: Agency, year: int) -> Decimal:
    """Return the information-processing fees of the cases closed in `year`, in 元."""
    total = Application.objects.filter(
        agency=agency, reply_date__year=year, fee__gt=0
    ).aggregate(total=Sum("fee"))["total"]
    return Decimal(total) if total else Decimal(0)


def current_report(agency: Agency, year: int) -> CurrentReport:
    """Return the report of `agency` for `year` computed from the records now.

    Raises:
        InvalidInput: for a year without official format, or records the core refuses.
    """
    draft = ReportDraft.objects.filter(agency=agency, year=year).first()
    format_id = (
        FormatId(draft.format) if draft and draft.format else format_for_year(year)
    )
    counts = entered_counts(agency)
    four = section_four(agency, year)
    fee = fees_of(agency, year)
    scaffold = scaffold_sections(format_id, fee, year=year, notes=four.notes)
    written = {
        key: text
        for key in SECTION_KEYS
        if draft is not None and (text := getattr(draft, f"section_{key}").strip())
    }
    sections = {key: written.get(key, scaffold[key]) for key in SECTION_KEYS}
    report = compose_report(
        agency=agency.name,
        year=year,
        format=format_id,
        proactive=proactive_table(counted_items(agency), counts, year, format_id),
        applications=applications_table(agency, year, format_id),
        review_litigation=four.table,
        sections=sections,
        information_fee_yuan=fee,
    )
    findings = validate(report, latest_year=timezone.localdate().year + 1)
    previous = latest_version(agency, year - 1)
    if previous is not None:
        findings += validate_series([version_report(previous), report])
    warnings = _warnings(
        format_id, fee, four, sections, missing_counts(counts, year, format_id)
    )
    return CurrentReport(
        report=report,
        format_id=format_id,
        fee_yuan=fee,
        four=four,
        findings=tuple(findings),
        unfilled=tuple(unfilled_sections(sections)),
        warnings=tuple(warnings),
        written=frozenset(written),
    )


def _warnings(
    format_id: FormatId,
    fee: Decimal,
    four: SectionFour,
    sections: dict[SectionKey, str],
    missing: object,
) -> list[Warning]:
    found = [
        Warning(
            f"第二部分「{category.label}」{measure.label}本年度尚未录入，按0计算。",
            f"Section 2: {category.value}/{measure.value} not entered for the year; counted as 0.",
        )
        for category, measure in missing  # type: ignore[attr-defined]
    ]
    sentence = fee_sentence(fee)
    always = get_format(format_id).scaffold.always_states_fee
    if (always or fee) and sentence not in sections["6"]:
        found.append(
            Warning(
                f"第六部分没有写明案件记录中的信息处理费：「{sentence}」",
                f"Section 6 does not state the fees recorded in the cases: {sentence}",
            )
        )
    for note in four.notes:
        if note not in sections["6"]:
            found.append(
                Warning(
                    f"第六部分没有写明第四部分的统计口径：「{note}」",
                    f"Section 6 does not state how section 4 was counted: {note}",
                )
            )
    return found


def latest_version(agency: Agency, year: int) -> ReportVersion | None:
    """Return the newest published version of a year, None if none was published."""
    return (
        ReportVersion.objects.filter(agency=agency, year=year)
        .order_by("-number")
        .first()
    )


def version_report(version: ReportVersion) -> AnnualReport:
    """Return the frozen report of a version (from its canonical JSON)."""
    return parse_report(version.canonical_json)
