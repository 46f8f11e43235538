from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gongkai_web.catalog"
    label = "catalog"
    verbose_name = _("主动公开目录")
