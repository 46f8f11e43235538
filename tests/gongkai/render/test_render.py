from __future__ import annotations

import pytest

from gongkai.errors import InvalidInput
from gongkai.render import EXTENSIONS, RENDERERS, render
from gongkai.render.html import render_html
from gongkai.render.markdown import render_markdown
from tests.gongkai.render.cases import SEED_CASES, load_case


def test_renderers_are_named_by_format() -> None:
    assert set(RENDERERS) == {"html", "md", "docx", "xlsx", "pdf"}
    assert EXTENSIONS["md"] == ".md"


def test_render_dispatches_by_name() -> None:
    report = load_case(SEED_CASES[1])
    assert render(report, "html") == render_html(report)
    assert render(report, "md") == render_markdown(report)
    assert render(report, "docx").startswith(b"PK")
    assert render(report, "xlsx").startswith(b"PK")


def test_unknown_format_is_refused_with_the_choices() -> None:
    with pytest.raises(
        InvalidInput, match="unknown output format 'odt'; expected one of html"
    ):
        render(load_case(SEED_CASES[1]), "odt")
