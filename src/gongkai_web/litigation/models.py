"""ReviewCase (one 行政复议 or 行政诉讼) and the counting option of a report year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.litigation import ReviewKind, ReviewResult
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application


def _choices(enum: type[ReviewKind] | type[ReviewResult]) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


class ReviewCase(models.Model):
    """One reconsideration or lawsuit brought against the agency's OGI work (第五十一条)."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="review_cases",
    )
    case_no = models.CharField(_("案号"), max_length=100)
    kind = models.CharField(_("类别"), max_length=40, choices=_choices(ReviewKind))
    filed_on = models.DateField(_("立案日期"))
    result = models.CharField(
        _("结果"),
        max_length=16,
        choices=_choices(ReviewResult),
        default=ReviewResult.PENDING.value,
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    body = models.CharField(_("复议机关或人民法院"), max_length=200, blank=True)
    note = models.TextField(_("备注"), blank=True)
    applications = models.ManyToManyField(
        Application, verbose_name=_("所涉申请"), related_name="review_cases", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(
        _("登记时间"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "case_no"], name="review_case_unique_no"
            )
        ]
        verbose_name = _("复议诉讼案件")
        verbose_name_plural = _("复议诉讼案件")

    def __str__(self) -> str:
        return f"{self.case_no} {self.get_kind_display()}"


class ReviewCounting(models.Model):
    """How section 四 of one agency's report year counts cases concluded late.

    `count_concluded_from_previous_year` is `gongkai.litigation`'s option: off (the
    default, when no row exists), a case counts only in its filing year.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    count_concluded_from_previous_year = models.BooleanField(
        _("上年提起、本年审结的案件按结果计入本年"), default=False
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    set_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="review_counting_unique"
            )
        ]
        verbose_name = _("第四部分统计口径")
        verbose_name_plural = _("第四部分统计口径")

    def __str__(self) -> str:
        return (
            f"{self.agency_id} {self.year}: {self.count_concluded_from_previous_year}"
        )
