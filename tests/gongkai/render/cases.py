"""The render test cases: golden directories, seed reports, and generated reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from gongkai.report.codec import load_report, report_from_data, report_to_data
from gongkai.report.formats import CellKind, FormatId, get_format
from gongkai.report.model import AnnualReport

HERE = Path(__file__).parent
GOLDEN = HERE.parents[1] / "golden" / "render"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())
SEED_CASES = [case for case in CASES if case.name[:3].isdigit()]


def load_case(case: Path) -> AnnualReport:
    return load_report(case / "report.json")


def gold_data(report: AnnualReport) -> dict[str, Any]:
    """The fields a rendering must carry back: agency, year, format and the tables."""
    data = report_to_data(report)
    keys = (
        "agency",
        "year",
        "format",
        "proactive",
        "applications",
        "review_litigation",
    )
    return {key: data[key] for key in keys}


def case_id(case: Path) -> str:
    return case.name


_COUNTS = st.integers(min_value=0, max_value=10**6)
_SIGNED = st.integers(min_value=-(10**4), max_value=10**4)
_DECIMALS = st.decimals(
    min_value=0, max_value=10**7, places=6, allow_nan=False, allow_infinity=False
)
_KINDS = {
    CellKind.COUNT: _COUNTS,
    CellKind.SIGNED: _SIGNED,
    CellKind.DECIMAL: _DECIMALS,
}


@st.composite
def reports(draw: st.DrawFn) -> AnnualReport:
    """Any report of either format: every cell drawn, units and missing tables too."""
    format_id = draw(st.sampled_from(list(FormatId)))
    spec = get_format(format_id)
    proactive: dict[str, Any] = {}
    for row in spec.proactive_rows:
        proactive[row.id] = {c.id: draw(_KINDS[c.kind]) for c in row.columns}
    if "procurement" in proactive:
        proactive["procurement"]["amount_unit"] = draw(
            st.sampled_from([None, "元", "万元"])
        )
    applications = {
        row.id: draw(st.lists(_COUNTS, min_size=7, max_size=7))
        for row in spec.applications
    }
    review = {
        group: draw(st.lists(_COUNTS, min_size=5, max_size=5))
        for group in (
            "reconsideration",
            "litigation_direct",
            "litigation_after_reconsideration",
        )
    }
    data = {
        "agency": draw(
            st.sampled_from(["黄石市人民防空办公室", "某县<人民>政府&办公室"])
        ),
        "year": draw(st.integers(min_value=2019, max_value=2030)),
        "format": format_id.value,
        "proactive": proactive,
        "applications": draw(st.sampled_from([applications, None])),
        "review_litigation": draw(st.sampled_from([review, None])),
    }
    return report_from_data(data)
