"""Agency, Membership (user × agency × role) and the calendar years an admin enters."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", _("机关管理员")
    REGISTRAR = "registrar", _("登记人员")
    HANDLER = "handler", _("承办人员")
    APPROVER = "approver", _("审批负责人")
    AUDITOR = "auditor", _("审计人员（只读）")


class Level(models.TextChoices):
    """Where an agency sits in the hierarchy supervised (督查): a government of a
    level, or a department (部门) of the government above it."""

    PROVINCE = "省", _("省")
    CITY = "市", _("市")
    COUNTY = "县", _("县")
    TOWNSHIP = "乡", _("乡镇")
    DEPARTMENT = "部门", _("部门")


class Agency(models.Model):
    code = models.CharField(
        _("机关代码"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z0-9][a-z0-9_-]*$", _("只能包含小写字母、数字、-、_"))
        ],
    )
    name = models.CharField(_("机关名称"), max_length=200)
    # Printed in every letter: the 文号's 机关代字 and the remedies paragraph (行政复议法
    # 第二十条, 行政诉讼法第四十六条). The agency administrator keeps them current.
    document_prefix = models.CharField(
        _("文号机关代字"),
        max_length=40,
        blank=True,
        help_text=_("如 示政公开，文号印作 示政公开〔2026〕第1号；可以不填"),
    )
    reconsideration_body = models.CharField(
        _("行政复议机关"),
        max_length=200,
        blank=True,
        help_text=_("申请人不服答复时申请行政复议的机关，如 示范市人民政府"),
    )
    court = models.CharField(
        _("管辖法院"),
        max_length=200,
        blank=True,
        help_text=_("申请人提起行政诉讼的人民法院，如 示范市示范区人民法院"),
    )
    # 签发: a reply drafted by a handler is sent only after the approver signs it off.
    # Internal to the agency, so the reply term runs on (条例第三十三条).
    sign_off_required = models.BooleanField(_("答复须经审批负责人签发"), default=False)

    # The hierarchy a supervisor (督查) works on: `gongkai agency import`.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.CharField(_("层级"), max_length=4, choices=Level.choices, blank=True)
    division_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码为 6 位数字"))],
    )
    kind = models.CharField(
        _("机关类型"), max_length=40, blank=True, help_text=_("如 人民政府、人防办")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("机关")
        verbose_name_plural = _("机关")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Department(models.Model):
    """A department (科室) of an agency: cases are handled in one and may be
    transferred (转办) to another."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="departments",
    )
    name = models.CharField(_("科室名称"), max_length=100)

    class Meta:
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="department_unique_name"
            )
        ]
        verbose_name = _("科室")
        verbose_name_plural = _("科室")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["agency", "user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            )
        ]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self) -> str:
        return f"{self.user} · {self.agency.code} · {self.get_role_display()}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class CalendarYear(models.Model):
    """A year's holiday arrangement entered by hand (a year chinese-calendar lacks)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(
        _("依据"),
        max_length=200,
        help_text=_("国务院办公厅通知的文号，如 国办发明电〔2023〕7号"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.year}（{self.source}）"


class CalendarDay(models.Model):
    calendar_year = models.ForeignKey(
        CalendarYear,
        verbose_name=_("年度"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=DayKind.choices)

    class Meta:
        ordering = ["day"]
        verbose_name = _("节假日或调休日")
        verbose_name_plural = _("节假日或调休日")

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.day.year != self.calendar_year.year:
            raise ValidationError(
                {
                    "day": _("%(day)s 不在 %(year)s 年")
                    % {"day": self.day, "year": self.calendar_year.year}
                }
            )
