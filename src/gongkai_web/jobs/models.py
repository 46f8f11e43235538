"""Job: one run of a background job kind, keyed so the same work happens once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    RETRYING = "retrying", _("等待重试")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


OPEN_STATES = (JobState.QUEUED, JobState.RUNNING, JobState.RETRYING)


class Job(models.Model):
    """One job: what to do (kind, arguments, uploaded bytes) and what became of it.

    `key` is unique: enqueueing a key that exists returns the existing job, and a
    worker runs a job only after claiming it (queued → running in one conditional
    UPDATE), so a message delivered twice does the work once.
    """

    key = models.CharField(_("键"), max_length=200, unique=True)
    kind = models.CharField(_("类别"), max_length=64)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("说明"), max_length=300, blank=True)
    arguments = models.JSONField(_("参数"), default=dict, blank=True)
    data = models.BinaryField(_("上传的文件"), blank=True, default=b"")
    state = models.CharField(
        _("状态"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("最多尝试次数"), default=5)
    not_before = models.DateTimeField(_("最早运行时间"), default=timezone.now)
    lease_until = models.DateTimeField(_("运行租约到期"), null=True, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["agency", "state", "created_at"], name="job_agency_state"
            )
        ]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_failed(self) -> bool:
        return self.state == JobState.FAILED

    def summary(self) -> dict[str, Any]:
        """Return what the status endpoint and the pages show of the job."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "label": self.label,
            "state": self.state,
            "state_label": str(JobState(self.state).label),
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "result": self.result,
            "error": self.error,
        }
