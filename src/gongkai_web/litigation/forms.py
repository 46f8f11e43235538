"""Forms of the register pages: they parse input; the services and the core decide."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.litigation import ReviewKind, ReviewResult
from gongkai_web.hygiene import CleanTextForm
from gongkai_web.inputs import PastDateField
from gongkai_web.litigation.services import CaseData

NUMBER_SEPARATORS = re.compile(r"[\s,，、;；]+")


class CaseForm(CleanTextForm):
    case_no = forms.CharField(label=_("案号"), max_length=100)
    kind = forms.ChoiceField(
        label=_("类别"), choices=[(k.value, k.label) for k in ReviewKind]
    )
    filed_on = PastDateField(label=_("立案日期"))
    result = forms.ChoiceField(
        label=_("结果"), choices=[(r.value, r.label) for r in ReviewResult]
    )
    concluded_on = PastDateField(
        label=_("审结日期"),
        required=False,
        help_text=_("尚未审结的不填；已审结的必须填写"),
    )
    body = forms.CharField(
        label=_("复议机关或人民法院"), max_length=200, required=False
    )
    applications = forms.CharField(
        label=_("所涉申请编号"),
        max_length=1000,
        required=False,
        help_text=_("本机关申请的编号，多个用逗号或空格分隔"),
    )
    note = forms.CharField(
        label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def case_data(self) -> CaseData:
        data = self.cleaned_data
        numbers = tuple(n for n in NUMBER_SEPARATORS.split(data["applications"]) if n)
        return CaseData(
            case_no=data["case_no"],
            kind=ReviewKind(data["kind"]),
            filed_on=data["filed_on"],
            result=ReviewResult(data["result"]),
            concluded_on=data["concluded_on"],
            body=data["body"],
            note=data["note"],
            applications=numbers,
        )


class OptionForm(CleanTextForm):
    count_concluded_from_previous_year = forms.BooleanField(
        label=_("上年提起、本年审结的案件按审结结果计入本年"), required=False
    )
