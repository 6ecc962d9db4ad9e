"""Measurements from a CSV file: what is read, what each bad line is told, all rows or none."""

from datetime import date
from decimal import Decimal

import pytest

from goals.measurements_csv import MeasurementFileError, decode, read_rows, record_measurements
from goals.models import CheckIn, KeyResult, Objective
from tests.factories import ObjectiveFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def measured(world):
    """Alice's objective, measured: 0 to 10 hubs. Bob's stays unmeasured."""
    objective = world["my_objective"]
    KeyResult.objects.create(objective=objective, metric="hubs", unit="hubs", baseline=0, target=10)
    return objective


def problems(text):
    with pytest.raises(MeasurementFileError) as error:
        read_rows(text)
    return error.value.problems


@pytest.mark.parametrize(
    "text",
    [
        "objective,date,value,note\nplan-2026/grow/alices,2026-11-14,3,From the hub list\n",
        "\ufeffObjective;Date;Value;Note\r\nplan-2026/grow/alices;2026-11-14;3;From the hub list\r\n",
        "value,objective,date,note\n"
        "3,/plans/plan-2026/goals/grow/objectives/alices/,2026-11-14,From the hub list\n",
        "objective,date,value,note\n"
        "https://plan.example.org/plans/plan-2026/goals/grow/objectives/alices/,2026-11-14,3.00,"
        "From the hub list\n\n",
        'objective;date;value;note\nplan-2026/grow/alices;2026-11-14;3;"From the hub list"\n;;;\n',
    ],
    ids=["comma", "semicolon-bom-crlf", "other-order-path", "address-blank-line", "quoted-empty-row"],
)
def test_it_reads_the_ways_people_write_a_file(measured, text):
    [row] = read_rows(text)

    assert (row.line, row.objective, row.happened_on, row.value, row.note) == (
        2, measured, date(2026, 11, 14), Decimal("3"), "From the hub list",
    )  # fmt: skip


def test_the_note_is_optional(measured):
    rows = read_rows("objective,date,value\nplan-2026/grow/alices,2026-11-14,-2.5\n")

    assert [(row.value, row.note) for row in rows] == [(Decimal("-2.5"), "")]


def test_every_bad_line_is_named_at_once(measured):
    text = (
        "objective,date,value,note\n"
        "plan-2026/grow/alices,2026-11-14,3,fine\n"
        "plan-2026/grow/alices,2026-11-15,4,fine\n"
        "x/y/z,2026-11-14,3,\n"
        "plan-2026/grow/bobs,2026-11-14,3,\n"
        "plan-2026/grow/alices,14/11/2026,3,\n"
        "plan-2026/grow/alices,2026-11-14,abc,\n"
        'plan-2026/grow/alices,2026-02-30,"1,5",\n'
        "just-a-slug,2026-11-14,3,\n"
        ",2026-11-14,,\n"
        "plan-2026/grow/alices,2026-11-14,3,note,extra\n"
    )

    assert problems(text) == [
        "line 4: no objective 'x/y/z'",
        "line 5: 'plan-2026/grow/bobs' has no key result to measure",
        "line 6: '14/11/2026' is not a date: write YYYY-MM-DD, e.g. 2026-11-14",
        "line 7: 'abc' is not a number",
        "line 8: '2026-02-30' is not a date: write YYYY-MM-DD, e.g. 2026-11-14",
        "line 8: '1,5' is not a number (write 1234.5: a point for decimals, no thousands separator)",
        "line 9: 'just-a-slug' is not an objective: write plan/goal/objective slugs or its address",
        "line 10: no objective",
        "line 10: '' is not a number",
        "line 11: 5 cells, but the header names 4",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["The file is empty: it needs a header row (objective, date, value)."]),
        ("objective,date,value\n", ["The file has no measurements below its header."]),
        (
            "objective,day,value,comment\nplan-2026/grow/alices,2026-11-14,3,x\n",
            [
                "line 1: the header must name the columns objective, date and value (and optionally note); "
                "missing: date",
                "line 1: unknown column 'day', 'comment'",
            ],
        ),
        ("objective,date,value,value\n", ["line 1: column 'value' named twice"]),
    ],
    ids=["empty", "header-only", "wrong-header", "repeated-column"],
)
def test_a_file_without_measurements_is_refused(measured, text, expected):
    assert problems(text) == expected


def test_too_many_rows_are_refused(measured, monkeypatch):
    monkeypatch.setattr("goals.measurements_csv.MAX_ROWS", 2)
    text = "objective,date,value\n" + "plan-2026/grow/alices,2026-11-14,3\n" * 3

    assert problems(text) == ["The file has more than 2 measurements: split it."]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("objective,date,value\nx,2026-01-01,é\n".encode("latin-1"), "The file is not UTF-8 text"),
        (b"x" * 1_000_001, "The file is larger than 1 MB: split it."),
    ],
)
def test_a_file_that_is_not_text_is_refused(data, expected):
    with pytest.raises(MeasurementFileError) as error:
        decode(data)

    [problem] = error.value.problems
    assert problem.startswith(expected)


FILE = (
    "objective,date,value,note\n"
    "plan-2026/grow/alices,2026-11-01,2,first count\n"
    "plan-2026/grow/alices,2026-11-14,6,second count\n"
    "plan-2026/grow/alices,2026-10-01,1,an older figure\n"
)


def test_the_preview_shows_progress_before_and_after_and_changes_nothing(world, measured):
    changes = record_measurements(read_rows(FILE), author=world["founder"], visibility="public", dry_run=True)

    assert [(c.row.line, c.progress_before, c.progress_after, c.recorded) for c in changes] == [
        (2, 0, 20, True),
        (3, 20, 60, True),
        (4, 60, 60, True),  # older than the newest: progress stays
    ]
    assert CheckIn.objects.count() == 0
    assert Objective.objects.get(pk=measured.pk).progress == 0


def test_recording_stores_every_row_once(world, measured):
    record_measurements(read_rows(FILE), author=world["founder"], visibility="public")
    again = record_measurements(read_rows(FILE), author=world["founder"], visibility="public")

    stored = CheckIn.objects.order_by("happened_on").values_list("happened_on", "value", "note", "author")
    assert list(stored) == [
        (date(2026, 10, 1), Decimal("1"), "an older figure", world["founder"].pk),
        (date(2026, 11, 1), Decimal("2"), "first count", world["founder"].pk),
        (date(2026, 11, 14), Decimal("6"), "second count", world["founder"].pk),
    ]
    assert [change.recorded for change in again] == [False, False, False]
    assert Objective.objects.get(pk=measured.pk).progress == 60


def test_a_file_with_one_bad_line_changes_nothing(world, measured):
    other = ObjectiveFactory(goal=world["goal"], slug="other", owners=[world["owner"]])
    KeyResult.objects.create(objective=other, metric="grants", target=4)
    text = FILE + "plan-2026/grow/other,2026-11-14,2,\nplan-2026/grow/alices,2026-11-20,1.234,too precise\n"
    rows = read_rows(text)  # the format is right; recording refuses the last value

    with pytest.raises(MeasurementFileError) as error:
        record_measurements(rows, author=world["founder"], visibility="public")

    assert error.value.problems == ["line 6: Ensure that there are no more than 2 decimal places."]
    assert CheckIn.objects.count() == 0
    assert list(
        Objective.objects.filter(slug__in=["alices", "other"]).values_list("progress", flat=True)
    ) == [
        0,
        0,
    ]
