"""The disclosure guide of an agency, portal submissions, and throttling attempts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application


class DisclosureGuide(models.Model):
    """政府信息公开指南 (条例第十二条): how information is classified and arranged, how
    to obtain it, and the OGI office's name, address, hours, phone, fax and internet
    contact. Kept current by the agency (第五十三条第（二）项 penalises a stale guide)."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="guide"
    )
    classification = models.TextField(_("政府信息的分类"))
    arrangement = models.TextField(_("编排体系"))
    how_to_obtain = models.TextField(_("获取方式"))
    application_procedure = models.TextField(_("依申请公开的办理程序"), blank=True)
    office_name = models.CharField(_("政府信息公开工作机构名称"), max_length=200)
    office_address = models.CharField(_("办公地址"), max_length=300)
    postcode = models.CharField(_("邮政编码"), max_length=12, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=64)
    fax = models.CharField(_("传真"), max_length=64, blank=True)
    email = models.CharField(_("电子邮箱"), max_length=200, blank=True)
    website = models.CharField(_("互联网联系方式"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.office_name}"


class PortalSubmission(models.Model):
    """An application made on the portal: the digest of its verification code.

    The code itself is shown once, on the receipt; only an HMAC of it (bound to the
    application) is kept, so a database reader cannot query anyone's status.
    """

    application = models.OneToOneField(
        Application,
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="portal",
    )
    code_digest = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    client_digest = models.CharField(max_length=64, blank=True)
    # HMAC of the one-time form token: the same form sent twice is one application.
    form_digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form_digest"],
                condition=~models.Q(form_digest=""),
                name="portal_submission_one_per_form",
            )
        ]
        verbose_name = _("网上申请")
        verbose_name_plural = _("网上申请")

    def __str__(self) -> str:
        return f"{self.application_id} {self.submitted_at:%Y-%m-%d %H:%M}"


class AttemptKind(models.TextChoices):
    SUBMIT = "submit", _("提交申请")
    LOOKUP = "lookup", _("查询办理进度")
    API_READ = "api_read", _("接口查询")


class ThrottleCounter(models.Model):
    """How much one client (or session) has used one portal form lately.

    `key` is `address:` or `session:` and an HMAC digest of the IP address or session
    key: the throttle needs to recognise a client, not to know who it is. `last_at` is
    the last counted use; `count` counts the uses since `window_start`. Rows change
    only through `portal.throttle`, by conditional updates, so that concurrent
    requests are counted one after the other.
    """

    kind = models.CharField(max_length=16, choices=AttemptKind.choices)
    key = models.CharField(max_length=80)
    last_at = models.DateTimeField()
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="throttle_unique_key")
        ]
        indexes = [models.Index(fields=["last_at"], name="throttle_last_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.count} since {self.window_start:%Y-%m-%d %H:%M:%S}"
