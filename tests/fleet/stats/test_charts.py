"""Tests for the dashboard's SVG charts: well-formed, accessible, escaped, faithful to the data."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

import pytest
from jinja2 import Environment
from markupsafe import Markup

from fleet.stats.charts import Series, bar_chart, heat_map, line_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "<script>alert('x')</script> & \"co\""
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
HOURS = [str(hour) for hour in range(24)]


def fmt(value: float) -> str:
    return f"{value:g}"


def percent(value: float) -> str:
    return f"{value * 100:.0f}"


def parse(chart: Markup) -> ET.Element:
    assert isinstance(chart, Markup)
    return ET.fromstring(str(chart))  # noqa: S314 (our own output, the thing under test)


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if name in classes(element)]


def title_of(element: ET.Element) -> str | None:
    title = element.find(f"{SVG}title")
    return None if title is None else title.text


def shape_of(entry: ET.Element) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A legend marker's element and outline relative to the middle of its sample line."""
    (marker,) = with_class(entry, "legend-marker")
    line = entry.find(f"{SVG}line")
    assert line is not None
    x = float(line.get("x1", "")) + 20
    y = float(line.get("y1", ""))
    numbers = [float(n) for n in re.findall(r"-?[0-9.]+", marker.get("d", ""))]
    outline = tuple(
        (round(px - x), round(py - y)) for px, py in zip(numbers[::2], numbers[1::2], strict=True)
    )
    return marker.tag, outline


def dash_of(entry: ET.Element) -> str | None:
    line = entry.find(f"{SVG}line")
    assert line is not None
    return line.get("stroke-dasharray")


def texts(root: ET.Element, name: str) -> list[str]:
    return [element.text or "" for element in with_class(root, name)]


def luminance(colour: str) -> float:
    channels = []
    for start in (1, 3, 5):
        c = int(colour[start : start + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def a_line_chart(
    series: Sequence[Series] = (),
    x_labels: Sequence[str] = (),
    *,
    chart_id: str = "visits",
    formatter: Callable[[float], str] = fmt,
) -> Markup:
    return line_chart(
        title="Visits",
        description="Visits per day",
        x_labels=x_labels,
        series=series,
        fmt=formatter,
        y_label="Sessions",
        chart_id=chart_id,
    )


def a_bar_chart(bars: Sequence[tuple[str, float]] = (), *, chart_id: str = "branches") -> Markup:
    return bar_chart(
        title="Branches",
        description="Sessions per branch",
        bars=bars,
        fmt=fmt,
        value_label="Sessions",
        chart_id=chart_id,
    )


def a_heat_map(
    values: Sequence[Sequence[float | None]] = (),
    rows: Sequence[str] = (),
    columns: Sequence[str] = (),
    *,
    chart_id: str = "week",
    formatter: Callable[[float], str] = percent,
) -> Markup:
    return heat_map(
        title="Busy hours",
        description="Share of sessions by weekday and hour",
        row_labels=rows,
        column_labels=columns,
        values=values,
        fmt=formatter,
        chart_id=chart_id,
        low_label="Quiet",
        high_label="Busy",
    )


def week(value: Callable[[int, int], float | None]) -> list[list[float | None]]:
    return [[value(row, hour) for hour in range(24)] for row in range(7)]


def sample_charts() -> dict[str, Markup]:
    days = [f"{day}.1." for day in range(1, 11)]
    return {
        "line": a_line_chart(
            [Series("Kallio", [float(d) for d in range(10)]), Series("Oodi", [1.0] * 10)], days
        ),
        "bar": a_bar_chart([("Kallio", 3.0), ("Oodi", 12.0)]),
        "heat": a_heat_map(week(lambda r, h: (r + h) / 30), WEEKDAYS, HOURS),
    }


# --- nice ticks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (0, [0, 1]),
        (1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 2, 4, 6, 8, 10]),
        (12, [0, 2.5, 5, 7.5, 10, 12.5]),
        (0.37, [0, 0.1, 0.2, 0.3, 0.4]),
        (999, [0, 200, 400, 600, 800, 1000]),
        (1000, [0, 200, 400, 600, 800, 1000]),
        (1001, [0, 250, 500, 750, 1000, 1250]),
    ],
)
def test_nice_ticks(maximum: float, expected: list[float]) -> None:
    assert nice_ticks(maximum) == expected


def test_nice_ticks_for_counts_never_step_by_fractions() -> None:
    assert nice_ticks(2, integers=True) == [0, 1, 2]
    assert nice_ticks(12, integers=True) == [0, 5, 10, 15]
    assert nice_ticks(0.3, integers=True) == [0, 1]
    assert nice_ticks(120, integers=True) == [0, 25, 50, 75, 100, 125]


@pytest.mark.parametrize("maximum", [0.0007, 0.013, 0.5, 3, 17, 99.5, 640, 12_345, 9.9e9])
def test_nice_ticks_are_round_and_cover_the_maximum(maximum: float) -> None:
    ticks = nice_ticks(maximum)
    step = ticks[1]
    assert ticks[0] == 0
    assert ticks[-1] >= maximum
    assert ticks[-2] < maximum
    assert 2 <= len(ticks) <= 6
    assert all(math.isclose(b - a, step) for a, b in itertools.pairwise(ticks))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5))


@pytest.mark.parametrize("maximum", [-1, math.nan, math.inf])
def test_nice_ticks_reject_impossible_maxima(maximum: float) -> None:
    with pytest.raises(ValueError, match="finite non-negative"):
        nice_ticks(maximum)


# --- every chart ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["line", "bar", "heat"])
def test_charts_are_labelled_images_that_scale(kind: str) -> None:
    chart = sample_charts()[kind]
    root = parse(chart)
    chart_id = {"line": "visits", "bar": "branches", "heat": "week"}[kind]

    assert root.tag == f"{SVG}svg"
    assert str(chart).startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id")) == (f"{SVG}title", f"{chart_id}-title")
    assert (desc.tag, desc.get("id")) == (f"{SVG}desc", f"{chart_id}-desc")
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert len(root.get("viewBox", "").split()) == 4
    assert root.get("font-family") == "inherit"
    assert root.get("fill") == "currentColor"
    # No style attributes or elements: the admin pages' CSP forbids inline styles.
    assert "style" not in str(chart)
    assert "<script" not in str(chart)


@pytest.mark.parametrize("kind", ["line", "bar", "heat"])
def test_text_is_readable_at_the_nominal_size(kind: str) -> None:
    root = parse(sample_charts()[kind])
    sizes = [float(e.get("font-size", "")) for e in root.iter() if e.get("font-size")]
    assert sizes
    assert min(sizes) >= 12


@pytest.mark.parametrize("kind", ["line", "bar", "heat"])
def test_every_mark_has_a_hover_title(kind: str) -> None:
    root = parse(sample_charts()[kind])
    marks = with_class(root, "mark")
    assert marks
    assert all(title_of(mark) for mark in marks)


def test_charts_are_markup_that_jinja_embeds_unescaped() -> None:
    template = Environment(autoescape=True).from_string("<figure>{{ chart }}</figure>")
    chart = sample_charts()["bar"]
    assert template.render(chart=chart) == f"<figure>{chart}</figure>"


def test_the_same_input_gives_the_same_bytes() -> None:
    assert sample_charts() == sample_charts()


@pytest.mark.parametrize("chart_id", ["", "a b", 'x"y', "é", "a<b", "id\n", "x/y"])
def test_chart_ids_outside_the_safe_alphabet_are_refused(chart_id: str) -> None:
    with pytest.raises(ValueError, match="chart_id"):
        a_line_chart(chart_id=chart_id)
    with pytest.raises(ValueError, match="chart_id"):
        a_bar_chart(chart_id=chart_id)
    with pytest.raises(ValueError, match="chart_id"):
        a_heat_map(chart_id=chart_id)


def test_safe_chart_ids_are_accepted() -> None:
    assert parse(a_line_chart(chart_id="Stats_2025-visits")).get("aria-labelledby") == (
        "Stats_2025-visits-title Stats_2025-visits-desc"
    )


def test_every_text_from_the_caller_is_escaped() -> None:
    charts = [
        line_chart(
            title=NASTY,
            description=NASTY,
            x_labels=[NASTY, "b"],
            series=[Series(NASTY, [1.0, 2.0])],
            fmt=lambda v: f"{v:g} & <b>",
            y_label=NASTY,
            chart_id="c",
        ),
        bar_chart(
            title=NASTY,
            description=NASTY,
            bars=[(NASTY, 1.0)],
            fmt=lambda v: f"{v:g} & <b>",
            value_label=NASTY,
            chart_id="c",
        ),
        heat_map(
            title=NASTY,
            description=NASTY,
            row_labels=[NASTY],
            column_labels=[NASTY],
            values=[[1.0]],
            fmt=lambda v: "<b>&",
            chart_id="c",
            low_label=NASTY,
            high_label=NASTY,
        ),
    ]
    for chart in charts:
        assert "<script>" not in chart
        assert "<b>" not in chart
        root = parse(chart)
        assert root.findtext(f"{SVG}title") == NASTY
        assert root.findtext(f"{SVG}desc") == NASTY
        all_text = [element.text or "" for element in root.iter()]
        assert NASTY in all_text
        assert any("<b>" in text for text in all_text)


# --- line charts ----------------------------------------------------------------------------


def test_a_line_chart_marks_every_value() -> None:
    series = [
        Series("Kallio", [3.0, 5.0, None, 4.0]),
        Series("Oodi", [1.0, 2.0, 3.0, 4.0]),
    ]
    root = parse(a_line_chart(series, ["Mon", "Tue", "Wed", "Thu"]))
    marks = with_class(root, "mark")
    assert len(marks) == 7
    assert [title_of(mark) for mark in marks[:3]] == [
        "Kallio, Mon: 3",
        "Kallio, Tue: 5",
        "Kallio, Thu: 4",
    ]
    assert title_of(marks[-1]) == "Oodi, Thu: 4"


def test_each_series_has_its_own_dash_pattern_and_marker_in_line_and_legend() -> None:
    series = [Series(f"Branch {n}", [float(n), float(n + 1)]) for n in range(6)]
    root = parse(a_line_chart(series, ["a", "b"]))
    entries = with_class(root, "legend-entry")
    lines = with_class(root, "line")

    assert [e.findtext(f"{SVG}text") for e in entries] == [s.label for s in series]
    legend_dashes = [dash_of(entry) for entry in entries]
    assert len(set(legend_dashes)) == 6
    assert [line.get("stroke-dasharray") for line in lines] == legend_dashes
    assert len({shape_of(entry) for entry in entries}) == 6
    # The chart's markers have the legend's shape and colour.
    for entry, mark in zip(entries, with_class(root, "mark")[::2], strict=True):
        (marker,) = with_class(entry, "legend-marker")
        assert (mark.tag, mark.get("fill")) == (marker.tag, marker.get("fill"))


def test_many_series_keep_distinct_pattern_and_marker_pairs() -> None:
    series = [Series(str(n), [1.0]) for n in range(12)]
    root = parse(a_line_chart(series, ["a"]))
    pairs = {(dash_of(entry), shape_of(entry)) for entry in with_class(root, "legend-entry")}
    assert len(pairs) == 12


def test_a_gap_breaks_the_line() -> None:
    root = parse(a_line_chart([Series("Kallio", [1.0, 2.0, None, 3.0, 4.0])], list("abcde")))
    paths = with_class(root, "line")
    assert len(paths) == 2
    assert [path.get("d", "").count("L") for path in paths] == [1, 1]
    assert len(with_class(root, "mark")) == 4


def test_a_lone_value_between_gaps_still_shows_its_marker() -> None:
    root = parse(a_line_chart([Series("Kallio", [None, 2.0, None])], list("abc")))
    assert with_class(root, "line") == []
    (mark,) = with_class(root, "mark")
    assert mark.get("opacity") is None
    assert title_of(mark) == "Kallio, b: 2"


def test_a_year_of_days_shows_a_dozen_labels_at_most_without_overlap() -> None:
    labels = [f"{day % 28 + 1}.{day // 28 + 1}.2025" for day in range(365)]
    series = [Series(str(n), [float(d % (n + 7)) for d in range(365)]) for n in range(3)]
    root = parse(a_line_chart(series, labels))
    shown = with_class(root, "x-label")

    assert 6 <= len(shown) <= 12
    assert shown[0].text == labels[0]
    view_width = float(root.get("viewBox", "").split()[2])
    # Widths from DejaVu Sans: digits are 0.64 em, full stops 0.32 em (at 14 units).
    extents = []
    for label in shown:
        text = label.text or ""
        width = 14 * (0.64 * sum(c.isdigit() for c in text) + 0.32 * text.count("."))
        centre, half = float(label.get("x", "")), width / 2
        extents.append((centre - half, centre + half))
    assert extents[0][0] >= 0
    assert extents[-1][1] <= view_width
    assert all(a[1] < b[0] for a, b in itertools.pairwise(extents))


def test_a_year_of_days_keeps_a_hover_target_for_every_point_but_thins_visible_markers() -> None:
    series = [Series(str(n), [float(d % (n + 7)) for d in range(365)]) for n in range(3)]
    root = parse(a_line_chart(series, [str(d) for d in range(365)]))
    marks = with_class(root, "mark")
    visible = [mark for mark in marks if mark.get("opacity") != "0"]
    assert len(marks) == 3 * 365
    assert all(title_of(mark) for mark in marks)
    assert 30 <= len(visible) <= 3 * 365 // 4


def test_few_labels_are_all_shown() -> None:
    labels = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    root = parse(a_line_chart([Series("a", [1.0] * 7)], labels))
    assert texts(root, "x-label") == labels


def test_the_y_axis_reaches_a_round_number_above_the_data() -> None:
    root = parse(a_line_chart([Series("a", [3.0, 17.0])], ["a", "b"]))
    grid = with_class(root, "grid")
    tick_labels = [e.text for e in root.iter(f"{SVG}text") if e.get("text-anchor") == "end"]
    assert tick_labels == ["0", "5", "10", "15", "20"]
    assert len(grid) == 5


def test_shares_get_fractional_ticks() -> None:
    root = parse(a_line_chart([Series("a", [0.05, 0.37])], ["a", "b"]))
    tick_labels = [e.text for e in root.iter(f"{SVG}text") if e.get("text-anchor") == "end"]
    assert tick_labels == ["0", "0.1", "0.2", "0.3", "0.4"]


@pytest.mark.parametrize(
    ("series", "labels"),
    [
        ([], []),
        ([], ["a", "b"]),
        ([Series("a", [])], []),
        ([Series("a", [None, None]), Series("b", [None, None])], ["a", "b"]),
    ],
)
def test_a_line_chart_without_data_draws_axes_and_no_marks(
    series: list[Series], labels: list[str]
) -> None:
    root = parse(a_line_chart(series, labels))
    assert with_class(root, "mark") == []
    assert with_class(root, "line") == []
    assert with_class(root, "axis")
    assert len(with_class(root, "legend-entry")) == len(series)


def test_a_line_chart_of_zeros_sits_on_the_baseline() -> None:
    root = parse(a_line_chart([Series("a", [0.0, 0.0, 0.0])], ["a", "b", "c"]))
    marks = with_class(root, "mark")
    baseline = with_class(root, "grid")[0]
    assert len(marks) == 3
    assert {mark.get("cy") for mark in marks} == {baseline.get("y1")}


def test_a_single_point_is_centred() -> None:
    root = parse(a_line_chart([Series("a", [4.0])], ["Today"]))
    (mark,) = with_class(root, "mark")
    assert title_of(mark) == "a, Today: 4"


def test_a_line_chart_calls_the_formatter_once_per_distinct_value() -> None:
    calls: list[float] = []

    def counting(value: float) -> str:
        calls.append(value)
        return fmt(value)

    a_line_chart([Series("a", [1.0, 1.0, 2.0]), Series("b", [2.0, 1.0, 1.0])], list("abc"),
                 formatter=counting)  # fmt: skip
    assert len(calls) == len(set(calls))


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_a_line_chart_refuses_impossible_values(bad: float) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        a_line_chart([Series("a", [1.0, bad])], ["a", "b"])


def test_a_series_must_match_the_labels() -> None:
    with pytest.raises(ValueError, match="3 values for 2 x labels"):
        a_line_chart([Series("a", [1.0, 2.0, 3.0])], ["a", "b"])


# --- bar charts -----------------------------------------------------------------------------


def test_bars_are_proportional_and_print_their_values() -> None:
    bars = [("Kallio", 3.0), ("Oodi", 12.0), ("Itis", 0.0), ("Pasila", 6.0)]
    root = parse(a_bar_chart(bars))
    marks = with_class(root, "mark")
    widths = [float(mark.get("width", "")) for mark in marks]

    assert len(marks) == 4
    assert [title_of(mark) for mark in marks] == ["Kallio: 3", "Oodi: 12", "Itis: 0", "Pasila: 6"]
    assert texts(root, "value") == ["3", "12", "0", "6"]
    assert widths[2] == 0
    assert widths[1] == pytest.approx(4 * widths[0], abs=0.2)
    assert widths[3] == pytest.approx(2 * widths[0], abs=0.2)
    # Each value is printed just past the end of its own bar.
    for mark, value in zip(marks, with_class(root, "value"), strict=True):
        end = float(mark.get("x", "")) + float(mark.get("width", ""))
        assert 0 < float(value.get("x", "")) - end <= 10
    all_text = [element.text for element in root.iter(f"{SVG}text")]
    assert all(label in all_text for label, _ in bars)


def test_long_labels_widen_the_bar_chart_instead_of_being_cut() -> None:
    long_label = "Helsingin keskustakirjasto Oodi, kolmas kerros, lasten- ja nuortenosasto"
    short = parse(a_bar_chart([("Oodi", 1.0)]))
    long = parse(a_bar_chart([(long_label, 1.0)]))
    assert float(long.get("viewBox", "").split()[2]) > float(short.get("viewBox", "").split()[2])
    assert long_label in [element.text for element in long.iter(f"{SVG}text")]


@pytest.mark.parametrize("bars", [[], [("Kallio", 0.0), ("Oodi", 0.0)]])
def test_bar_charts_without_data_do_not_divide_by_zero(bars: list[tuple[str, float]]) -> None:
    root = parse(a_bar_chart(bars))
    marks = with_class(root, "mark")
    assert len(marks) == len(bars)
    assert all(float(mark.get("width", "")) == 0 for mark in marks)
    assert with_class(root, "axis")


def test_a_bar_chart_refuses_negative_values() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        a_bar_chart([("Kallio", -1.0)])


# --- heat maps ------------------------------------------------------------------------------


def test_a_heat_map_has_a_cell_for_every_value_with_row_and_column_in_its_title() -> None:
    values = week(lambda r, h: (r * 24 + h) / 1000)
    root = parse(a_heat_map(values, WEEKDAYS, HOURS))
    marks = with_class(root, "mark")
    assert len(marks) == 7 * 24
    assert title_of(marks[0]) == "Mon, 0: 0"
    assert title_of(marks[-1]) == "Sun, 23: 17"
    assert texts(root, "column-label") == HOURS


def test_short_values_are_printed_in_the_cells() -> None:
    values = week(lambda r, h: (r + h) / 30)
    root = parse(a_heat_map(values, WEEKDAYS, HOURS))
    printed = texts(root, "value")
    assert len(printed) == 7 * 24
    assert printed[:3] == ["0", "3", "7"]


def test_values_too_long_for_the_cells_are_left_to_the_titles() -> None:
    values = week(lambda r, h: (r + h) / 30)
    root = parse(a_heat_map(values, WEEKDAYS, HOURS, formatter=lambda v: f"{v:.4f} percent"))
    assert texts(root, "value") == []
    assert title_of(with_class(root, "mark")[1]) == "Mon, 1: 0.0333 percent"


def test_cell_text_switches_colour_to_stay_readable() -> None:
    values = week(lambda r, h: (r * 24 + h) / 200)
    root = parse(a_heat_map(values, WEEKDAYS, HOURS))
    marks = with_class(root, "mark")
    printed = with_class(root, "value")
    assert len(marks) == len(printed) == 7 * 24

    assert printed[0].get("fill") == "#000000"  # the lowest value: a pale cell
    assert printed[-1].get("fill") == "#ffffff"  # the highest: a dark cell
    for cell, text in zip(marks, printed, strict=True):
        assert contrast(cell.get("fill", ""), text.get("fill", "")) >= 4.5


def test_the_shade_darkens_with_the_value_in_one_hue() -> None:
    root = parse(a_heat_map([[0.0, 0.1, 0.2, 0.4]], ["Mon"], ["a", "b", "c", "d"]))
    fills = [mark.get("fill", "") for mark in with_class(root, "mark")]
    lightness = [luminance(fill) for fill in fills]
    assert lightness == sorted(lightness, reverse=True)
    assert contrast(fills[0], fills[-1]) >= 3
    # One hue: blue dominates every shade.
    assert all(int(fill[5:7], 16) >= int(fill[1:3], 16) for fill in fills)


def test_the_legend_spans_low_to_high() -> None:
    root = parse(a_heat_map([[0.0, 0.5]], ["Mon"], ["a", "b"]))
    (legend,) = with_class(root, "legend")
    legend_text = [element.text for element in legend.iter(f"{SVG}text")]
    steps = [luminance(rect.get("fill", "")) for rect in with_class(legend, "ramp")]
    assert legend_text[:2] == ["Quiet", "Busy"]
    assert legend_text[2:] == ["0", "50"]
    assert len(steps) >= 3
    assert steps == sorted(steps, reverse=True)


def test_missing_cells_are_drawn_as_gaps_not_as_zero() -> None:
    root = parse(a_heat_map([[None, 0.0]], ["Mon"], ["a", "b"]))
    (gap,) = with_class(root, "gap")
    (mark,) = with_class(root, "mark")
    assert title_of(gap) == "Mon, a: —"
    assert gap.find(f"{SVG}line") is not None  # struck through, not just unfilled
    assert title_of(mark) == "Mon, b: 0"


@pytest.mark.parametrize(
    ("values", "rows", "columns"),
    [
        ([], [], []),
        ([[], []], ["Mon", "Tue"], []),
        (week(lambda r, h: None), WEEKDAYS, HOURS),
        (week(lambda r, h: 0.0), WEEKDAYS, HOURS),
    ],
)
def test_heat_maps_without_data_do_not_divide_by_zero(
    values: list[list[float | None]], rows: list[str], columns: list[str]
) -> None:
    root = parse(a_heat_map(values, rows, columns))
    present = sum(value is not None for row in values for value in row)
    assert len(with_class(root, "mark")) == present
    assert with_class(root, "legend")


def test_a_heat_map_must_be_rectangular() -> None:
    with pytest.raises(ValueError, match="1 rows of values for 2 row labels"):
        a_heat_map([[1.0]], ["Mon", "Tue"], ["a"])
    with pytest.raises(ValueError, match="has 2 values for 1 columns"):
        a_heat_map([[1.0, 2.0]], ["Mon"], ["a"])
