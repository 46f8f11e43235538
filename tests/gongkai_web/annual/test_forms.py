"""The drafting form takes its format choices and their help from the registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gongkai.report.formats import FORMATS
from gongkai_web.annual.forms import SectionsForm
from tests.gongkai.report import f2099


@pytest.fixture
def registered() -> Iterator[None]:
    FORMATS.register(f2099.FORMAT)
    try:
        yield
    finally:
        FORMATS.unregister(f2099.ID)


def test_drafting_form_names_the_notice_of_each_format() -> None:
    help_text = str(SectionsForm().fields["format"].help_text)

    assert "2019年度起为国办公开办函〔2019〕60号格式" in help_text
    assert "2021年度起为国办公开办函〔2021〕30号格式" in help_text


def test_drafting_form_offers_a_newly_registered_format(registered: None) -> None:
    field = SectionsForm().fields["format"]

    assert [value for value, _ in field.choices] == ["2019", "2021", "2099"]
    assert f"2099年度起为{f2099.FORMAT.document}格式" in str(field.help_text)
