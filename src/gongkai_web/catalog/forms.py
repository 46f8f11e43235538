"""Forms of the catalog pages: they parse input; the services and the core decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.proactive import (
    AMOUNT_UNITS,
    FIRST_YEAR,
    MEASURE_CATEGORIES,
    CatalogRole,
    Category,
    Measure,
)
from gongkai_web.catalog.services import ItemData
from gongkai_web.hygiene import CleanTextForm
from gongkai_web.inputs import PastDateField

COUNTED_CATEGORIES = sorted(
    {c for categories in MEASURE_CATEGORIES.values() for c in categories},
    key=list(Category).index,
)


class ItemForm(CleanTextForm):
    index_no = forms.CharField(label=_("索引号"), max_length=100)
    title = forms.CharField(label=_("标题"), max_length=300)
    document_no = forms.CharField(label=_("文号"), max_length=100, required=False)
    category = forms.ChoiceField(
        # Counted in section 二 of the statutory report: chosen, never defaulted.
        label=_("类别"),
        choices=[("", _("请选择")), *[(c.value, c.label) for c in Category]],
    )
    issuing_body = forms.CharField(label=_("发布机构"), max_length=200)
    made_on = PastDateField(label=_("成文日期"))
    formed_or_changed_on = PastDateField(
        label=_("形成或变更日期"),
        help_text=_("条例第二十六条：自该信息形成或者变更之日起20个工作日内予以公开"),
    )
    summary = forms.CharField(
        label=_("内容概述"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    body = forms.CharField(
        label=_("正文"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )

    def item_data(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            index_no=data["index_no"],
            title=data["title"],
            category=Category(data["category"]),
            issuing_body=data["issuing_body"],
            made_on=data["made_on"],
            formed_or_changed_on=data["formed_or_changed_on"],
            document_no=data["document_no"],
            summary=data["summary"],
            body=data["body"],
        )


class StepForm(CleanTextForm):
    """The day a workflow step happened, and a note."""

    on = PastDateField(label=_("日期"))
    note = forms.CharField(label=_("说明"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class CountForm(CleanTextForm):
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR)
    category = forms.ChoiceField(
        label=_("类别"),
        choices=[("", _("请选择")), *[(c.value, c.label) for c in COUNTED_CATEGORIES]],
    )
    measure = forms.ChoiceField(
        label=_("数据项"),
        choices=[("", _("请选择")), *[(m.value, m.label) for m in Measure]],
    )
    value = forms.DecimalField(label=_("数值"), max_digits=20, decimal_places=6)
    unit = forms.ChoiceField(
        label=_("单位"),
        choices=[("", _("（件数无单位）")), *[(u, u) for u in AMOUNT_UNITS]],
        required=False,
    )
    source = forms.CharField(
        label=_("数据来源"),
        max_length=200,
        help_text=_(
            "提供该数据的业务系统或台账，如 政务服务网、行政执法监管平台、非税收入系统"
        ),
    )

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise forms.ValidationError(
                _("%(year)s年度尚未开始（今年是%(this)s年）")
                % {"year": year, "this": this_year},
                code="future",
            )
        return year


class GrantForm(CleanTextForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    role = forms.ChoiceField(
        label=_("目录岗位"), choices=[(r.value, r.label) for r in CatalogRole]
    )
