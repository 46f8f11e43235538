"""Forms of the notification pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.errors import InvalidInput
from gongkai_web.hygiene import CleanTextForm
from gongkai_web.outbox.wording import check_placeholders


def _checked(text: str) -> str:
    try:
        check_placeholders(text)
    except InvalidInput as exc:
        raise forms.ValidationError(str(exc)) from None
    return text


class NoticeTemplateForm(CleanTextForm):
    subject = forms.CharField(label=_("主题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 16}))

    def clean_subject(self) -> str:
        return _checked(self.cleaned_data["subject"])

    def clean_body(self) -> str:
        return _checked(self.cleaned_data["body"])


class DigestSettingsForm(CleanTextForm):
    digest_workdays = forms.IntegerField(
        label=_("每日提醒列出几个工作日内到期的申请"), min_value=0, max_value=20
    )


class PreferenceForm(CleanTextForm):
    wants_digest = forms.BooleanField(label=_("接收每日期限提醒邮件"), required=False)
