"""Accessible server-side SVG charts for the statistics dashboard: lines, bars and a heat map.

The returned markup is inline SVG for Jinja2 templates: no scripts, no stylesheets, no ids
other than the title and description. Text inherits the page's font and colour
(``currentColor``) so page zoom and light or dark themes carry over; marks carry their own
colours, chosen to keep at least 3:1 against both a white and a near-black page. Nothing
relies on colour alone: series differ by dash pattern and marker shape, bars and heat-map
cells print their values, and every mark has a ``<title>`` tooltip.

Callers translate every string and format every number (``fmt``); the output is deterministic
so it can be tested byte for byte and cached.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

Formatter = Callable[[float], str]

_SVG_NS = "http://www.w3.org/2000/svg"
_CHART_ID = re.compile(r"[A-Za-z0-9_-]+")

FONT_SIZE = 14
SMALL_FONT_SIZE = 12
# Text is measured by estimate from DejaVu Sans advances (a wide face), rounded up: lower
# case and digits 0.64 em, capitals 0.75, and the outliers below.
_CHAR_EM = 0.64
_WIDE_EM = 0.75
_CHAR_EMS = dict.fromkeys("MWmw%@—…", 1.0) | dict.fromkeys("iljfrtI.,:;'!| ()[]", 0.42)
_LABEL_GAP = 12.0
#: The most x-axis labels a line chart shows, however wide it is.
MAX_X_LABELS = 12

#: The viewBox width of every chart (unless its content needs more), so a page of charts
#: shows text at one scale.
_NOMINAL_WIDTH = 720.0
_PLOT_HEIGHT = 260.0
_MARKER_RADIUS = 4.0
#: Markers closer than this are thinned visually; the rest stay as invisible hover targets.
_MARKER_SPACING = 14.0

# Okabe–Ito hues plus two more, each with relative luminance in 0.1..0.3 so lines keep a
# 3:1 contrast on a white page and on a dark one.
_SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#6a5acd")
_DASHES = ("none", "9 4", "2 4", "12 4 3 4", "5 2", "1 6")
_SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "plus")

_BAR_COLOUR = "#2171b5"
_BAR_HEIGHT = 20.0
_BAR_ROW = 30.0

# ColorBrewer "Blues": one hue, light to dark, so order reads without colour vision.
_RAMP = (
    (0xF7, 0xFB, 0xFF),
    (0xDE, 0xEB, 0xF7),
    (0xC6, 0xDB, 0xEF),
    (0x9E, 0xCA, 0xE1),
    (0x6B, 0xAE, 0xD6),
    (0x42, 0x92, 0xC6),
    (0x21, 0x71, 0xB5),
    (0x08, 0x51, 0x9C),
    (0x08, 0x30, 0x6B),
)
# Pure black and white: at the ramp's worst point one of them still reaches 4.58:1.
_DARK_TEXT = "#000000"
_LIGHT_TEXT = "#ffffff"
_CELL_HEIGHT = 30.0
_MIN_CELL_WIDTH = 16.0
_MAX_CELL_WIDTH = 48.0
_NO_VALUE = "—"


@dataclass(frozen=True)
class Series:
    """One line of a line chart; ``None`` values are gaps."""

    label: str
    values: Sequence[float | None]


def nice_ticks(maximum: float, *, target: int = 5, integers: bool = False) -> list[float]:
    """Axis ticks from 0 past ``maximum`` in steps of 1, 2, 2.5 or 5 × 10^k.

    At most ``target`` intervals; ``integers`` forbids fractional steps (counts). A maximum
    of 0 gives ``[0, 1]`` so an empty chart still has an axis.
    """
    if not math.isfinite(maximum) or maximum < 0:
        raise ValueError(f"axis maximum must be a finite non-negative number: {maximum!r}")
    if target < 1:
        raise ValueError("target must be at least 1")
    if maximum == 0:
        return [0.0, 1.0]
    exponent = math.floor(math.log10(maximum / target))
    if integers:
        exponent = max(exponent, 0)
    for multiplier in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = _scaled(multiplier, exponent)
        if integers and not step.is_integer():
            continue
        # A relative tolerance keeps 0.2 × 5 from missing 1.0 by a rounding error.
        if step * target >= maximum * (1 - 1e-9):
            break
    intervals = max(1, math.ceil(maximum / step - 1e-9))
    return [_scaled(i * multiplier, exponent) for i in range(intervals + 1)]


def line_chart(
    *,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    fmt: Formatter,
    y_label: str,
    chart_id: str,
) -> Markup:
    """A line chart of one or more series over shared x labels, the y axis from 0."""
    chart_id = _checked_id(chart_id)
    count = len(x_labels)
    for one in series:
        if len(one.values) != count:
            raise ValueError(
                f"series {one.label!r} has {len(one.values)} values for {count} x labels"
            )
    present = [_checked(v) for one in series for v in one.values if v is not None]
    text = _Memo(fmt)
    ticks = nice_ticks(max(present, default=0.0), integers=all(v.is_integer() for v in present))
    tick_texts = [text(t) for t in ticks]

    width = _NOMINAL_WIDTH
    legend, legend_height = _line_legend(series, width)
    y_label_baseline = legend_height + FONT_SIZE
    top = y_label_baseline + FONT_SIZE
    bottom = top + _PLOT_HEIGHT
    left = max(_text_width(t, FONT_SIZE) for t in tick_texts) + 10
    right = width - 12
    height = bottom + 8 + FONT_SIZE + 8
    y_max = ticks[-1]

    def y_of(value: float) -> float:
        return bottom - _PLOT_HEIGHT * value / y_max

    if count == 1:
        xs = [(left + right) / 2]
    else:
        xs = [left + (right - left) * i / (count - 1) for i in range(count)]

    out = _open(chart_id, title, description, width, height, "line")
    out.extend(legend)
    out.append(f'<text x="0" y="{_n(y_label_baseline)}" class="axis-label">{_esc(y_label)}</text>')
    for tick, label in zip(ticks, tick_texts, strict=True):
        y = y_of(tick)
        # The baseline is an axis; the other gridlines are faint so the data stands out.
        opacity = "" if tick == 0 else ' stroke-opacity="0.2"'
        out.append(
            f'<line class="grid" x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}"'
            f' stroke="currentColor"{opacity}/>'
            f'<text x="{_n(left - 6)}" y="{_n(_middle(y, FONT_SIZE))}"'
            f' text-anchor="end">{_esc(label)}</text>'
        )
    out.append(
        f'<line class="axis" x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(bottom)}"'
        ' stroke="currentColor"/>'
    )
    label_baseline = bottom + 8 + FONT_SIZE
    for index, centre in _thinned(x_labels, xs, FONT_SIZE, 0.0, width, MAX_X_LABELS):
        out.append(
            f'<line x1="{_n(xs[index])}" y1="{_n(bottom)}" x2="{_n(xs[index])}"'
            f' y2="{_n(bottom + 5)}" stroke="currentColor"/>'
            f'<text class="x-label" x="{_n(centre)}" y="{_n(label_baseline)}"'
            f' text-anchor="middle">{_esc(x_labels[index])}</text>'
        )

    spacing = xs[1] - xs[0] if count > 1 else math.inf
    every = 1 if spacing >= _MARKER_SPACING else math.ceil(_MARKER_SPACING / spacing)
    # Coordinates are formatted once: a year of three series is a thousand points.
    x_texts = [_n(x) for x in xs]
    y_texts: dict[float, str] = {}
    labels = [_esc(label) for label in x_labels]
    markers: list[str] = []
    for number, one in enumerate(series):
        colour, dash, shape = _series_style(number)
        name = _esc(one.label)
        # Shift each series' visible markers so they do not pile up at the same x.
        offset = number * every // max(1, len(series))
        for run in _runs(one.values):
            for _, v in run:
                if v not in y_texts:
                    y_texts[v] = _n(y_of(v))
            if len(run) > 1:
                points = " L".join(f"{x_texts[i]},{y_texts[v]}" for i, v in run)
                out.append(
                    f'<path class="line" d="M{points}" fill="none" stroke="{colour}"'
                    f' stroke-width="2.5" stroke-dasharray="{dash}" stroke-linejoin="round"/>'
                )
            for i, v in run:
                title_text = f"<title>{name}, {labels[i]}: {_esc(text(v))}</title>"
                if len(run) == 1 or (i - offset) % every == 0:
                    markers.append(_marker(shape, xs[i], y_of(v), colour, "mark", title_text))
                else:
                    # Hidden markers stay as hover targets (opacity does not stop pointer
                    # events); their shape is invisible, so a circle does.
                    markers.append(
                        f'<circle class="mark" cx="{x_texts[i]}" cy="{y_texts[v]}"'
                        f' r="{_n(_MARKER_RADIUS)}" fill="{colour}" opacity="0">'
                        f"{title_text}</circle>"
                    )
    # Markers go last so no line is drawn across them.
    out.extend(markers)
    return _close(out, "</svg>")


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float]],
    fmt: Formatter,
    value_label: str,
    chart_id: str,
) -> Markup:
    """Horizontal bars from 0, the label on the left and the value printed at the bar's end."""
    chart_id = _checked_id(chart_id)
    text = _Memo(fmt)
    values = [_checked(value) for _, value in bars]
    value_texts = [text(v) for v in values]
    label_width = max((_text_width(label, FONT_SIZE) for label, _ in bars), default=0.0)
    value_width = max((_text_width(t, FONT_SIZE) for t in value_texts), default=0.0)
    # Long (translated) labels widen the drawing instead of being cut short.
    bar_area = max(240.0, _NOMINAL_WIDTH - label_width - value_width - 30)
    start = label_width + 12
    width = start + bar_area + 6 + value_width + 12
    top = FONT_SIZE + 12
    height = top + _BAR_ROW * len(bars) + 6
    maximum = max(values, default=0.0)

    out = _open(chart_id, title, description, width, height, "bar")
    out.append(
        f'<text x="{_n(start)}" y="{_n(FONT_SIZE)}" class="axis-label">{_esc(value_label)}</text>'
    )
    for row, ((label, _), value, shown) in enumerate(zip(bars, values, value_texts, strict=True)):
        y = top + row * _BAR_ROW + (_BAR_ROW - _BAR_HEIGHT) / 2
        middle = _middle(y + _BAR_HEIGHT / 2, FONT_SIZE)
        length = bar_area * value / maximum if maximum > 0 else 0.0
        out.append(
            f'<text x="{_n(start - 8)}" y="{_n(middle)}" text-anchor="end">{_esc(label)}</text>'
            f'<rect class="mark" x="{_n(start)}" y="{_n(y)}" width="{_n(length)}"'
            f' height="{_n(_BAR_HEIGHT)}" fill="{_BAR_COLOUR}">'
            f"<title>{_esc(label)}: {_esc(shown)}</title></rect>"
            f'<text class="value" x="{_n(start + length + 6)}" y="{_n(middle)}">'
            f"{_esc(shown)}</text>"
        )
    out.append(
        f'<line class="axis" x1="{_n(start)}" y1="{_n(top)}" x2="{_n(start)}"'
        f' y2="{_n(height - 6)}" stroke="currentColor"/>'
    )
    return _close(out, "</svg>")


def heat_map(
    *,
    title: str,
    description: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    fmt: Formatter,
    chart_id: str,
    low_label: str,
    high_label: str,
) -> Markup:
    """A grid of shaded cells (e.g. weekdays × hours), the shade scaled to the largest value.

    Cells print their value when every value fits; otherwise the ``<title>`` tooltip
    ("row, column: value") carries it. Cells without data are outlined and struck through.
    """
    chart_id = _checked_id(chart_id)
    if len(values) != len(row_labels):
        raise ValueError(f"{len(values)} rows of values for {len(row_labels)} row labels")
    for row_label, row in zip(row_labels, values, strict=True):
        if len(row) != len(column_labels):
            raise ValueError(
                f"row {row_label!r} has {len(row)} values for {len(column_labels)} columns"
            )
    text = _Memo(fmt)
    present = [_checked(v) for row in values for v in row if v is not None]
    maximum = max(present, default=0.0)
    left = max((_text_width(label, FONT_SIZE) for label in row_labels), default=0.0) + 10
    widest_value = max((_text_width(text(v), SMALL_FONT_SIZE) for v in present), default=0.0)
    widest_column = max(
        (_text_width(label, SMALL_FONT_SIZE) for label in column_labels), default=0.0
    )
    # Cells share the nominal width, so text keeps the same scale as in the other charts;
    # a few columns grow to fit their labels and values, never past that width.
    share = (_NOMINAL_WIDTH - left - 8) / max(1, len(column_labels))
    wanted = max(_MAX_CELL_WIDTH, widest_column + _LABEL_GAP, widest_value + 8)
    cell_width = max(min(share, wanted), _MIN_CELL_WIDTH)
    show_values = widest_value + 6 <= cell_width
    top = FONT_SIZE + 12.0
    grid_width = cell_width * len(column_labels)
    grid_bottom = top + _CELL_HEIGHT * len(row_labels)

    low_width = _text_width(low_label, FONT_SIZE)
    ramp_left = left + low_width + 8
    ramp_steps = 5
    ramp_step_width = 24.0
    ramp_right = ramp_left + ramp_steps * ramp_step_width
    legend_top = grid_bottom + 14
    legend_width = ramp_right + 8 + _text_width(high_label, FONT_SIZE)
    height = legend_top + 16 + 6 + SMALL_FONT_SIZE + 6
    width = max(left + grid_width + 8, legend_width + 8, _NOMINAL_WIDTH)

    out = _open(chart_id, title, description, width, height, "heat")
    centres = [left + cell_width * (c + 0.5) for c in range(len(column_labels))]
    for index, centre in _thinned(
        column_labels, centres, SMALL_FONT_SIZE, left, width, len(column_labels)
    ):
        out.append(
            f'<text class="column-label" x="{_n(centre)}" y="{_n(FONT_SIZE + 2)}"'
            f' font-size="{SMALL_FONT_SIZE}" text-anchor="middle">'
            f"{_esc(column_labels[index])}</text>"
        )
    for r, (row_label, row) in enumerate(zip(row_labels, values, strict=True)):
        y = top + r * _CELL_HEIGHT
        out.append(
            f'<text x="{_n(left - 8)}" y="{_n(_middle(y + _CELL_HEIGHT / 2, FONT_SIZE))}"'
            f' text-anchor="end">{_esc(row_label)}</text>'
        )
        for c, value in enumerate(row):
            x = left + c * cell_width
            # A 1-unit gap on each side lets the page show between cells.
            box = (
                f'x="{_n(x + 1)}" y="{_n(y + 1)}" width="{_n(cell_width - 2)}"'
                f' height="{_n(_CELL_HEIGHT - 2)}"'
            )
            where = f"{row_label}, {column_labels[c]}"
            if value is None:
                out.append(
                    f'<g class="gap"><title>{_esc(where)}: {_NO_VALUE}</title>'
                    f'<rect {box} fill="none" stroke="currentColor" stroke-opacity="0.5"/>'
                    f'<line x1="{_n(x + 3)}" y1="{_n(y + _CELL_HEIGHT - 3)}"'
                    f' x2="{_n(x + cell_width - 3)}" y2="{_n(y + 3)}"'
                    ' stroke="currentColor" stroke-opacity="0.5"/></g>'
                )
                continue
            fill = _ramp(value / maximum if maximum > 0 else 0.0)
            shown = text(value)
            out.append(
                f'<rect class="mark" {box} fill="{fill}" stroke="currentColor"'
                f' stroke-opacity="0.15"><title>{_esc(where)}: {_esc(shown)}</title></rect>'
            )
            if show_values:
                out.append(
                    f'<text class="value" x="{_n(x + cell_width / 2)}"'
                    f' y="{_n(_middle(y + _CELL_HEIGHT / 2, SMALL_FONT_SIZE))}"'
                    f' font-size="{SMALL_FONT_SIZE}" text-anchor="middle"'
                    f' fill="{_text_on(fill)}" pointer-events="none">{_esc(shown)}</text>'
                )

    middle = _middle(legend_top + 8, FONT_SIZE)
    out.append(
        f'<g class="legend"><text x="{_n(ramp_left - 8)}" y="{_n(middle)}"'
        f' text-anchor="end">{_esc(low_label)}</text>'
    )
    for step in range(ramp_steps):
        out.append(
            f'<rect class="ramp" x="{_n(ramp_left + step * ramp_step_width)}"'
            f' y="{_n(legend_top)}" width="{_n(ramp_step_width)}" height="16"'
            f' fill="{_ramp(step / (ramp_steps - 1))}" stroke="currentColor"'
            ' stroke-opacity="0.15"/>'
        )
    out.append(f'<text x="{_n(ramp_right + 8)}" y="{_n(middle)}">{_esc(high_label)}</text>')
    if maximum > 0:
        # The ends of the scale in numbers, since the shades alone say only "more" or "less".
        numbers_baseline = legend_top + 16 + 4 + SMALL_FONT_SIZE
        out.append(
            f'<text x="{_n(ramp_left)}" y="{_n(numbers_baseline)}"'
            f' font-size="{SMALL_FONT_SIZE}">{_esc(text(0.0))}</text>'
            f'<text x="{_n(ramp_right)}" y="{_n(numbers_baseline)}"'
            f' font-size="{SMALL_FONT_SIZE}" text-anchor="end">{_esc(text(maximum))}</text>'
        )
    return _close(out, "</g></svg>")


class _Memo:
    """The caller's formatter, called once per distinct value (Babel is not free)."""

    def __init__(self, fmt: Formatter) -> None:
        self._fmt = fmt
        self._seen: dict[float, str] = {}

    def __call__(self, value: float) -> str:
        shown = self._seen.get(value)
        if shown is None:
            shown = self._seen[value] = self._fmt(value)
        return shown


def _checked_id(chart_id: str) -> str:
    if not _CHART_ID.fullmatch(chart_id):
        raise ValueError(f"chart_id may hold only letters, digits, '-' and '_': {chart_id!r}")
    return chart_id


def _checked(value: float) -> float:
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"chart values must be finite and non-negative: {value!r}")
    return value


def _scaled(multiplier: float, exponent: int) -> float:
    # Dividing by an exact power of ten rounds once, so 0.1 prints as 0.1, not 0.1000…01.
    if exponent >= 0:
        return multiplier * 10.0**exponent
    return multiplier / 10.0**-exponent


def _esc(text: str) -> str:
    return str(escape(text))


def _n(number: float) -> str:
    """A coordinate to one decimal, without a trailing ".0" (and never "-0")."""
    shown = f"{number:.1f}"
    if shown[-1] == "0":
        shown = shown[:-2]
        return "0" if shown == "-0" else shown
    return shown


def _text_width(text: str, size: float) -> float:
    """An upper estimate of the rendered width; wide and narrow glyphs differ by 3×."""
    return size * sum(
        _CHAR_EMS.get(char, _WIDE_EM if char.isupper() else _CHAR_EM) for char in text
    )


def _middle(y: float, size: float) -> float:
    """The baseline that centres text of ``size`` on ``y`` (dominant-baseline is uneven)."""
    return y + size * 0.35


def _open(
    chart_id: str, title: str, description: str, width: float, height: float, kind: str
) -> list[str]:
    return [
        f'<svg xmlns="{_SVG_NS}" class="chart chart-{kind}" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' font-family="inherit" font-size="{FONT_SIZE}" fill="currentColor">'
        f'<title id="{chart_id}-title">{_esc(title)}</title>'
        f'<desc id="{chart_id}-desc">{_esc(description)}</desc>'
    ]


def _close(parts: list[str], end: str) -> Markup:
    parts.append(end)
    # Safe: every caller-supplied string went through _esc, every number through _n.
    return Markup("".join(parts))  # noqa: S704


def _series_style(number: int) -> tuple[str, str, str]:
    """Colour, dash pattern and marker shape; pattern and shape pairs stay unique to 36."""
    kinds = len(_SHAPES)
    return (
        _SERIES_COLOURS[number % len(_SERIES_COLOURS)],
        _DASHES[(number + number // kinds) % len(_DASHES)],
        _SHAPES[number % kinds],
    )


def _line_legend(series: Sequence[Series], width: float) -> tuple[list[str], float]:
    """Legend entries (pattern, marker, label) in rows that wrap at ``width``."""
    parts: list[str] = []
    row_height = 22.0
    x = 0.0
    row = 0
    for number, one in enumerate(series):
        colour, dash, shape = _series_style(number)
        entry_width = 40 + 6 + _text_width(one.label, FONT_SIZE)
        if x > 0 and x + entry_width > width:
            x = 0.0
            row += 1
        y = row * row_height + row_height / 2
        parts.append(
            f'<g class="legend-entry"><line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 40)}"'
            f' y2="{_n(y)}" stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>'
            + _marker(shape, x + 20, y, colour, "legend-marker", "")
            + f'<text x="{_n(x + 46)}" y="{_n(_middle(y, FONT_SIZE))}">{_esc(one.label)}</text>'
            "</g>"
        )
        x += entry_width + 20
    height = (row + 1) * row_height + 6 if series else 0.0
    return parts, height


def _marker(shape: str, x: float, y: float, colour: str, cls: str, title: str) -> str:
    """A marker of ``shape``; ``title`` is ready-made (escaped) ``<title>`` markup or empty."""
    r = _MARKER_RADIUS
    if shape == "circle":
        tag, geometry = "circle", f'cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"'
    elif shape == "square":
        side = r * 1.8
        tag = "rect"
        geometry = (
            f'x="{_n(x - side / 2)}" y="{_n(y - side / 2)}" width="{_n(side)}" height="{_n(side)}"'
        )
    else:
        tag, geometry = "path", f'd="{_polygon(shape, x, y, r)}"'
    return f'<{tag} class="{cls}" {geometry} fill="{colour}">{title}</{tag}>'


def _polygon(shape: str, x: float, y: float, r: float) -> str:
    if shape == "triangle":
        points = [(0.0, -1.25), (1.15, 0.8), (-1.15, 0.8)]
    elif shape == "triangle-down":
        points = [(0.0, 1.25), (1.15, -0.8), (-1.15, -0.8)]
    elif shape == "diamond":
        points = [(0.0, -1.3), (1.3, 0.0), (0.0, 1.3), (-1.3, 0.0)]
    else:  # plus
        a, b = 1.3, 0.45
        points = [
            (-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b),
            (b, a), (-b, a), (-b, b), (-a, b), (-a, -b), (-b, -b),
        ]  # fmt: skip
    return "M" + " L".join(f"{_n(x + dx * r)},{_n(y + dy * r)}" for dx, dy in points) + " Z"


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The stretches of consecutive values between gaps, with their indexes."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
                current = []
        else:
            current.append((index, float(value)))
    if current:
        runs.append(current)
    return runs


def _thinned(
    labels: Sequence[str],
    xs: Sequence[float],
    size: float,
    low: float,
    high: float,
    at_most: int,
) -> list[tuple[int, float]]:
    """Which labels to show, and where: the first, then evenly spaced ones that do not overlap.

    Returns (index, centre) pairs; centres are nudged inward to keep the text inside
    ``low``..``high``.
    """
    count = len(labels)
    if count == 0:
        return []
    widest = max(_text_width(label, size) for label in labels)
    step = math.ceil(count / max(1, at_most))
    if count > 1:
        spacing = abs(xs[1] - xs[0])
        needed = (widest + _LABEL_GAP) / spacing if spacing > 0 else count
        step = max(step, math.ceil(needed - 1e-9))
    shown: list[tuple[int, float]] = []
    previous_end = -math.inf
    for index in range(0, count, step):
        half = _text_width(labels[index], size) / 2
        centre = min(max(xs[index], low + half), high - half)
        # The nudge at the edges can close a gap the step left open: skip rather than overlap.
        if centre - half < previous_end + _LABEL_GAP:
            continue
        shown.append((index, centre))
        previous_end = centre + half
    return shown


def _ramp(share: float) -> str:
    """The fill for ``share`` (0..1) on the single-hue ramp, as #rrggbb."""
    position = min(max(share, 0.0), 1.0) * (len(_RAMP) - 1)
    lower = min(int(position), len(_RAMP) - 2)
    fraction = position - lower
    channels = (
        round(a + (b - a) * fraction) for a, b in zip(_RAMP[lower], _RAMP[lower + 1], strict=True)
    )
    return "#" + "".join(f"{c:02x}" for c in channels)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    linear = []
    for start in (1, 3, 5):
        c = int(colour[start : start + 2], 16) / 255
        linear.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _text_on(fill: str) -> str:
    """Black or white text, whichever contrasts more with ``fill``."""
    lum = _luminance(fill)
    on_dark = 1.05 / (lum + 0.05)
    on_light = (lum + 0.05) / 0.05
    return _DARK_TEXT if on_light >= on_dark else _LIGHT_TEXT
