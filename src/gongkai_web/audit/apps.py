from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gongkai_web.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from gongkai_web.agencies.models import Membership
        from gongkai_web.audit import append_only, roles

        post_save.connect(roles.on_save, sender=Membership, dispatch_uid="audit-grant")
        post_delete.connect(
            roles.on_delete, sender=Membership, dispatch_uid="audit-revoke"
        )
        post_migrate.connect(
            append_only.after_migrate, sender=self, dispatch_uid="append-only"
        )
