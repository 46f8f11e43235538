"""Forms of the back office: they parse input; the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.errors import InvalidInput
from gongkai.vocabulary import ApplicantType, Channel, Outcome
from gongkai.workflow import Action
from gongkai_web.applications.letters import check_placeholders
from gongkai_web.applications.models import Delivery, RequestedForm
from gongkai_web.hygiene import CleanTextForm
from gongkai_web.language import message_of, without_counting_note

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Outcomes a reply may carry; the other three close a case through their own action.
REPLY_OUTCOMES = [
    o
    for o in Outcome
    if o
    not in (
        Outcome.OTHER,
        Outcome.OTHER_NO_CORRECTION,
        Outcome.OTHER_UNPAID_FEE,
        Outcome.OTHER_MISC,
    )
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class RegisterForm(CleanTextForm):
    channel = forms.ChoiceField(
        label=_("渠道"), choices=[(c.value, c.label) for c in Channel]
    )
    received = forms.DateField(
        label=_("收到申请日期"),
        widget=DATE_INPUT,
        help_text=_(
            "按条例第三十一条确定：当面为提交之日，邮寄为签收之日，网络、传真为双方确认之日"
        ),
    )
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"), choices=[(t.value, t.long_label) for t in ApplicantType]
    )
    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=200)
    id_document = forms.CharField(
        label=_("身份证明号码"), max_length=64, required=False
    )
    phone = forms.CharField(label=_("联系电话"), max_length=64, required=False)
    email = forms.EmailField(label=_("电子邮箱"), max_length=200, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=300, required=False)
    content = forms.CharField(
        label=_("申请公开的政府信息"), widget=forms.Textarea(attrs={"rows": 4})
    )
    requested_form = forms.ChoiceField(
        label=_("获取信息的形式"),
        choices=[("", "—"), *RequestedForm.choices],
        required=False,
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=[("", "—"), *Delivery.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachments = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received"].initial = timezone.localdate()


if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# What the note of an event becomes in the letter the event produces.
NOTE_HELP: dict[Action, StrOrPromise] = {
    Action.REPLY: _(
        "写入答复书：部分公开、不予公开、无法提供等答复须写明理由或检索情况"
    ),
    Action.ASK_CORRECTION: _("写入补正告知书：需要补正的事项"),
    Action.EXTEND: _("写入延期答复告知书：延期的理由"),
    Action.FEE_NOTICE: _("写入收费通知：缴费方式"),
}


class EventForm(CleanTextForm):
    """The day an event happened, and a note."""

    on = forms.DateField(label=_("日期"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


# The outcome counts in the statutory report: the select starts empty and must be
# chosen, never defaulted.
OUTCOME_CHOICES = [
    ("", _("请选择")),
    *[(o.value, without_counting_note(o.label)) for o in REPLY_OUTCOMES],
]


class ReplyForm(EventForm):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=OUTCOME_CHOICES)


class DraftForm(CleanTextForm):
    """A reply draft for 签发: the outcome and the reasons the letter will state."""

    outcome = forms.ChoiceField(label=_("办理结果"), choices=OUTCOME_CHOICES)
    note = forms.CharField(
        label=_("理由和说明（写入答复书）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )


class SignOffForm(CleanTextForm):
    on = forms.DateField(label=_("答复日期"), widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ReturnForm(CleanTextForm):
    note = forms.CharField(
        label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AssignForm(CleanTextForm):
    handler = forms.ChoiceField(label=_("承办人"))

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [  # type: ignore[attr-defined]
            ("", _("请选择")),
            *[(str(h.pk), h.get_full_name() or h.username) for h in handlers],
        ]


class TransferForm(CleanTextForm):
    department = forms.ChoiceField(label=_("转办至科室"))
    note = forms.CharField(label=_("说明"), required=False, max_length=500)

    def __init__(self, *args: Any, departments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [  # type: ignore[attr-defined]
            ("", _("请选择")),
            *[(str(d.pk), d.name) for d in departments],
        ]


class FeeNoticeForm(EventForm):
    amount = forms.DecimalField(
        label=_("收费金额（元）"), min_value=0, max_digits=12, decimal_places=2
    )


class ConsultationForm(EventForm):
    party = forms.CharField(label=_("征求意见对象"), max_length=200, required=False)


EVENT_FORMS: dict[Action, type[EventForm]] = {
    Action.REPLY: ReplyForm,
    Action.FEE_NOTICE: FeeNoticeForm,
    Action.START_CONSULTATION: ConsultationForm,
}


class LedgerUploadForm(CleanTextForm):
    file = forms.FileField(label=_("台账文件（.xlsx 或 .csv）"))
    update = forms.BooleanField(
        label=_(
            "按台账更新已登记案件的申请人、申请内容、渠道、收费和备注（旧值记入审计日志）"
        ),
        required=False,
    )


class TemplateForm(CleanTextForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 16}))

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        try:
            check_placeholders(body)
        except InvalidInput as exc:
            raise forms.ValidationError(message_of(exc)) from None
        return body
