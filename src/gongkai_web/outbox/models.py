"""Messages of the outbox, their attachments, and the notice templates.

A `Message` is written in the transaction of the event that causes it and holds what
is sent, already rendered (subject, text, attachments): the row is the record of what
the agency told whom and when. Its `state` moves pending → sending → sent, or to
failed; only `delivery` changes it, each step one conditional UPDATE. The case is
named by id and tracking number, not by a foreign key: the outbox sits below the
applications app (see gongkai_web/__init__.py) so that the services writing events
can call it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class Audience(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    STAFF = "staff", _("工作人员")


class State(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", _("收到申请回执")
    CORRECTION = "correction", _("补正申请告知")
    EXTENSION = "extension", _("延长答复期限告知")
    CONSULTATION = "consultation", _("征求第三方意见告知")
    FEE = "fee", _("收费通知")
    REPLY = "reply", _("答复")
    LETTER = "letter", _("文书送达")
    ASSIGNED = "assigned", _("分派承办通知")
    DIGEST = "digest", _("每日期限提醒")


APPLICANT_KINDS = (
    NoticeKind.RECEIPT,
    NoticeKind.CORRECTION,
    NoticeKind.EXTENSION,
    NoticeKind.CONSULTATION,
    NoticeKind.FEE,
    NoticeKind.REPLY,
    NoticeKind.LETTER,
)


class Message(models.Model):
    uid = models.UUIDField(_("消息编号"), default=uuid.uuid4, unique=True)
    # What caused the message, once: a second enqueue with the same key is the same
    # message (a retried request, a digest run twice on one day).
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    case_id = models.PositiveIntegerField(_("申请"), null=True, blank=True)
    case_number = models.CharField(_("申请编号"), max_length=64, blank=True)
    audience = models.CharField(
        _("收件人类别"), max_length=12, choices=Audience.choices
    )
    recipient = models.CharField(_("收件人"), max_length=200)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件用户"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    kind = models.CharField(_("类别"), max_length=16, choices=NoticeKind.choices)
    subject = models.CharField(_("主题"), max_length=300)
    text = models.TextField(_("正文"))
    state = models.CharField(
        _("状态"), max_length=8, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("发送次数"), default=0)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case_id", "created_at"], name="message_case"),
            models.Index(fields=["agency", "state"], name="message_agency_state"),
            models.Index(fields=["state", "next_attempt_at"], name="message_due"),
        ]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")

    def __str__(self) -> str:
        return f"{self.uid} {self.kind} → {self.recipient} ({self.state})"


class MessageAttachment(models.Model):
    """A file sent with a message (a letter), kept as sent."""

    message = models.ForeignKey(
        Message,
        verbose_name=_("消息"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()

    class Meta:
        ordering = ["message", "id"]
        verbose_name = _("消息附件")
        verbose_name_plural = _("消息附件")

    def __str__(self) -> str:
        return self.name


class NoticeTemplate(models.Model):
    """Subject and text of one kind of notice; agency=None is the installation default."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=NoticeKind.choices)
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("正文"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["agency", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind"], name="notice_template_unique_kind"
            ),
        ]
        verbose_name = _("通知模板")
        verbose_name_plural = _("通知模板")

    def __str__(self) -> str:
        return f"{self.agency_id or '*'} {self.kind}"
