"""An agency's reports over the years as chart data: applications received, the
outcome mix, reconsideration and litigation, proactive disclosure counts.

Each year is the agency's latest collected report of that year, with the supervisors'
corrections laid over it. A table the report lacks counts as no bar (0), and the year
is named among the gaps.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gongkai_web.agencies.models import Agency
from gongkai_web.charts import Chart, StackedChart
from gongkai_web.supervision.models import CollectedReport

TOTAL = 6  # the 总计 column of section 三
# outcome rows by id prefix -> the six items of 三、本年度办理结果 (（七）总计 excluded)
OUTCOMES = (
    ("granted", "予以公开"),
    ("partially_granted", "部分公开"),
    ("denied_", "不予公开"),
    ("unable_", "无法提供"),
    ("not_processed_", "不予处理"),
    ("other", "其他处理"),
)
REVIEWS = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_reconsideration", "复议后起诉"),
)
PROACTIVE = (
    ("licensing", "行政许可"),
    ("penalty", "行政处罚"),
    ("enforcement", "行政强制"),
)


def yearly(agency: Agency) -> list[tuple[int, CollectedReport, dict[str, Any]]]:
    """(year, report row, corrected model data) of the agency's latest report a year."""
    latest: dict[int, CollectedReport] = {}
    rows = (
        CollectedReport.objects.filter(agency=agency)
        .prefetch_related("corrections")
        .order_by("collected_at", "pk")
    )
    for row in rows:
        latest[row.year] = row
    return [(year, row, row.corrected_data()) for year, row in sorted(latest.items())]


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _outcome(row_id: str) -> int | None:
    for n, (prefix, _label) in enumerate(OUTCOMES):
        if row_id == prefix or (prefix.endswith("_") and row_id.startswith(prefix)):
            return n
    if row_id.startswith("other"):
        return len(OUTCOMES) - 1
    return None


def charts(years: list[tuple[int, CollectedReport, dict[str, Any]]]) -> list[Any]:
    """The four charts of the series, in the page's order."""
    received: list[tuple[str, float]] = []
    outcomes: list[tuple[str, list[float]]] = []
    reviews: list[tuple[str, list[float]]] = []
    proactive: list[tuple[str, list[float]]] = []
    for year, _row, data in years:
        label = str(year)
        apps = data.get("applications") or {}
        received.append((label, _number((apps.get("new_received") or [0] * 7)[TOTAL])))
        mix = [0.0] * len(OUTCOMES)
        for row_id, values in apps.items():
            n = _outcome(row_id)
            if n is not None and isinstance(values, list) and len(values) > TOTAL:
                mix[n] += _number(values[TOTAL])
        outcomes.append((label, mix))
        review = data.get("review_litigation") or {}
        reviews.append(
            (label, [_number((review.get(g) or [0] * 5)[4]) for g, _n in REVIEWS])
        )
        table = data.get("proactive") or {}
        proactive.append(
            (
                label,
                [_number((table.get(r) or {}).get("decisions")) for r, _n in PROACTIVE],
            )
        )
    year_label = _("年度")
    return [
        Chart(
            _("本年新收政府信息公开申请"),
            received,
            unit=_("件"),
            column_label=year_label,
            value_label=_("申请数"),
        ),
        StackedChart(
            _("办理结果构成"),
            [_(name) for _id, name in OUTCOMES],
            outcomes,
            column_label=year_label,
        ),
        StackedChart(
            _("行政复议和行政诉讼（总计）"),
            [_(name) for _id, name in REVIEWS],
            reviews,
            column_label=year_label,
        ),
        StackedChart(
            _("主动公开：行政许可、处罚、强制决定数"),
            [_(name) for _id, name in PROACTIVE],
            proactive,
            column_label=year_label,
        ),
    ]
