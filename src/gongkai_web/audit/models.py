"""AuditLog: who did what and who saw what, written once and never changed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai_web.audit.chain import hash_of, lock_chain


class AppendOnlyError(Exception):
    """An attempt to change or delete a row of an append-only log."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} is append-only: no update")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} is append-only: no delete")


class AppendOnlyModel(models.Model):
    """A model whose rows can be inserted but never updated or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} #{self.pk} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} #{self.pk} is append-only")


class AuditAction(models.TextChoices):
    EVENT = "event", _("办理事项")
    VIEW_IDENTITY = "view_identity", _("查看申请人身份和联系方式")
    DOWNLOAD_ATTACHMENT = "download_attachment", _("下载附件")
    LEDGER_IMPORT = "ledger_import", _("导入台账")
    LEDGER_EXPORT = "ledger_export", _("导出台账")
    CALENDAR = "calendar", _("录入节假日安排")
    TEMPLATE = "template", _("修改答复书模板")
    LETTER = "letter", _("出具或下载文书")
    OVERDUE = "overdue", _("案件超期")
    USER_CREATE = "user_create", _("新增用户")
    PASSWORD_RESET = "password_reset", _("重置密码")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    ASSIGN = "assign", _("分派或转办案件")
    SIGN_OFF = "sign_off", _("答复拟稿和签发")
    AUDIT_EXPORT = "audit_export", _("导出审计日志")
    ROLE_GRANT = "role_grant", _("授予岗位")
    ROLE_REVOKE = "role_revoke", _("撤销岗位")
    CODE_REISSUE = "code_reissue", _("重新生成查询码")
    LEDGER_UPDATE = "ledger_update", _("按台账更新案件")
    SUPERVISION_CORRECTION = "supervision_correction", _("督查更正年度报告数据")
    TOKEN_ISSUE = "token_issue", _("签发接口令牌")
    TOKEN_REVOKE = "token_revoke", _("吊销接口令牌")


# The letters by name, for the label of a letter's entry (生成补正告知书 …); the keys
# are `gongkai.letters.LetterKind` values, stored in the entry's data as "kind".
LETTER_NAMES = {
    "receipt": _("受理回执"),
    "correction": _("补正告知书"),
    "extension": _("延期答复告知书"),
    "consultation": _("第三方意见征询函"),
    "fee": _("收费通知"),
    "reply": _("答复书"),
    "termination": _("终止办理告知书"),
}


class AuditLog(AppendOnlyModel):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("类别"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    # The hash chain (audit/chain.py): the previous row's hash and this row's.
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.summary}"

    @property
    def action_label(self) -> str:
        """Return the action in words; a letter's entry names the letter and the act
        (生成补正告知书, 下载答复书), from the kind its data records."""
        name = LETTER_NAMES.get(str((self.data or {}).get("kind", "")))
        if self.action != AuditAction.LETTER or name is None:
            return str(self.get_action_display())
        if "format" in self.data:
            return gettext("下载%(letter)s") % {"letter": name}
        return gettext("生成%(letter)s") % {"letter": name}

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the row as the next link of the hash chain."""
        if not self._state.adding:
            super().save(*args, **kwargs)  # refused by AppendOnlyModel
            return
        with transaction.atomic():
            lock_chain()
            last = (
                AuditLog.objects.order_by("-id")
                .values_list("row_hash", flat=True)
                .first()
            )
            self.prev_hash = last or ""
            self.row_hash = hash_of(self, self.prev_hash)
            super().save(*args, **kwargs)
