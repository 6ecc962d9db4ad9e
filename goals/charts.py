"""Charts as server-rendered, accessible SVG: the board's progress over time, and an objective's
measurements against its key result's targets.

This module does the geometry (plain functions, no database, no HTML); the templates
`board/_chart.html` and `public/_measurement_chart.html` draw it with a <title>, a <desc> and a
data table, and no script.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from goals import rules

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
    # The plan's own words that the title and description name (a goal's title), so that pages can
    # mark them with the plan's language.
    subject: str = ""

    @property
    def has_data(self):
        return bool(self.markers)


def _x(index, count):
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span * index / (count - 1) if count > 1 else span / 2), 1)


def _y(value):
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / 100), 1)


def _day(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def _percent(value):
    return gettext("no data") if value is None else rules.format_percent(value)


def progress_chart(slug, title, days, actual, expected, *, subject=""):
    """A line chart of `actual` against `expected` (0-100 or None) over `days`; `subject`: the
    plan's words that `title` names, if any."""
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
    y_ticks = [(_y(v), rules.format_percent(v)) for v in (0, 25, 50, 75, 100)]

    return Chart(
        slug=slug,
        title=title,
        subject=subject,
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
        return gettext("%(title)s: nothing to show yet.") % {"title": title}
    period = {"title": title, "first": _day(days[0]), "last": _day(days[-1])}
    if not known:
        return (
            gettext("%(title)s by week from %(first)s to %(last)s: no progress was recorded in this period.")
            % period
        )
    (first_day, first_value), (last_day, last_value) = known[0], known[-1]
    text = gettext("%(title)s by week from %(first)s to %(last)s: %(value)s on %(day)s") % {
        **period,
        "value": _percent(first_value),
        "day": _day(first_day),
    }
    if last_day != first_day:
        text += gettext(", %(value)s on %(day)s") % {"value": _percent(last_value), "day": _day(last_day)}
    last_expected = expected[-1]
    if last_expected is not None:
        text += gettext("; expected by %(day)s: %(value)s") % {
            "day": _day(days[-1]),
            "value": _percent(last_expected),
        }
    return text + "."


# ---------------------------------------------------------------------------------------------
# Measurements of a key result, in its own units, over dates (not evenly spaced), with its targets.

# Drawn narrower than the board's charts, with larger type, so that its labels stay readable when a
# phone scales it down to ~340 px wide (and on a projector).
M_WIDTH, M_HEIGHT = 480, 270
M_RIGHT, M_TOP, M_BOTTOM = 16, 30, 42
M_FONT_SIZE = 15
# Rough widths at M_FONT_SIZE: a digit, and half a date label such as "Sep 2026". A date label
# nearer the edge than that is anchored at its end (or start), so that it is not cut off.
DIGIT_WIDTH = 9
LABEL_HALF_WIDTH = 36
MILESTONE_RADIUS = 6


@dataclass
class MeasurementChart:
    slug: str
    title: str
    description: str
    unit: str
    line: str  # the measurements, oldest first, as polyline points
    markers: list[tuple[float, float]]
    target_y: float
    target_label: str
    milestones: list[tuple[float, float]]  # targets on the way
    x_ticks: list[tuple[float, str, str]]  # x, label, text-anchor
    y_ticks: list[tuple[float, str]]
    rows: list[tuple[date, Decimal | None, Decimal | None]]  # day, measured, target
    plot_left: int
    width: int = M_WIDTH
    height: int = M_HEIGHT
    plot_right: int = M_WIDTH - M_RIGHT
    plot_top: int = M_TOP
    plot_bottom: int = M_HEIGHT - M_BOTTOM
    font_size: int = M_FONT_SIZE
    subject: str = ""  # the plan's words the title and description name: the key result's metric

    @property
    def has_data(self):
        return bool(self.markers)

    @property
    def milestone_paths(self):
        """Each target on the way as a diamond around its point."""
        r = MILESTONE_RADIUS
        return [f"M{x},{y - r} L{x + r},{y} L{x},{y + r} L{x - r},{y} Z" for x, y in self.milestones]

    @property
    def tick_label_x(self):
        return self.plot_left - 8

    @property
    def tick_label_y(self):
        return self.plot_bottom + 22

    @property
    def tick_end_y(self):
        return self.plot_bottom + 5

    @property
    def unit_label_y(self):
        return self.plot_top - 14


def nice_ticks(low, high, count=5):
    """About `count` round values from at or below `low` to at or above `high`, as Decimals: steps
    of 1, 2, 2.5 or 5 times a power of ten, and whole steps when both ends are whole (a count of
    institutions has no half institutions)."""
    low, high = Decimal(low), Decimal(high)
    whole = low == low.to_integral_value() and high == high.to_integral_value()
    if high <= low:
        high = low + 1
    raw = (high - low) / (count - 1)
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if whole else (1, 2, Decimal("2.5"), 5, 10)
    step = next(m * magnitude for m in multiples if raw <= m * magnitude)
    if whole:
        step = max(step, Decimal(1))
    ticks = [math.floor(low / step) * step]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def month_ticks(start, end, most=5):
    """First days of months from `start` to `end`, every 1, 2, 3, 6 or 12 months so that at most
    `most` are left (quarters begin in January, April, July and October); or `start` and `end`
    when fewer than two months begin in between."""
    months = []
    day = date(start.year, start.month, 1)
    if day < start:
        day = _next_month(day)
    while day <= end:
        months.append(day)
        day = _next_month(day)
    if len(months) < 2:
        return [start, end]
    for step in (1, 2, 3, 6, 12, 24, 60):
        if step < 3:
            picked = months[::step]
        else:
            picked = [day for day in months if (day.year * 12 + day.month - 1) % step == 0]
        if len(picked) <= most:
            return picked
    return [months[0], months[-1]]


def _next_month(day):
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def measurement_chart(slug, key_result, measurements, *, starts_on, due_on, targets=()):
    """The measured values of a key result (`measurements`: (day, value) pairs, oldest first) from
    `starts_on` to `due_on`, against its target (a line) and its targets on the way (`targets`:
    (day, value) pairs, drawn as markers). Values are in the key result's units."""
    measurements = sorted(measurements, key=lambda pair: pair[0])
    targets = sorted(targets, key=lambda pair: pair[0])
    days = [day for day, _ in measurements + targets]
    start = min([starts_on, *days])
    end = max([due_on, *days])
    if end <= start:
        end = start + timedelta(days=1)
    values = [value for _, value in measurements + targets]
    y_values = nice_ticks(
        min([key_result.baseline, key_result.target, *values]),
        max([key_result.baseline, key_result.target, *values]),
    )
    low, high = y_values[0], y_values[-1]
    y_labels = [rules.format_value(value) for value in y_values]
    # Room for the longest value label left of the plot.
    left = max(32, DIGIT_WIDTH * max(len(label) for label in y_labels) + 14)
    plot_width = M_WIDTH - left - M_RIGHT
    plot_height = M_HEIGHT - M_TOP - M_BOTTOM

    def x(day):
        return round(left + plot_width * (day - start).days / (end - start).days, 1)

    def y(value):
        return round(M_TOP + plot_height * float((high - Decimal(value)) / (high - low)), 1)

    markers = [(x(day), y(value)) for day, value in measurements]
    x_ticks = []
    for day in month_ticks(start, end):
        tick_x = x(day)
        anchor = "middle"
        if tick_x - LABEL_HALF_WIDTH < 0:
            anchor = "start"
        elif tick_x + LABEL_HALF_WIDTH > M_WIDTH:
            anchor = "end"
        label = date_format(day, "M Y") if day.day == 1 else _day(day)
        x_ticks.append((tick_x, label, anchor))

    rows = [(day, value, None) for day, value in measurements]
    rows += [(day, None, value) for day, value in targets]
    rows.append((due_on, None, key_result.target))
    rows.sort(key=lambda row: (row[0], row[1] is None))

    return MeasurementChart(
        slug=slug,
        title=gettext("%(metric)s over time") % {"metric": key_result.metric},
        subject=key_result.metric,
        description=describe_measurements(key_result, measurements, targets, due_on),
        unit=key_result.unit,
        line=_points(markers),
        markers=markers,
        target_y=y(key_result.target),
        target_label=_target_words(key_result, due_on),
        milestones=[(x(day), y(value)) for day, value in targets],
        x_ticks=x_ticks,
        y_ticks=[(y(value), label) for value, label in zip(y_values, y_labels, strict=True)],
        rows=rows,
        plot_left=left,
    )


def _in_units(key_result, value):
    return rules.in_units(value, key_result.unit)


def _target_words(key_result, due_on):
    """ "target: at least 2 institutions by 31 Dec 2027" """
    direction = key_result.get_direction_display().lower()
    return gettext("target: %(direction)s %(target)s by %(day)s") % {
        "direction": direction,
        "target": _in_units(key_result, key_result.target),
        "day": _day(due_on),
    }


def describe_measurements(key_result, measurements, targets, due_on):
    """What the chart shows in words: the first and the last value, the target, the targets on the way."""
    words = _target_words(key_result, due_on)
    metric = key_result.metric
    if not measurements:
        return gettext("%(metric)s: no measurement yet; %(target)s.") % {"metric": metric, "target": words}
    (first_day, first_value), (last_day, last_value) = measurements[0], measurements[-1]
    if len(measurements) == 1:
        text = gettext("%(metric)s: one measurement, %(value)s on %(day)s") % {
            "metric": metric,
            "value": _in_units(key_result, last_value),
            "day": _day(last_day),
        }
    else:
        text = ngettext(
            "%(metric)s: %(count)d measurements, %(first)s on %(first_day)s and %(last)s on %(last_day)s",
            "%(metric)s: %(count)d measurements, %(first)s on %(first_day)s and %(last)s on %(last_day)s",
            len(measurements),
        ) % {
            "metric": metric,
            "count": len(measurements),
            "first": _in_units(key_result, first_value),
            "first_day": _day(first_day),
            "last": _in_units(key_result, last_value),
            "last_day": _day(last_day),
        }
    text += gettext("; baseline %(baseline)s, %(target)s") % {
        "baseline": _in_units(key_result, key_result.baseline),
        "target": words,
    }
    if targets:
        on_the_way = ", ".join(
            gettext("%(value)s by %(day)s") % {"value": rules.format_value(value), "day": _day(day)}
            for day, value in targets
        )
        text += gettext("; on the way: %(targets)s") % {"targets": on_the_way}
    return text + "."


def objective_measurement_chart(objective, check_ins):
    """The chart of an objective's key result from the measurements among `check_ins` (newest
    first, as the timeline lists them), or None when it is not measured or has no measurement yet."""
    key_result = getattr(objective, "key_result", None)
    measurements = [check_in for check_in in check_ins if check_in.value is not None]
    if key_result is None or not measurements:
        return None
    return measurement_chart(
        f"measurements-{objective.pk}",
        key_result,
        [(check_in.happened_on, check_in.value) for check_in in reversed(measurements)],
        starts_on=objective.goal.plan.starts_on,
        due_on=objective.effective_due_on,
        targets=[(target.due_on, target.value) for target in key_result.targets.all()],
    )
