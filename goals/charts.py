"""Progress-over-time charts as server-rendered, accessible SVG.

This module does the geometry (pure functions, no database, no HTML); the template
`board/_chart.html` draws it with a <title>, a <desc> and a data table, and no script.
"""

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 36


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    actual_lines: list[str]
    expected_line: str
    markers: list[tuple[float, float]]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    rows: list[tuple]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    notes: list[str] = field(default_factory=list)

    @property
    def has_data(self):
        return bool(self.markers)


def _x(index, count):
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span * index / (count - 1) if count > 1 else span / 2), 1)


def _y(value):
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / 100), 1)


def _day(day):
    return f"{day.day} {day:%b %Y}"


def _percent(value):
    return "no data" if value is None else f"{round(value)}%"


def progress_chart(slug, title, days, actual, expected):
    """A line chart of `actual` against `expected` (0-100 or None) over `days`."""
    count = len(days)
    lines, current, markers = [], [], []
    for index, value in enumerate(actual):
        if value is None:
            if current:
                lines.append(current)
            current = []
            continue
        point = (_x(index, count), _y(value))
        current.append(point)
        markers.append(point)
    if current:
        lines.append(current)
    expected_points = [(_x(i, count), _y(v)) for i, v in enumerate(expected) if v is not None]

    # About six date labels, always the first and the last.
    step = max(1, math.ceil((count - 1) / 5))
    tick_indexes = sorted({*range(0, count, step), count - 1})
    if len(tick_indexes) > 1 and tick_indexes[-1] - tick_indexes[-2] < step:
        del tick_indexes[-2]
    x_ticks = [(_x(i, count), _day(days[i])) for i in tick_indexes]
    y_ticks = [(_y(v), f"{v}%") for v in (0, 25, 50, 75, 100)]

    return Chart(
        slug=slug,
        title=title,
        description=describe(title, days, actual, expected),
        actual_lines=[_points(line) for line in lines],
        expected_line=_points(expected_points),
        markers=markers[-1:] if count > 60 else markers,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        rows=list(zip(days, actual, expected, strict=True)),
    )


def _points(points):
    return " ".join(f"{x},{y}" for x, y in points)


def describe(title, days, actual, expected):
    """One or two sentences that say what the chart shows, for screen readers and the print packet."""
    known = [(day, value) for day, value in zip(days, actual, strict=True) if value is not None]
    if not days:
        return f"{title}: nothing to show yet."
    period = f"by week from {_day(days[0])} to {_day(days[-1])}"
    if not known:
        return f"{title} {period}: no progress was recorded in this period."
    (first_day, first_value), (last_day, last_value) = known[0], known[-1]
    text = f"{title} {period}: {_percent(first_value)} on {_day(first_day)}"
    if last_day != first_day:
        text += f", {_percent(last_value)} on {_day(last_day)}"
    last_expected = expected[-1]
    if last_expected is not None:
        text += f"; expected by {_day(days[-1])}: {_percent(last_expected)}"
    return text + "."
