from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LitigationConfig(AppConfig):
    name = "gongkai_web.litigation"
    label = "litigation"
    verbose_name = _("行政复议和行政诉讼")
