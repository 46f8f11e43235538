"""Bar charts drawn on the server as inline SVG, each with its numbers as a table.

Server-side SVG rather than a JavaScript library: the pages need no script and no
vendored bundle (nothing to fetch at build time, nothing for the Content Security
Policy to allow), the charts print and render in any browser, and the same numbers
are always given as a table for screen readers (`<figure>` with the SVG marked
`aria-hidden`, the table beside it). Every app may use this module; it imports none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ("#0b5cad", "#2e8540", "#9a4a00", "#5b2a9a", "#b42318", "#57606a")


@dataclass(frozen=True)
class Chart:
    """A titled series of (label, value) bars; `unit` follows each value ("件", "%")."""

    title: str
    bars: Sequence[tuple[str, float]]
    unit: str = ""
    column_label: str = ""
    value_label: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.bars or all(value == 0 for _label, value in self.bars)


def _shown(value: float, unit: str) -> str:
    number = f"{value:.1f}" if unit == "%" else f"{value:g}"
    return f"{number}{unit}"


def bar_svg(chart: Chart, *, width: int = 560, bar_height: int = 22) -> SafeString:
    """Return horizontal bars as an SVG element (decorative: the table says it)."""
    label_width, gap = 150, 6
    top = max((value for _label, value in chart.bars), default=0) or 1
    height = len(chart.bars) * (bar_height + gap) + gap
    room = width - label_width - 70
    parts = [
        f'<svg class="chart" role="img" aria-hidden="true" focusable="false" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="13">'
    ]
    for n, (label, value) in enumerate(chart.bars):
        y = gap + n * (bar_height + gap)
        length = round(room * value / top) if value > 0 else 0
        colour = PALETTE[n % len(PALETTE)] if chart.unit != "%" else PALETTE[0]
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 6}" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{colour}"/>'
            f'<text x="{label_width + length + 4}" y="{y + bar_height - 6}">'
            f"{escape(_shown(value, chart.unit))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def figure(chart: Chart) -> SafeString:
    """Return the chart as a `<figure>`: its title, the SVG, and the same numbers as a
    table (what assistive technology and print read)."""
    rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th>'
        f'<td class="num">{escape(_shown(value, chart.unit))}</td></tr>'
        for label, value in chart.bars
    )
    table = (
        f'<table class="chart-data"><caption>{escape(chart.title)}</caption>'
        f'<thead><tr><th scope="col">{escape(chart.column_label)}</th>'
        f'<th scope="col">{escape(chart.value_label)}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    body = bar_svg(chart) if not chart.is_empty else ""
    summary = escape(_("数据表"))
    return mark_safe(  # noqa: S308 - built from escaped parts
        f'<figure class="chart-figure"><figcaption>{escape(chart.title)}'
        f"</figcaption>{body}<details><summary>{summary}</summary>"
        f"{table}</details>"
        "</figure>"
    )


@dataclass(frozen=True)
class StackedChart:
    """Bars split into parts: one bar per label (a year), one part per series."""

    title: str
    series: Sequence[str]  # the parts' names, in the legend's order
    bars: Sequence[tuple[str, Sequence[float]]]  # (label, one value per series)
    column_label: str = ""
    unit: str = ""

    @property
    def is_empty(self) -> bool:
        return all(value == 0 for _label, values in self.bars for value in values)


def stacked_svg(
    chart: StackedChart, *, width: int = 560, bar_height: int = 22
) -> SafeString:
    """Return horizontal stacked bars with a legend (decorative: the table says it)."""
    label_width, gap, legend = 70, 6, 20
    top = max((sum(values) for _label, values in chart.bars), default=0) or 1
    rows = len(chart.series)
    height = len(chart.bars) * (bar_height + gap) + gap + rows * legend
    room = width - label_width - 70
    parts = [
        f'<svg class="chart" role="img" aria-hidden="true" focusable="false" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="13">'
    ]
    for n, (label, values) in enumerate(chart.bars):
        y = gap + n * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 6}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        x = label_width
        for k, value in enumerate(values):
            length = round(room * value / top) if value > 0 else 0
            parts.append(
                f'<rect x="{x}" y="{y}" width="{length}" height="{bar_height}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"/>'
            )
            x += length
        parts.append(
            f'<text x="{x + 4}" y="{y + bar_height - 6}">'
            f"{escape(_shown(sum(values), chart.unit))}</text>"
        )
    y = len(chart.bars) * (bar_height + gap) + gap
    for k, name in enumerate(chart.series):
        parts.append(
            f'<rect x="{label_width}" y="{y + k * legend + 4}" width="12" height="12" '
            f'fill="{PALETTE[k % len(PALETTE)]}"/>'
            f'<text x="{label_width + 18}" y="{y + k * legend + 15}">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def stacked_figure(chart: StackedChart) -> SafeString:
    """Return the stacked chart as a `<figure>` with its numbers as a table."""
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in chart.series)
    rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th>'
        + "".join(
            f'<td class="num">{escape(_shown(v, chart.unit))}</td>' for v in values
        )
        + "</tr>"
        for label, values in chart.bars
    )
    table = (
        f'<table class="chart-data"><caption>{escape(chart.title)}</caption>'
        f'<thead><tr><th scope="col">{escape(chart.column_label)}</th>{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )
    body = stacked_svg(chart) if not chart.is_empty else ""
    summary = escape(_("数据表"))
    return mark_safe(  # noqa: S308 - built from escaped parts
        f'<figure class="chart-figure"><figcaption>{escape(chart.title)}'
        f"</figcaption>{body}<details open><summary>{summary}</summary>"
        f"{table}</details>"
        "</figure>"
    )
