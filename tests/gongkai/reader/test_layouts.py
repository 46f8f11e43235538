"""Layout variants of the seed reports and of random reports must read back exactly.

The variants are what published pages do to the same tables (layouts.py): one cell
per line, blank lines, tab-indented cells, tab- or pipe-separated rows, Markdown,
traditional characters, full-width digits, blank cells printed as nothing / NBSP / - /
— / / / 无, labels broken over lines or spaced out, page chrome and spam lines. Cells
run together (tags stripped) cannot always be decoded; there every wrong cell must
at least be marked uncertain.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reader import read_report
from gongkai.reader.evaluation import flatten
from gongkai.report.codec import load_report, report_from_data, report_to_data
from gongkai.report.model import AnnualReport
from tests.conftest import GOLD_FILES
from tests.gongkai.reader.layouts import (
    BLANKS,
    HTML_STYLES,
    STYLES,
    Options,
    render_html,
    render_text,
    report_data,
)

SEED_REPORTS = [load_report(path) for path in GOLD_FILES]
SEPARATED = [s for s in STYLES if s != "glued"]


@st.composite
def options(draw: st.DrawFn, styles: list[str]) -> Options:
    style = draw(st.sampled_from(styles))
    blanks: list[str | None] = [None]
    if style != "glued":
        blanks += [b for b in BLANKS if b or style not in ("lines", "blank_lines")]
    return Options(
        style=style,
        blank=draw(st.sampled_from(blanks)),
        traditional=draw(st.booleans()),
        fullwidth=draw(st.booleans()),
        wrap=draw(st.booleans()),
        spaced=draw(st.booleans()),
        chrome=draw(st.booleans()),
        seed=draw(st.integers(0, 10**6)),
    )


@st.composite
def random_reports(draw: st.DrawFn, consistent: bool | None = None) -> AnnualReport:
    """A report of either format; its rows add up when `consistent` (drawn if None)."""
    format_id = draw(st.sampled_from(["2019", "2021"]))
    adds_up = draw(st.booleans()) if consistent is None else consistent

    def draw_int(low: int, high: int) -> int:
        return draw(st.integers(low, high))

    return report_from_data(report_data(draw_int, format_id, consistent=adds_up))


def _read(report: AnnualReport, layout: Options) -> tuple[dict, dict]:  # type: ignore[type-arg]
    text = render_text(report, layout)
    result = read_report(text.encode("utf-8"), "variant.txt", latest_year=2030)
    return report_to_data(result.report), result.provenance


SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(st.sampled_from(SEED_REPORTS), options(SEPARATED))
def test_seed_reports_read_back_exactly_in_every_layout(
    report: AnnualReport, layout: Options
) -> None:
    got, _ = _read(report, layout)
    assert got == report_to_data(report)


@SETTINGS
@given(random_reports(), options(SEPARATED))
def test_random_reports_read_back_exactly_in_every_layout(
    report: AnnualReport, layout: Options
) -> None:
    got, _ = _read(report, layout)
    assert got == report_to_data(report)


def _wrong_cells(expected: dict, got: dict) -> list[str]:  # type: ignore[type-arg]
    wrong = []
    for table in ("proactive", "applications", "review_litigation"):
        want, have = flatten(expected[table], table), flatten(got[table], table)
        wrong += [
            path
            for path, value in want.items()
            if have.get(path) != value and not path.endswith("amount_unit")
        ]
    return wrong


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEED_REPORTS) | random_reports(consistent=True), options(["glued"])
)
def test_cells_run_together_are_right_or_marked_uncertain(
    report: AnnualReport, layout: Options
) -> None:
    got, provenance = _read(report, layout)
    expected = report_to_data(report)
    assert (got["agency"], got["year"], got["format"]) == (
        expected["agency"],
        expected["year"],
        expected["format"],
    )
    for path in _wrong_cells(expected, got):
        assert provenance[path].get("uncertain"), path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_reports(consistent=False), options(["glued"]))
def test_run_together_cells_of_a_broken_report_are_never_read_silently(
    report: AnnualReport, layout: Options
) -> None:
    """A broken report's digits may also fit a reading that adds up; the reader then
    says the row was decoded (a note), never passes it off as plainly printed."""
    text = render_text(report, layout)
    result = read_report(text.encode("utf-8"), "variant.txt", latest_year=2030)
    explained = {
        note.path
        for note in result.notes
        if note.code in ("split", "resolved", "uncertain", "missing_cell")
    }
    for path in _wrong_cells(report_to_data(report), report_to_data(result.report)):
        said = any(note and path.startswith(note) for note in explained)
        assert said or result.provenance[path].get("uncertain"), path


def test_the_generator_prints_every_style() -> None:
    report = SEED_REPORTS[2]
    texts = {s: render_text(report, Options(style=s)) for s in STYLES}
    assert (
        "\t" in texts["tabs"]
        and " | " in texts["pipes"]
        and "---|" in texts["markdown"]
    )
    assert "352" not in texts["glued"] and "规范性文件6623" in texts["glued"]
    assert Path(__file__).with_name("layouts.py").exists()


@st.composite
def page_options(draw: st.DrawFn) -> Options:
    style = draw(st.sampled_from(HTML_STYLES))
    blanks: list[str | None] = [None, "-", "—", "/", "无"]
    if style != "html_spans":  # a lone &nbsp; between inline spans is only spacing
        blanks.append("\u00a0")
    if style == "html_table":
        blanks.append("")
    return Options(
        style=style,
        blank=draw(st.sampled_from(blanks)),
        traditional=draw(st.booleans()),
        fullwidth=draw(st.booleans()),
        spaced=draw(st.booleans()),
        chrome=draw(st.booleans()),
        seed=draw(st.integers(0, 10**6)),
    )


@SETTINGS
@given(st.sampled_from(SEED_REPORTS) | random_reports(), page_options())
def test_reports_read_back_exactly_from_web_pages(
    report: AnnualReport, layout: Options
) -> None:
    page = render_html(report, layout)
    result = read_report(page.encode("utf-8"), "variant.html", latest_year=2030)
    assert report_to_data(result.report) == report_to_data(report)
