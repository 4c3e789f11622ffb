"""Charts drawn on the server as SVG text: readable on a projector, printable in black and white.

Pure functions of numbers and labels the caller has already translated. Every label is
XML-escaped. Shapes use presentation attributes only (the Content-Security-Policy forbids
inline ``style``). Colour is never the only signal: the panel's row is labelled and set in
bold, negative bars are hatched and every value is written out beside its mark.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FONT = 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif'
WIDTH = 1000
LABEL_WIDTH = 300
VALUE_WIDTH = 120
ROW_HEIGHT = 52
TOP = 96
BOTTOM = 110
TITLE_SIZE = 26
LABEL_SIZE = 20
TICK_SIZE = 18
# Estimated advance of a character, in ems: Chinese characters are about twice as wide as
# Latin ones. Good enough to keep labels and titles inside their room without a font.
WIDE_EM = 1.0
NARROW_EM = 0.6
INK = "#000000"
GRID = "#b0b0b0"
PANEL_FILL = "#bdbdbd"
BOX_FILL = "#ffffff"
BAR_FILL = "#1d3f73"


@dataclass(frozen=True)
class BoxRow:
    """One box of a box plot: a five-number summary, the mean and the count (``n``).

    ``emphasis`` sets the row apart (the whole panel against the single judges).
    """

    label: str
    n: int
    minimum: float | None
    q1: float | None
    median: float | None
    q3: float | None
    maximum: float | None
    mean: float | None
    emphasis: bool = False


@dataclass(frozen=True)
class BarRow:
    """One bar of a diverging bar chart; ``value`` None draws ``missing_text`` instead."""

    label: str
    value: float | None
    note: str = ""


def _number(value: float) -> str:
    # Coordinates with two decimals keep the text short and the drawing exact enough.
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _width(text: str, size: float) -> float:
    """The estimated width of ``text`` at font ``size``."""
    ems = sum(
        WIDE_EM if unicodedata.east_asian_width(character) in "WF" else NARROW_EM
        for character in text
    )
    return ems * size


def _short(label: str, room: float = LABEL_WIDTH - 24, size: float = LABEL_SIZE) -> str:
    """``label``, cut with an ellipsis where it would not fit in ``room``."""
    if _width(label, size) <= room:
        return label
    while label and _width(label + "…", size) > room:
        label = label[:-1]
    return label + "…"


def _title_size(title: str) -> int:
    """The title's font size: the default, smaller for a title too long for the chart."""
    room = WIDTH - 32
    return max(14, min(TITLE_SIZE, math.floor(TITLE_SIZE * room / _width(title, TITLE_SIZE))))


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = LABEL_SIZE,
    anchor: str = "start",
    bold: bool = False,
) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" font-size="{size}" '
        f'text-anchor="{anchor}" fill="{INK}"{weight}>{escape(content)}</text>'
    )


def _line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    *,
    width: float = 2,
    stroke: str = INK,
    dash: str = "",
) -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" y2="{_number(y2)}" '
        f'stroke="{stroke}" stroke-width="{_number(width)}"{dashes}/>'
    )


def _open(chart_id: str, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {_number(height)}" width="{WIDTH}" height="{_number(height)}" '
        f"font-family={quoteattr(FONT)} "
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{_number(height)}" fill="#ffffff"/>',
        _text(16, 36, title, size=_title_size(title), bold=True),
    ]


def box_plot(
    rows: Sequence[BoxRow],
    *,
    chart_id: str,
    title: str,
    description: str,
    axis_label: str,
    legend: str,
    count_text: str,
    empty_text: str,
    reference: float | None = None,
    reference_label: str = "",
    low: float = 0.0,
    high: float = 100.0,
    step: float = 10.0,
) -> str:
    """Horizontal box plots on one ``[low, high]`` axis, one row each.

    Each box spans the quartiles with a thick line at the median, whiskers run from the
    lowest to the highest value and a diamond marks the mean; ``count_text`` (with
    ``%(n)s``) is written at the right end of each row, ``empty_text`` in rows without
    values. ``reference`` draws a dashed vertical line across all rows, labelled
    ``reference_label``.
    """
    plot_left, plot_right = LABEL_WIDTH, WIDTH - VALUE_WIDTH
    height = TOP + ROW_HEIGHT * max(len(rows), 1) + BOTTOM

    def x_of(value: float) -> float:
        clipped = min(max(value, low), high)
        return plot_left + (clipped - low) / (high - low) * (plot_right - plot_left)

    parts = _open(chart_id, height, title, description)
    bottom = TOP + ROW_HEIGHT * max(len(rows), 1)
    ticks = round((high - low) / step)
    for index in range(ticks + 1):
        value = low + index * step
        x = x_of(value)
        parts.append(_line(x, TOP - 8, x, bottom, width=1, stroke=GRID))
        parts.append(_text(x, bottom + 26, _number(value), size=TICK_SIZE, anchor="middle"))
    parts.append(_line(plot_left, bottom, plot_right, bottom, width=2))
    parts.append(_text((plot_left + plot_right) / 2, bottom + 56, axis_label, anchor="middle"))
    parts.append(_text(16, bottom + 90, legend, size=TICK_SIZE))
    if reference is not None:
        x = x_of(reference)
        parts.append(_line(x, TOP - 16, x, bottom, width=2, dash="8 6"))
        parts.append(_text(x, TOP - 22, reference_label, size=TICK_SIZE, anchor="middle"))
    for index, row in enumerate(rows):
        middle = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
        parts.append(f"<g><title>{escape(row.label)}</title>")
        parts.append(
            _text(plot_left - 14, middle + 7, _short(row.label), anchor="end", bold=row.emphasis)
        )
        summary = (row.minimum, row.q1, row.median, row.q3, row.maximum)
        if row.n == 0 or any(value is None for value in summary):
            parts.append(_text(plot_left + 8, middle + 7, empty_text, size=TICK_SIZE))
            parts.append("</g>")
            continue
        minimum, q1, median, q3, maximum = (x_of(float(value)) for value in summary)  # type: ignore[arg-type]
        half = 13
        parts.append(_line(minimum, middle, q1, middle))
        parts.append(_line(q3, middle, maximum, middle))
        parts.append(_line(minimum, middle - half / 2, minimum, middle + half / 2))
        parts.append(_line(maximum, middle - half / 2, maximum, middle + half / 2))
        fill = PANEL_FILL if row.emphasis else BOX_FILL
        parts.append(
            f'<rect x="{_number(q1)}" y="{_number(middle - half)}" '
            f'width="{_number(max(q3 - q1, 1))}" height="{2 * half}" fill="{fill}" '
            f'stroke="{INK}" stroke-width="2"/>'
        )
        parts.append(_line(median, middle - half, median, middle + half, width=5))
        if row.mean is not None:
            x = x_of(row.mean)
            points = f"{_number(x)},{_number(middle - 8)} {_number(x + 8)},{_number(middle)} "
            points += f"{_number(x)},{_number(middle + 8)} {_number(x - 8)},{_number(middle)}"
            parts.append(
                f'<polygon points="{points}" fill="{INK}" stroke="#ffffff" stroke-width="1.5"/>'
            )
        parts.append(_text(plot_right + 12, middle + 7, count_text % {"n": row.n}, size=TICK_SIZE))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def diverging_bar_chart(
    rows: Sequence[BarRow],
    *,
    chart_id: str,
    title: str,
    description: str,
    axis_label: str,
    negative_label: str,
    positive_label: str,
    missing_text: str,
    minimum_extent: float = 5.0,
) -> str:
    """Bars left (negative, hatched) or right (positive, solid) of a zero line, one row each,
    with the signed value written at the end of each bar; the axis is symmetric and spans at
    least ``minimum_extent`` either way."""
    plot_left, plot_right = LABEL_WIDTH, WIDTH - VALUE_WIDTH
    zero = (plot_left + plot_right) / 2
    height = TOP + ROW_HEIGHT * max(len(rows), 1) + BOTTOM
    largest = max((abs(row.value) for row in rows if row.value is not None), default=0.0)
    # Headroom beyond the longest bar for its value label.
    extent = max(minimum_extent, math.ceil(largest * 1.3 / 5) * 5)

    def x_of(value: float) -> float:
        return zero + value / extent * (plot_right - zero)

    parts = _open(chart_id, height, title, description)
    parts.append(
        f'<defs><pattern id="{chart_id}-hatch" width="8" height="8" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{INK}" stroke-width="3"/>'
        "</pattern></defs>"
    )
    bottom = TOP + ROW_HEIGHT * max(len(rows), 1)
    step = extent / 5
    for index in range(-5, 6):
        value = index * step
        x = x_of(value)
        parts.append(_line(x, TOP - 8, x, bottom, width=1, stroke=GRID))
        parts.append(_text(x, bottom + 26, signed_number(value), size=TICK_SIZE, anchor="middle"))
    parts.append(_line(plot_left, bottom, plot_right, bottom, width=2))
    parts.append(_line(zero, TOP - 16, zero, bottom, width=4))
    parts.append(_text(plot_left, bottom + 56, "← " + negative_label, size=TICK_SIZE))
    parts.append(
        _text(plot_right, bottom + 56, positive_label + " →", size=TICK_SIZE, anchor="end")
    )
    parts.append(_text(zero, bottom + 90, axis_label, anchor="middle"))
    for index, row in enumerate(rows):
        middle = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
        parts.append(f"<g><title>{escape(row.label)}</title>")
        parts.append(_text(plot_left - 14, middle + 7, _short(row.label), anchor="end"))
        if row.value is None:
            parts.append(_text(zero + 10, middle + 7, missing_text, size=TICK_SIZE))
            parts.append("</g>")
            continue
        end = x_of(row.value)
        left, width = min(zero, end), abs(end - zero)
        fill = BAR_FILL if row.value >= 0 else f"url(#{chart_id}-hatch)"
        parts.append(
            f'<rect x="{_number(left)}" y="{_number(middle - 14)}" width="{_number(width)}" '
            f'height="28" fill="{fill}" stroke="{INK}" stroke-width="2"/>'
        )
        label = signed_number(row.value, digits=1)
        if row.note:
            label += f" {row.note}"
        # The value stands right of the bar's outer end, or right of the zero line for a
        # negative bar: left of a long negative bar it would run into the row's label.
        parts.append(_text(max(end, zero) + 10, middle + 7, label, size=TICK_SIZE))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def signed_number(value: float, digits: int = 0) -> str:
    """``+3``, ``−2.5`` (a real minus sign), ``0``."""
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text
