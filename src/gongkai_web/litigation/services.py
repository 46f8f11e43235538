"""Registering review cases, the counting option, and section 四 from the register.

Every change runs in one transaction and writes one audit-log entry. The core's
`ReviewCase` checks each case before it is stored (a result without a conclusion date,
a conclusion before the filing…); `section_four` counts with `gongkai.litigation`, so
the web layer holds no counting rule of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai import litigation
from gongkai.errors import ActionRefused, InvalidInput
from gongkai.litigation import Cell, ReviewKind, ReviewResult
from gongkai.report.model import ReviewLitigation
from gongkai_web.agencies.access import User, actor_of, roles_in
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.applications.models import Application
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record
from gongkai_web.litigation.models import ReviewCase, ReviewCounting

EDITING_ROLES = frozenset({Role.AGENCY_ADMIN, Role.HANDLER, Role.APPROVER})
OPTION_ROLES = frozenset({Role.AGENCY_ADMIN, Role.APPROVER})


@dataclass(frozen=True)
class CaseData:
    """What the case form (or a loader) hands over."""

    case_no: str
    kind: ReviewKind
    filed_on: date
    result: ReviewResult = ReviewResult.PENDING
    concluded_on: date | None = None
    body: str = ""
    note: str = ""
    applications: tuple[str, ...] = ()  # tracking numbers of the agency's applications

    def core(self) -> litigation.ReviewCase:
        """Return the case as the core's record (which checks it)."""
        return litigation.ReviewCase(
            case_no=self.case_no.strip(),
            kind=self.kind,
            filed_on=self.filed_on,
            applications=self.applications,
            result=self.result,
            concluded_on=self.concluded_on,
            body=self.body,
        )


def core_case(row: ReviewCase) -> litigation.ReviewCase:
    """Return a stored case as the core's record (applications by tracking number)."""
    numbers = tuple(sorted(a.tracking_number for a in row.applications.all()))
    return litigation.ReviewCase(
        case_no=row.case_no,
        kind=ReviewKind(row.kind),
        filed_on=row.filed_on,
        applications=numbers,
        result=ReviewResult(row.result),
        concluded_on=row.concluded_on,
        body=row.body,
    )


def agency_cases(agency: Agency) -> list[ReviewCase]:
    return list(
        ReviewCase.objects.filter(agency=agency)
        .prefetch_related("applications")
        .order_by("filed_on", "id")
    )


def _applications(agency: Agency, numbers: Sequence[str]) -> list[Application]:
    wanted = sorted({n.strip() for n in numbers if n.strip()})
    found = list(Application.objects.filter(agency=agency, tracking_number__in=wanted))
    missing = sorted(set(wanted) - {a.tracking_number for a in found})
    if missing:
        raise InvalidInput(
            f"本机关没有编号为 {'、'.join(missing)} 的申请 "
            f"(no application numbered {', '.join(missing)})"
        )
    return found


def save_case(
    agency: Agency, user: User | None, data: CaseData, *, pk: int | None = None
) -> ReviewCase:
    """Register a case, or change the case `pk`; `user=None` is the command line.

    Raises:
        ActionRefused: for a role that may not edit the register, or a duplicate number.
        InvalidInput: a case the core refuses (a filing before 2008-05-01, a result
            without a date…), a date after today, or an unknown application number.
    """
    if user is not None and not roles_in(user, agency) & EDITING_ROLES:
        raise ActionRefused(
            "您的岗位不能登记复议诉讼案件 (your role may not edit the register)"
        )
    checked = data.core()
    checked.check_not_after(timezone.localdate())
    with transaction.atomic():
        linked = _applications(agency, data.applications)
        taken = ReviewCase.objects.filter(agency=agency, case_no=checked.case_no)
        if pk is not None:
            taken = taken.exclude(pk=pk)
        if taken.exists():
            raise ActionRefused(
                f"案号 {checked.case_no} 已登记 (case number already registered)"
            )
        row = (
            ReviewCase.objects.select_for_update().get(pk=pk, agency=agency)
            if pk is not None
            else ReviewCase(
                agency=agency,
                created_by=actor_of(user),
            )
        )
        row.case_no, row.kind, row.filed_on = (
            checked.case_no,
            checked.kind.value,
            checked.filed_on,
        )
        row.result, row.concluded_on = checked.result.value, checked.concluded_on
        row.body, row.note = data.body.strip(), data.note.strip()
        row.save()
        row.applications.set(linked)
        record(
            user,
            AuditAction.EVENT,
            agency=agency,
            target=row,
            summary=f"{'修改' if pk else '登记'}复议诉讼案件 {row.case_no}（{checked.kind.label}，"
            f"{checked.result.label}）",
            data={
                "filed_on": checked.filed_on.isoformat(),
                "result": checked.result.value,
                "concluded_on": checked.concluded_on.isoformat()
                if checked.concluded_on
                else None,
                "applications": sorted(data.applications),
            },
        )
    return row


def load_case(agency: Agency, case: litigation.ReviewCase) -> tuple[ReviewCase, bool]:
    """Store a case from another register as it stands (idempotent; command line)."""
    existing = ReviewCase.objects.filter(agency=agency, case_no=case.case_no).first()
    if existing is not None and core_case(existing) == case:
        return existing, False
    data = CaseData(
        case.case_no,
        case.kind,
        case.filed_on,
        case.result,
        case.concluded_on,
        case.body,
        applications=case.applications,
    )
    return save_case(agency, None, data, pk=existing.pk if existing else None), True


def counting_option(agency: Agency, year: int) -> bool:
    """Return the option of `year` (off unless someone turned it on)."""
    row = ReviewCounting.objects.filter(agency=agency, year=year).first()
    return bool(row and row.count_concluded_from_previous_year)


def set_counting_option(
    agency: Agency, user: User | None, year: int, value: bool
) -> None:
    """Turn the option of a report year on or off (administrator or approver)."""
    if user is not None and not roles_in(user, agency) & OPTION_ROLES:
        raise ActionRefused(
            "只有机关管理员或审批负责人可以设置统计口径 (admin or approver only)"
        )
    with transaction.atomic():
        ReviewCounting.objects.update_or_create(
            agency=agency,
            year=year,
            defaults={
                "count_concluded_from_previous_year": value,
                "set_by": actor_of(user),
            },
        )
        record(
            user,
            AuditAction.EVENT,
            agency=agency,
            summary=f"{year}年度报告第四部分统计口径："
            f"{'上年提起本年审结的案件计入本年' if value else '只按提起年度统计'}",
            data={"year": year, "count_concluded_from_previous_year": value},
        )


@dataclass(frozen=True)
class SectionFour:
    """Section 四 of a year with its notes and the stored cases behind every cell."""

    table: ReviewLitigation
    notes: tuple[str, ...]
    cells: dict[Cell, tuple[ReviewCase, ...]]
    option: bool


def section_four(agency: Agency, year: int, option: bool | None = None) -> SectionFour:
    """Return section 四 of `year` counted by the core, with the option of that year."""
    option = counting_option(agency, year) if option is None else option
    rows = agency_cases(agency)
    by_no = {row.case_no: row for row in rows}
    cases = [core_case(row) for row in rows]
    kwargs = {"count_concluded_from_previous_year": option}
    cells = litigation.review_cells(cases, year, **kwargs)
    return SectionFour(
        table=litigation.review_table(cases, year, **kwargs),
        notes=litigation.review_notes(cases, year, **kwargs),
        cells={
            cell: tuple(by_no[c.case_no] for c in found)
            for cell, found in cells.items()
        },
        option=option,
    )
