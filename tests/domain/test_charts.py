"""Chart geometry (goals/charts.py): the board's progress over time, and a key result's measurements."""

from datetime import date
from decimal import Decimal

import pytest

from goals import charts
from goals.models import KeyResult

pytestmark = pytest.mark.unit

D = Decimal


def test_the_chart_has_lines_ticks_and_a_plain_words_description():
    days = [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]
    chart = charts.progress_chart("plan", "Plan progress", days, [None, 20, 40], [0, 50, 100])
    # Plot area: x from 44 to 624, y from 224 (0%) up to 16 (100%); the unknown first week leaves a gap.
    assert chart.actual_lines == ["334.0,182.4 624.0,140.8"]
    assert chart.expected_line == "44.0,224.0 334.0,120.0 624.0,16.0"
    assert chart.description == (
        "Plan progress by week from 5 Jan 2026 to 19 Jan 2026: 20% on 12 Jan 2026, 40% on 19 Jan 2026; "
        "expected by 19 Jan 2026: 100%."
    )
    assert chart.rows[0] == (date(2026, 1, 5), None, 0)
    assert [label for _, label in chart.x_ticks] == ["5 Jan 2026", "12 Jan 2026", "19 Jan 2026"]


def test_a_chart_without_data_says_so():
    chart = charts.progress_chart("g", "Goal progress", [date(2026, 1, 5)], [None], [0])
    assert (chart.has_data, chart.actual_lines) == (False, [])
    assert (
        chart.description
        == "Goal progress by week from 5 Jan 2026 to 5 Jan 2026: no progress was recorded in this period."
    )


# ---------------------------------------------------------------------------------------------
# Measurements, in the key result's units, over a year: plot x from 32 (1 Jan 2026) to 464
# (1 Jan 2027), y from 228 (the lowest tick) up to 30 (the highest).


def institutions(**fields):
    return KeyResult(metric="Institutions", unit="institutions", baseline=D(0), target=D(2), **fields)


@pytest.fixture
def year():
    return charts.measurement_chart(
        "m",
        institutions(),
        [(date(2026, 3, 1), D(1)), (date(2026, 7, 1), D(2)), (date(2026, 11, 14), D(3))],
        starts_on=date(2026, 1, 1),
        due_on=date(2027, 1, 1),
        targets=[(date(2026, 6, 30), D(1))],
    )


def test_measurements_are_placed_by_date_and_value_in_their_units(year):
    # 1 March is 59 of 365 days in: 32 + 432 * 59 / 365 = 101.8; the value 1 of a 0-3 axis:
    # 30 + 198 * 2 / 3 = 162.
    assert year.line == "101.8,162.0 246.2,96.0 407.2,30.0"
    assert year.markers == [(101.8, 162.0), (246.2, 96.0), (407.2, 30.0)]
    assert year.y_ticks == [(228.0, "0"), (162.0, "1"), (96.0, "2"), (30.0, "3")]
    assert year.has_data


def test_the_target_is_a_line_and_the_targets_on_the_way_are_markers(year):
    assert year.target_y == 96.0
    assert year.target_label == "target: at least 2 institutions by 1 Jan 2027"
    assert year.milestones == [(245.0, 162.0)]
    assert year.milestone_paths == ["M245.0,156.0 L251.0,162.0 L245.0,168.0 L239.0,162.0 Z"]


def test_the_dates_are_quarters_with_the_first_and_last_label_kept_inside(year):
    assert year.x_ticks == [
        (32.0, "Jan 2026", "start"),
        (138.5, "Apr 2026", "middle"),
        (246.2, "Jul 2026", "middle"),
        (355.1, "Oct 2026", "middle"),
        (464.0, "Jan 2027", "end"),
    ]


def test_the_text_alternative_says_the_first_and_last_value_and_the_target(year):
    assert year.title == "Institutions over time"
    assert year.description == (
        "Institutions: 3 measurements, 1 institutions on 1 Mar 2026 and 3 institutions on 14 Nov 2026; "
        "baseline 0 institutions, target: at least 2 institutions by 1 Jan 2027; "
        "on the way: 1 by 30 Jun 2026."
    )


def test_the_data_table_lists_measurements_and_targets_by_date(year):
    assert year.rows == [
        (date(2026, 3, 1), D(1), None),
        (date(2026, 6, 30), None, D(1)),
        (date(2026, 7, 1), D(2), None),
        (date(2026, 11, 14), D(3), None),
        (date(2027, 1, 1), None, D(2)),
    ]


def test_a_falling_metric_keeps_its_direction_and_decimals():
    chart = charts.measurement_chart(
        "m",
        KeyResult(metric="Cost per hub", unit="USD", baseline=D("12.5"), target=D(8), direction="at_most"),
        [(date(2026, 2, 1), D("11.75"))],
        starts_on=date(2026, 1, 1),
        due_on=date(2026, 12, 31),
    )
    assert [label for _, label in chart.y_ticks] == ["8", "10", "12", "14"]
    assert chart.description == (
        "Cost per hub: one measurement, 11.75 USD on 1 Feb 2026; baseline 12.5 USD, "
        "target: at most 8 USD by 31 Dec 2026."
    )
    assert chart.target_y == 228.0


def test_long_value_labels_get_room_left_of_the_plot():
    chart = charts.measurement_chart(
        "m",
        KeyResult(metric="Users", target=D(1_000_000)),
        [(date(2026, 2, 1), D(5000))],
        starts_on=date(2026, 1, 1),
        due_on=date(2026, 12, 31),
    )
    assert chart.y_ticks == [(228.0, "0"), (129.0, "500,000"), (30.0, "1,000,000")]
    assert (chart.plot_left, chart.tick_label_x, chart.x_ticks[0][0]) == (95, 87, 95.0)


def test_a_measurement_before_the_start_or_after_the_due_date_widens_the_dates():
    chart = charts.measurement_chart(
        "m",
        institutions(),
        [(date(2025, 12, 1), D(0)), (date(2026, 3, 1), D(1))],
        starts_on=date(2026, 1, 1),
        due_on=date(2026, 2, 1),
    )
    assert [point[0] for point in chart.markers] == [32.0, 464.0]
    assert [label for _, label, _ in chart.x_ticks] == ["Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026"]


def test_a_span_of_weeks_labels_its_first_and_last_day():
    chart = charts.measurement_chart(
        "m", institutions(), [(date(2026, 1, 10), D(1))], starts_on=date(2026, 1, 5), due_on=date(2026, 2, 10)
    )
    assert [(label, anchor) for _, label, anchor in chart.x_ticks] == [
        ("5 Jan 2026", "start"),
        ("10 Feb 2026", "end"),
    ]


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 2, ["0", "1", "2"]),  # whole numbers: no half institutions
        (0, 3, ["0", "1", "2", "3"]),
        (0, 10, ["0", "5", "10"]),
        (-5, 5, ["-5", "0", "5"]),
        (D(99), D("99.9"), ["99", "99.25", "99.5", "99.75", "100"]),
        (0, D("0.3"), ["0", "0.1", "0.2", "0.3"]),
        (D("0.5"), D("2.5"), ["0.5", "1", "1.5", "2", "2.5"]),
        (1200, 1200, ["1,200", "1,201"]),  # one value: still an axis
        (0, 1_000_000, ["0", "500,000", "1,000,000"]),
    ],
)
def test_value_ticks_are_round_numbers_around_the_values(low, high, ticks):
    from goals.rules import format_value

    assert [format_value(tick) for tick in charts.nice_ticks(low, high)] == ticks


@pytest.mark.parametrize(
    ("start", "end", "ticks"),
    [
        (date(2026, 1, 15), date(2026, 5, 20), ["2026-02", "2026-03", "2026-04", "2026-05"]),
        (date(2026, 1, 1), date(2026, 10, 31), ["2026-01", "2026-03", "2026-05", "2026-07", "2026-09"]),
        (date(2026, 1, 1), date(2026, 12, 31), ["2026-01", "2026-04", "2026-07", "2026-10"]),  # quarters
        (date(2026, 1, 1), date(2027, 12, 31), ["2026-01", "2026-07", "2027-01", "2027-07"]),
        (date(2024, 3, 1), date(2030, 1, 1), ["2026-01", "2028-01", "2030-01"]),
    ],
)
def test_date_ticks_are_month_starts_at_most_five(start, end, ticks):
    assert [f"{day:%Y-%m}" for day in charts.month_ticks(start, end)] == ticks
