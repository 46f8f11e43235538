"""Forms of the account pages: add a user, grant a role, set a password, filter the
audit log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Role
from gongkai_web.audit.models import AuditAction
from gongkai_web.hygiene import CleanTextForm
from gongkai_web.inputs import DATE_INPUT


class NewUserForm(CleanTextForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则生成随机密码，保存后只显示这一次"),
    )
    roles = forms.MultipleChoiceField(
        label=_("岗位"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个岗位")},
    )


class GrantForm(CleanTextForm):
    role = forms.ChoiceField(
        label=_("授予岗位"), choices=[("", _("请选择")), *Role.choices]
    )


class SetPasswordForm(CleanTextForm):
    password = forms.CharField(
        label=_("新密码"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("留空则生成随机密码，保存后只显示这一次"),
    )


class ChangePasswordForm(CleanTextForm):
    old = forms.CharField(label=_("当前密码"), widget=forms.PasswordInput)
    new = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)
    again = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new") and data.get("again") and data["new"] != data["again"]:
            self.add_error("again", _("两次输入的新密码不一致"))
        return data


class AuditFilterForm(CleanTextForm):
    user = forms.CharField(label=_("操作人"), required=False, max_length=150)
    case = forms.CharField(label=_("案件编号"), required=False, max_length=64)
    action = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[("", _("全部")), *AuditAction.choices],
    )
    since = forms.DateField(label=_("起始日期"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("截止日期"), required=False, widget=DATE_INPUT)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("截止日期早于起始日期"))
        return data
