"""API tokens and the idempotency keys of submissions made with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application


class Scope(models.TextChoices):
    SUBMIT = "applications:submit", _("代申请人提交申请")
    STATUS = "applications:status", _("查询申请办理状态")
    READ_DRAFTS = "reports:read-drafts", _("读取年度报告草稿")
    CASES = "cases:read", _("读取本机关案件（脱敏）")


class ApiToken(models.Model):
    """A named client's key to the API for one agency: only its SHA-256 is kept."""

    client = models.CharField(_("客户端名称"), max_length=200)
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    scopes = models.JSONField(_("权限范围"), default=list)
    prefix = models.CharField(_("令牌前缀"), max_length=12)
    digest = models.CharField(_("令牌摘要（SHA-256）"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    # The bearer token of the request that authenticated this row, in memory only
    # (never saved): it seals the code kept for an Idempotency-Key's retry.
    presented = ""

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.client}（{self.agency.code}，{self.prefix}…）"


class IdempotencyKey(models.Model):
    """One submission per (token, Idempotency-Key), created with the application.

    Neither the key nor the receipt's code is stored readably: `key_digest` is the
    key's SHA-256 and `sealed` the code encrypted for a retry presenting the same token
    and key (`api.replay`), emptied after `replay.REPLAY_FOR`. The row itself stays, so
    a late retry still makes no second case."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="+")
    key_digest = models.CharField(max_length=64)
    body_digest = models.CharField(max_length=64)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="+"
    )
    sealed = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key_digest"], name="api_idempotency_key_digest"
            )
        ]
