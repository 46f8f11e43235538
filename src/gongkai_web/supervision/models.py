"""A report collected for supervision (督查): the original file and what was read from it."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.reader import Note
from gongkai.report.codec import report_from_data
from gongkai.report.validate import validate
from gongkai.supervision import CollectedReport as CoreReport
from gongkai.supervision import TamperHit
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AppendOnlyModel
from gongkai_web.jobs.models import Job
from gongkai_web.supervision.cells import parse_number, set_cell


class CollectedReport(models.Model):
    """One published report file of an agency, kept as collected (never edited).

    The same file (same hash) collected again for the same agency and year is the same
    row; the checks use the latest collected file of each agency and year.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="collected_reports",
    )
    year = models.PositiveIntegerField(_("年度"))
    source = models.CharField(_("来源"), max_length=1000)  # file name or URL
    file = models.FileField(_("原始文件"), upload_to="supervision/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    report = models.JSONField(_("报告（标准模型）"))
    notes = models.JSONField(_("读取说明"), default=list)
    tampering = models.JSONField(_("疑似篡改内容"), default=list)
    collected_at = models.DateTimeField(_("收集时间"), default=timezone.now)
    # how it came: {"via": "upload"|"zip"|"manifest"|"url"|"published"|"cli", "name": the
    # file's name as given, "zip": the ZIP it was in, "url", "version": ReportVersion pk,
    # "by": who started the collection}
    provenance = models.JSONField(_("来源说明"), default=dict, blank=True)
    job = models.ForeignKey(
        Job,
        verbose_name=_("收集任务"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["agency", "year", "collected_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sha256"], name="collected_report_unique_file"
            )
        ]
        verbose_name = _("收集的年度报告")
        verbose_name_plural = _("收集的年度报告")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.source}"

    def corrected_data(
        self, corrections: Iterable[Correction] | None = None
    ) -> dict[str, Any]:
        """The report's model data with the supervisors' corrections laid over it.

        `corrections` default to this report's, oldest first (a later correction of a
        cell wins); the collected `report` itself is never changed.
        """
        if corrections is None:
            # .all() so that a prefetch_related("corrections") is used
            corrections = sorted(
                self.corrections.all(), key=lambda c: (c.corrected_at, c.pk)
            )
        data: dict[str, Any] = copy.deepcopy(self.report)
        for correction in corrections:
            set_cell(data, correction.path, parse_number(correction.new_value))
        return data

    def to_core(self, corrections: Iterable[Correction] | None = None) -> CoreReport:
        """The core's collected report (corrections applied), for the checks and the
        compilation."""
        report = report_from_data(self.corrected_data(corrections), self.source)
        notes = [
            Note(n["code"], n["path"], n["message"], n["message_en"])
            for n in self.notes
        ]
        hits = [TamperHit(**hit) for hit in self.tampering]
        return CoreReport(
            agency=self.agency.code,
            source=self.source,
            sha256=self.sha256,
            report=report,
            notes=notes,
            findings=validate(report),
            tampering=hits,
            published_on=self.published_on,
        )

    @staticmethod
    def fields_from(core: CoreReport) -> dict[str, Any]:
        from dataclasses import asdict

        return {
            "year": core.year,
            "source": core.source[:1000],
            "sha256": core.sha256,
            "published_on": core.published_on,
            "report": core.report.model_dump(mode="json"),
            "notes": [note.to_dict() for note in core.notes],
            "tampering": [asdict(hit) for hit in core.tampering],
        }


class Supervisor(models.Model):
    """A supervisor (督查) of a node: sees the reports of it and of every agency below."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="supervised",
    )
    node = models.ForeignKey(
        Agency,
        verbose_name=_("督查范围"),
        on_delete=models.CASCADE,
        related_name="supervisors",
    )

    class Meta:
        ordering = ["node", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "node"], name="supervisor_unique")
        ]
        verbose_name = _("督查人员")
        verbose_name_plural = _("督查人员")

    def __str__(self) -> str:
        return f"{self.user} @ {self.node_id}"


class Correction(AppendOnlyModel):
    """A supervisor's correction of one cell the reader got wrong: an overlay.

    The collected report is never changed; the checks and the compilation read the
    report with its corrections laid over it (the latest correction of a cell wins) and
    say so. Rows are append-only (the database refuses UPDATE and DELETE): correcting
    a cell again is a new row whose old value is the previous correction's new value.
    """

    report = models.ForeignKey(
        CollectedReport,
        verbose_name=_("收集的年度报告"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    path = models.CharField(_("单元格"), max_length=200)  # applications.granted[0]
    old_value = models.CharField(_("原值"), max_length=40)
    new_value = models.CharField(_("更正值"), max_length=40)
    reason = models.TextField(_("更正理由"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("更正时间"), default=timezone.now)

    class Meta:
        ordering = ["report", "corrected_at", "pk"]
        verbose_name = _("督查更正")
        verbose_name_plural = _("督查更正")

    def __str__(self) -> str:
        return f"{self.report_id} {self.path}: {self.old_value} → {self.new_value}"


class AgencyYearCheck(models.Model):
    """The checks' result for one agency and year, kept for the overview page, with
    the latest collected report's columns (the page reads one row per agency, no
    subquery into the reports' JSON).

    Recomputed when a report of the agency for the year or a year beside it (the
    cross-year checks' other side) was collected or corrected after `checked_at`.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="supervision_checks"
    )
    year = models.PositiveIntegerField()
    report = models.ForeignKey(
        CollectedReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )  # the latest collected report of the year; None: not collected
    source = models.CharField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    format = models.CharField(max_length=8, blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    infos = models.PositiveIntegerField(default=0)
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="agency_year_check_unique"
            )
        ]


class StoredFinding(models.Model):
    """One finding of an `AgencyYearCheck` (the page lists and marks them)."""

    check_run = models.ForeignKey(
        AgencyYearCheck, on_delete=models.CASCADE, related_name="findings"
    )
    rule = models.CharField(max_length=64)
    severity = models.CharField(max_length=8)
    path = models.CharField(max_length=200, blank=True)
    message_zh = models.TextField()
    message_en = models.TextField()

    class Meta:
        ordering = ["check_run", "pk"]
