"""Portal forms: the online application (validated, with a honeypot and a signed
start time against scripts), the status lookup, and the guide editor."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.vocabulary import ApplicantType, Channel
from gongkai_web.applications.models import Delivery, RequestedForm
from gongkai_web.applications.services import NewApplication
from gongkai_web.hygiene import CleanTextForm
from gongkai_web.portal.services import GuideData

MIN_FILL_SECONDS = 3  # a person needs longer than this to fill the form
MAX_FORM_AGE = 2 * 60 * 60
TOKEN_SALT = "gongkai.portal.apply"
ID_DOCUMENT = re.compile(r"^[0-9A-Za-z（）()\-]{4,64}$")
PHONE = re.compile(r"^[0-9+（）()\- ]{5,32}$")


def form_token() -> str:
    """Return a signed note of when the form was shown."""
    shown = int(timezone.now().timestamp())
    # A random part makes each shown form's token unique: it is the form's identity
    # (the same form sent twice is one application).
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(
        f"{shown}.{secrets.token_urlsafe(12)}"
    )


class ApplyForm(CleanTextForm):
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"), choices=[(t.value, t.long_label) for t in ApplicantType]
    )
    applicant_name = forms.CharField(label=_("姓名或名称"), max_length=200)
    id_document = forms.CharField(
        label=_("身份证明号码"),
        max_length=64,
        help_text=_("自然人填写身份证件号码，法人或其他组织填写统一社会信用代码"),
    )
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    email = forms.EmailField(label=_("电子邮箱"), max_length=200, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=300, required=False)
    content = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    requested_form = forms.ChoiceField(
        label=_("获取信息的形式"), choices=RequestedForm.choices
    )
    delivery = forms.ChoiceField(label=_("获取信息的方式"), choices=Delivery.choices)
    affirm = forms.BooleanField(label=_("我确认以上信息真实、准确"))
    # 蜜罐：人看不到也不会填写；脚本常常填满所有输入框。
    website = forms.CharField(label=_("请勿填写此项"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = form_token()
        for name in ("applicant_name", "id_document", "content"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "applicant_name": "name",
                "id_document": "off",
                "content": "off",
            }[name]
        self.fields["phone"].widget.attrs.update(
            {"autocomplete": "tel", "inputmode": "tel"}
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )

    def clean_id_document(self) -> str:
        value = str(self.cleaned_data["id_document"]).strip()
        if not ID_DOCUMENT.match(value):
            raise forms.ValidationError(_("身份证明号码应为4至64位字母或数字"))
        return value

    def clean_phone(self) -> str:
        value = str(self.cleaned_data["phone"]).strip()
        if value and not PHONE.match(value):
            raise forms.ValidationError(_("联系电话只能包含数字、空格、+、-和括号"))
        return value

    def clean_started(self) -> str:
        token = str(self.cleaned_data["started"])
        try:
            shown = int(
                signing.TimestampSigner(salt=TOKEN_SALT)
                .unsign(token, max_age=MAX_FORM_AGE)
                .split(".", 1)[0]
            )
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(_("表单已过期，请刷新页面后重新填写")) from None
        if timezone.now().timestamp() - shown < MIN_FILL_SECONDS:
            raise forms.ValidationError(_("提交过快，请核对填写内容后再提交"))
        return token

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("提交未被接受"), code="honeypot")
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("请至少填写联系电话或电子邮箱中的一项"))
        if data.get("delivery") == Delivery.POST and not data.get("address"):
            self.add_error("address", _("选择邮寄的，请填写通信地址"))
        if data.get("delivery") == Delivery.EMAIL and not data.get("email"):
            self.add_error("email", _("选择电子邮件的，请填写电子邮箱"))
        return data

    def new_application(self, received: Any) -> NewApplication:
        data = self.cleaned_data
        return NewApplication(
            channel=Channel.ONLINE,
            received=received,
            applicant_type=ApplicantType(data["applicant_type"]),
            applicant_name=data["applicant_name"],
            content=data["content"],
            id_document=data["id_document"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            requested_form=data["requested_form"],
            delivery=data["delivery"],
            note="网上申请（公开门户）",
        )


class StatusForm(CleanTextForm):
    tracking_number = forms.CharField(label=_("申请编号"), max_length=64)
    code = forms.CharField(
        label=_("查询码"),
        max_length=16,
        help_text=_("见申请回执，如 ABCD-EFGH"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class GuideForm(CleanTextForm):
    classification = forms.CharField(
        label=_("政府信息的分类"), widget=forms.Textarea(attrs={"rows": 3})
    )
    arrangement = forms.CharField(
        label=_("编排体系"), widget=forms.Textarea(attrs={"rows": 3})
    )
    how_to_obtain = forms.CharField(
        label=_("获取方式"), widget=forms.Textarea(attrs={"rows": 3})
    )
    application_procedure = forms.CharField(
        label=_("依申请公开的办理程序"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    office_name = forms.CharField(label=_("政府信息公开工作机构名称"), max_length=200)
    office_address = forms.CharField(label=_("办公地址"), max_length=300)
    postcode = forms.CharField(label=_("邮政编码"), max_length=12, required=False)
    office_hours = forms.CharField(label=_("办公时间"), max_length=200)
    phone = forms.CharField(label=_("联系电话"), max_length=64)
    fax = forms.CharField(label=_("传真"), max_length=64, required=False)
    email = forms.CharField(label=_("电子邮箱"), max_length=200, required=False)
    website = forms.CharField(label=_("互联网联系方式"), max_length=300, required=False)

    def guide_data(self) -> GuideData:
        return GuideData(**self.cleaned_data)
