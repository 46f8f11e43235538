"""The form of the token page: a named client and the scopes it may use."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.api.models import Scope
from gongkai_web.hygiene import CleanTextForm


class TokenForm(CleanTextForm):
    client = forms.CharField(
        label=_("客户端名称"),
        max_length=200,
        help_text=_("使用令牌的系统，例如省政务服务网"),
        error_messages={"required": _("请填写客户端名称")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一项权限范围")},
    )
