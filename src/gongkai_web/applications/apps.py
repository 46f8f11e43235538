from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai_web.applications"
    label = "applications"
    verbose_name = _("依申请公开")
