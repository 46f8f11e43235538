"""Forms that refuse control characters in every text field, naming the field.

Every form of the back office and the portal derives from `CleanTextForm`: a value with
a control character (`\\x01`, a NUL, a line break in a one-line field) is refused with
「字段」第N个字符是不可见的控制字符 U+XXXX, before any view stores it. Text areas may
hold line breaks and tabs; their CR LF pairs are stored as LF.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from gongkai.text import first_control


class CleanTextForm(forms.Form):
    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name, value in list(self.cleaned_data.items()):
            if not isinstance(value, str) or name not in self.fields:
                continue
            field = self.fields[name]
            multiline = isinstance(field.widget, forms.Textarea)
            if multiline:
                value = value.replace("\r\n", "\n")
                self.cleaned_data[name] = value
            offset = first_control(value, multiline=multiline)
            if offset is not None:
                self.add_error(
                    name,
                    _(
                        "「%(field)s」第%(position)s个字符是不可见的控制字符 %(code)s，请删除后再提交"
                    )
                    % {
                        "field": field.label or name,
                        "position": offset + 1,
                        "code": f"U+{ord(value[offset]):04X}",
                    },
                )
