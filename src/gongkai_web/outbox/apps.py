from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "gongkai_web.outbox"
    label = "outbox"
    verbose_name = _("消息发件箱")
