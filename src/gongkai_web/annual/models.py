"""ReportDraft (the editable text of one agency-year) and ReportVersion (frozen).

A draft stores only what people write: sections 一, 五, 六 (empty = the official
scaffold, computed afresh so that section 六 follows the fees and notes) and the
format. Everything else is computed when asked (`compute.current_report`). A published
version stores the whole canonical report and its renderings, and never changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.report.formats import FormatId
from gongkai_web.agencies.models import Agency
from gongkai_web.audit.models import AppendOnlyModel

FORMAT_CHOICES = [(f.value, f.label) for f in FormatId]


class ReportDraft(models.Model):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="report_drafts",
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    format = models.CharField(
        _("格式"), max_length=4, choices=FORMAT_CHOICES, blank=True
    )
    section_1 = models.TextField(_("一、总体情况"), blank=True)
    section_5 = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    section_6 = models.TextField(_("六、其他需要报告的事项"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="report_draft_unique_year"
            )
        ]
        verbose_name = _("年度报告草稿")
        verbose_name_plural = _("年度报告草稿")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}"


class Channel(models.TextChoices):
    WEB = "web", _("后台审批")
    COMMAND_LINE = "cli", _("命令行")


class ReportVersion(AppendOnlyModel):
    """One published version of a report: written once, never changed or deleted."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="report_versions",
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    number = models.PositiveSmallIntegerField(_("版本"))
    canonical_json = models.TextField(_("规范JSON"))
    content_hash = models.CharField(_("内容哈希（SHA-256）"), max_length=64)
    correction_note = models.TextField(_("更正说明"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准发布人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_via = models.CharField(
        _("发布方式"), max_length=8, choices=Channel.choices
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    html = models.BinaryField(_("HTML"))
    docx = models.BinaryField(_("DOCX"))
    pdf = models.BinaryField(_("PDF"))

    class Meta:
        ordering = ["agency", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="report_version_unique_number"
            )
        ]
        verbose_name = _("年度报告发布版本")
        verbose_name_plural = _("年度报告发布版本")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} v{self.number}"

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class AddedFile(AppendOnlyModel):
    """A file of a published version rendered after publication, written once.

    A version published where LibreOffice was missing has HTML and DOCX but no PDF
    (`ReportVersion.pdf` is empty); `gongkai report add-pdf` (or `gongkai demo` run
    again) renders the PDF later from the version's frozen canonical JSON, so it shows
    exactly the content the version's hash fixes. The version itself never changes.
    """

    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("版本"),
        on_delete=models.PROTECT,
        related_name="added_files",
    )
    kind = models.CharField(_("文件类型"), max_length=8)
    data = models.BinaryField(_("文件"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("补充人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    added_via = models.CharField(_("补充方式"), max_length=8, choices=Channel.choices)
    added_at = models.DateTimeField(_("补充时间"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind"], name="added_file_unique_kind"
            )
        ]
        verbose_name = _("补充的发布文件")
        verbose_name_plural = _("补充的发布文件")

    def __str__(self) -> str:
        return f"{self.version} {self.kind}"
