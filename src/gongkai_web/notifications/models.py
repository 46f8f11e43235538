"""Each agency's digest horizon and each user's choice to receive the digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency

DEFAULT_DIGEST_WORKDAYS = 3


class AgencyNotifySettings(models.Model):
    agency = models.OneToOneField(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    digest_workdays = models.PositiveSmallIntegerField(
        _("提醒提前的工作日数"), default=DEFAULT_DIGEST_WORKDAYS
    )

    class Meta:
        verbose_name = _("机关通知设置")
        verbose_name_plural = _("机关通知设置")

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.digest_workdays}"


class StaffPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    wants_digest = models.BooleanField(_("接收每日期限提醒邮件"), default=True)

    class Meta:
        verbose_name = _("个人通知设置")
        verbose_name_plural = _("个人通知设置")

    def __str__(self) -> str:
        return f"{self.user_id}: digest {'on' if self.wants_digest else 'off'}"


def digest_workdays(agency: Agency) -> int:
    """Return the agency's N: cases due within N working days are in the digest."""
    found = AgencyNotifySettings.objects.filter(agency=agency).first()
    return found.digest_workdays if found else DEFAULT_DIGEST_WORKDAYS


def wants_digest(user_id: int) -> bool:
    """Tell whether the user wants the daily digest (yes unless switched off)."""
    found = StaffPreference.objects.filter(user_id=user_id).first()
    return found.wants_digest if found else True
