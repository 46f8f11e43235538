"""Changing a report: writing its sections, and publishing (approving) a version.

`publish` is the one way a `ReportVersion` comes to exist, from the back office (the
approver) or the command line (`gongkai report publish`, recorded as such). It refuses
a year that has not ended and a report the validator finds errors in or with sections
still to be written, renders HTML, DOCX and PDF before it writes anything, and stores
the version in one transaction with one audit-log entry. A later publication of the
same year is a correction: it needs a public correction note and a changed content.
`gongkai demo` publishes without the PDF when LibreOffice is missing; `add_pdf`
supplies it later as an `AddedFile`, the version itself staying as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.annual import check_year_ended, content_hash, scaffold_sections
from gongkai.errors import ActionRefused, RendererUnavailable
from gongkai.render import render
from gongkai.report.codec import dump_report
from gongkai.report.formats import FormatId
from gongkai.report.model import AnnualReport
from gongkai.report.validate import Severity
from gongkai_web.agencies.access import User, actor_of, roles_in
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.annual.compute import (
    SECTION_KEYS,
    CurrentReport,
    current_report,
    latest_version,
    version_report,
)
from gongkai_web.annual.files import has_pdf
from gongkai_web.annual.models import AddedFile, Channel, ReportDraft, ReportVersion
from gongkai_web.audit.models import AuditAction
from gongkai_web.audit.services import record

WRITING_ROLES = frozenset({Role.AGENCY_ADMIN, Role.HANDLER, Role.APPROVER})
PUBLISHING_ROLES = frozenset({Role.APPROVER})  # 审批负责人 approves the report


def render_files(
    report: AnnualReport, *, require_pdf: bool = True, with_pdf: bool = True
) -> dict[str, bytes]:
    """Return the report rendered as HTML, DOCX and PDF (PDF by LibreOffice).

    With `require_pdf=False`, a PDF that cannot be made is left out; with
    `with_pdf=False` it is not tried (a background job renders it).

    Raises:
        RendererUnavailable: when LibreOffice is missing or fails and `require_pdf`.
    """
    files = {name: render(report, name) for name in ("html", "docx")}
    if not with_pdf:
        return files
    try:
        files["pdf"] = render(report, "pdf")
    except RendererUnavailable:
        if require_pdf:
            raise
    return files


def save_sections(
    agency: Agency,
    year: int,
    user: User | None,
    sections: Mapping[str, str],
    *,
    format: FormatId | None = None,
) -> ReportDraft:
    """Store the text of sections 一, 五, 六 (and the format) of a year's draft.

    A section left empty, or equal to the scaffold, follows the scaffold (section 六's
    fee sentence and notes then stay current).

    Raises:
        ActionRefused: for a role that may not write the report.
    """
    if user is not None and not roles_in(user, agency) & WRITING_ROLES:
        raise ActionRefused(
            "您的岗位不能编写年度报告 (your role may not write the report)"
        )
    with transaction.atomic():
        draft, _created = ReportDraft.objects.select_for_update().get_or_create(
            agency=agency, year=year
        )
        if format is not None:
            draft.format = format.value
            draft.save(update_fields=["format"])
        current = current_report(agency, year)
        scaffold = scaffold_sections(
            current.format_id, current.fee_yuan, year=year, notes=current.four.notes
        )
        for key in SECTION_KEYS:
            if key in sections:
                text = _clean(sections[key])
                setattr(draft, f"section_{key}", "" if text == scaffold[key] else text)
        draft.updated_by = actor_of(user)
        draft.updated_at = timezone.now()
        draft.save()
        record(
            user,
            AuditAction.EVENT,
            agency=agency,
            target=draft,
            summary=f"编写{year}年度报告（第{'、'.join(k for k in SECTION_KEYS if k in sections)}部分）",
        )
    return draft


def _clean(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def publish(
    agency: Agency,
    year: int,
    user: User | None,
    *,
    via: Channel = Channel.WEB,
    correction_note: str = "",
    today: date | None = None,
    require_pdf: bool = True,
    with_pdf: bool = True,
) -> ReportVersion:
    """Approve the current report of `year` and freeze it as the next version.

    `user` is the approver (back office); None is the command line (`via` CLI). With
    `require_pdf=False` a missing LibreOffice does not stop publication: the version
    gets HTML and DOCX and an empty PDF, which `add_pdf` can supply later; with
    `with_pdf=False` the PDF is not tried here (the back office queues
    `tasks.render_pdf`, which calls `add_pdf`).

    Raises:
        ActionRefused: a user who is not the approver, a report with errors or
            unfilled sections, a correction without a note, or one that changes
            nothing.
        InvalidInput: a year that has not ended on `today`.
        RendererUnavailable: when the PDF cannot be made and `require_pdf` is set.
    """
    today = today or timezone.localdate()
    _check_publisher(agency, user)
    check_year_ended(year, today)
    current = current_report(agency, year)
    _check_publishable(current, year)
    previous = latest_version(agency, year)
    note = _correction_note(previous, current.report, correction_note)
    frozen = current.report.model_copy(update={"published_on": today})
    files = render_files(frozen, require_pdf=require_pdf, with_pdf=with_pdf)
    with transaction.atomic():
        number = _next_number(agency, year, previous)
        version = ReportVersion.objects.create(
            agency=agency,
            year=year,
            number=number,
            canonical_json=dump_report(frozen),
            content_hash=content_hash(frozen),
            correction_note=note,
            published_by=actor_of(user),
            published_via=via.value,
            html=files["html"],
            docx=files["docx"],
            pdf=files.get("pdf", b""),
        )
        _record_publication(version, user, via)
    return version


def _check_publisher(agency: Agency, user: User | None) -> None:
    if user is not None and not roles_in(user, agency) & PUBLISHING_ROLES:
        raise ActionRefused(
            "只有审批负责人可以批准发布年度报告 (only the approver publishes)"
        )


def _correction_note(
    previous: ReportVersion | None, report: AnnualReport, correction_note: str
) -> str:
    """Return the note of the new version: required for a correction, else refused."""
    note = correction_note.strip()
    if previous is not None:
        _check_correction(previous, report, note)
    elif note:
        raise ActionRefused(
            "首次发布不需要更正说明 (a first publication has no correction note)"
        )
    return note


def _next_number(agency: Agency, year: int, previous: ReportVersion | None) -> int:
    """Lock the agency and return the next version number (inside the transaction).

    Raises:
        ActionRefused: when another version was published while this one rendered.
    """
    Agency.objects.select_for_update().get(pk=agency.pk)  # one number at a time
    last = latest_version(agency, year)
    if (last and last.pk) != (previous and previous.pk):
        raise ActionRefused(
            f"{year}年度报告刚刚发布了第{last.number if last else 0}版，请刷新后再审 "
            f"(another version was published meanwhile)"
        )
    return 1 + (last.number if last is not None else 0)


def _record_publication(
    version: ReportVersion, user: User | None, via: Channel
) -> None:
    record(
        user,
        AuditAction.EVENT,
        agency=version.agency,
        target=version,
        summary=f"批准发布{version.year}年度报告第{version.number}版（{via.label}）",
        data={
            "year": version.year,
            "number": version.number,
            "content_hash": version.content_hash,
            "via": via.value,
            "correction_note": version.correction_note,
            "pdf": bool(bytes(version.pdf)),
        },
    )


def add_pdf(
    version: ReportVersion, user: User | None, *, via: Channel = Channel.WEB
) -> AddedFile:
    """Render the PDF a version lacks from its frozen JSON and store it beside it.

    Raises:
        ActionRefused: a version that has its PDF already, or a user who may not publish.
        RendererUnavailable: LibreOffice is still missing or fails.
    """
    _check_publisher(version.agency, user)
    if has_pdf(version):
        raise ActionRefused(
            f"{version.year}年度报告第{version.number}版已有PDF "
            f"(version {version.number} has its PDF already)"
        )
    pdf = render(version_report(version), "pdf")
    with transaction.atomic():
        added = AddedFile.objects.create(
            version=version,
            kind="pdf",
            data=pdf,
            added_by=actor_of(user),
            added_via=via.value,
        )
        record(
            user,
            AuditAction.EVENT,
            agency=version.agency,
            target=version,
            summary=f"补充{version.year}年度报告第{version.number}版的PDF（{via.label}）",
            data={"year": version.year, "number": version.number, "bytes": len(pdf)},
        )
    return added


def _check_publishable(current: CurrentReport, year: int) -> None:
    if current.can_publish:
        return
    problems = []
    errors = [f for f in current.findings if f.severity is Severity.ERROR]
    if errors:
        problems.append(f"校验发现{len(errors)}项错误（{errors[0].message_zh}）")
    if current.unfilled:
        names = "、".join(
            {"1": "一", "5": "五", "6": "六"}[k] for k in current.unfilled
        )
        problems.append(f"第{names}部分尚有待填写内容")
    raise ActionRefused(
        f"{year}年度报告不能发布：{'；'.join(problems)} "
        f"(the report has errors or unfilled sections)"
    )


def _check_correction(previous: ReportVersion, report: AnnualReport, note: str) -> None:
    if not note:
        raise ActionRefused(
            f"已发布第{previous.number}版，再次发布是更正，须填写公开的更正说明 "
            f"(a correction needs a public correction note)"
        )
    before = version_report(previous).model_copy(update={"published_on": None})
    if content_hash(before) == content_hash(report):
        raise ActionRefused(
            f"内容与已发布的第{previous.number}版相同，无需更正 (nothing changed since v{previous.number})"
        )
