"""Charts: server-side SVG with the same numbers as a table, on dashboard and statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.test import Client
from django.utils import translation

from gongkai.vocabulary import Outcome
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import services, trends
from gongkai_web.applications.services import work
from gongkai_web.charts import Chart, figure
from tests.gongkai_web.conftest import TODAY, make_application

Login = Callable[[Any], Client]


def test_a_figure_escapes_labels_and_gives_every_number_as_a_table() -> None:
    html = figure(Chart("标题", [("<b>甲</b>", 3), ("乙", 0)], unit="件"))
    assert "<b>甲</b>" not in html and "&lt;b&gt;甲&lt;/b&gt;" in html
    assert '<td class="num">3件</td>' in html and '<td class="num">0件</td>' in html
    assert 'aria-hidden="true"' in html and "<svg" in html


def test_an_empty_chart_has_the_table_and_no_drawing() -> None:
    html = figure(Chart("空", [("一月", 0)]))
    assert "<svg" not in html and "<table" in html


def test_the_numbers_of_intake_outcomes_on_time_and_overdue(
    agency: Agency, registrar: Any, handler: Any, approver: Any
) -> None:
    late = make_application(agency, registrar, received=date(2024, 4, 1))
    make_application(agency, registrar, received=date(2024, 4, 15))
    answered = make_application(agency, registrar, received=date(2024, 5, 20))
    services.reply(answered.pk, handler, TODAY, outcome=Outcome.GRANTED)
    work.assign(late.pk, approver, handler)
    translation.activate("zh-hans")  # an earlier request may have left English on
    intake = dict(trends.monthly_intake(agency, 2024).bars)
    assert intake["4月"] == 2 and intake["5月"] == 1 and intake["6月"] == 0
    assert trends.outcome_mix(agency, 2024).bars == [("予以公开", 1)]
    assert trends.on_time_rate(agency, 2024).bars == [("6月", 100.0)]
    overdue = dict(trends.overdue_by_handler(agency, TODAY).bars)
    assert overdue == {"handler": 1, "未分派": 1}


def test_dashboard_and_statistics_show_the_charts_from_our_own_page(
    agency: Agency, registrar: Any, handler: Any, login: Login
) -> None:
    make_application(agency, registrar)
    for url in (f"/a/{agency.code}/", f"/a/{agency.code}/statistics/?year=2024"):
        html = login(handler).get(url).content.decode()
        assert "2024 年每月收到申请" in html and "<svg" in html
        assert "已超期案件（按承办人）" in html
        # Nothing from another site: the one script is the project's own.
        assert "cdn" not in html.lower() and 'src="http' not in html
        assert 'src="/static/gongkai/forms.js"' in html
