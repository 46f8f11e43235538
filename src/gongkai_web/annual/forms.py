"""Forms of the drafting page: the text of sections 一, 五, 六, and the publication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.report.formats import FORMATS, SECTION_HEADINGS, FormatId
from gongkai_web.hygiene import CleanTextForm


def _format_help() -> str:
    """Which notice applies from which report year, from the registered formats."""
    return "；".join(
        _("%(year)s年度起为%(document)s格式")
        % {"year": spec.effective_from, "document": spec.document}
        for spec in FORMATS.values()
    )


class SectionsForm(CleanTextForm):
    format = forms.ChoiceField(
        label=_("格式"),
        choices=[],
    )
    section_1 = forms.CharField(
        label=SECTION_HEADINGS["1"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    section_5 = forms.CharField(
        label=SECTION_HEADINGS["5"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    section_6 = forms.CharField(
        label=SECTION_HEADINGS["6"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("已按案件记录预填信息处理费收取情况和第四部分的统计口径"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["format"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(f.value, f"{f.value}（{f.label}）") for f in FormatId]
        field.help_text = _format_help()

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"section_{key}"] for key in ("1", "5", "6")}

    def format_id(self) -> FormatId:
        return FormatId(self.cleaned_data["format"])


class PublishForm(CleanTextForm):
    # Publication makes an immutable public version: one explicit confirmation first.
    confirm = forms.BooleanField(
        label=_("我已核对报告内容，确认发布（发布后公开且不可修改，只能发布更正版本）"),
        error_messages={"required": _("请先勾选确认，再发布")},
    )
    correction_note = forms.CharField(
        label=_("更正说明（再次发布时必填，随报告公开）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
