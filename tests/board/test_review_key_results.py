"""The board reads key results and check-ins: "what changed since" lists the check-ins posted (public
and internal) with their value changes, snapshots freeze each key result, compare and the packet show
"1 → 2 institutions", and the review CSVs carry the key results (with their targets on the way).

One known history, each edit dated with save_at: the board recorded a review on 10 January and
another on 25 January."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from goals.board import exports, snapshots
from goals.board.changes import changes_since, check_ins_posted
from goals.models import CheckIn, Goal, KeyResult, KeyResultTarget, Objective, Owner, Plan, Review
from tests.history import save_at
from tests.roles import make_role_user, make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def at(day, hour=12):
    return datetime(2026, 1, day, hour, tzinfo=UTC)


def post_at(objective, when, **fields):
    """A check-in posted at `when`, and its objective saved then (a measurement moves its progress)."""
    check_in = save_at(CheckIn(objective=objective, happened_on=when.date(), **fields), when)
    if fields.get("status"):
        objective.status = fields["status"]
    save_at(objective, when)
    return check_in


def record_at(plan, when):
    review = snapshots.record_review(plan, held_on=when.date(), attendees="Ann")
    Review.objects.filter(pk=review.pk).update(recorded_at=when)
    review.refresh_from_db()
    return review


@pytest.fixture
def history():
    plan = save_at(
        Plan(title="P", slug="p", starts_on=date(2026, 1, 5), due_on=date(2026, 12, 31), status="active"),
        at(5),
    )
    goal = save_at(Goal(plan=plan, title="Hubs", slug="hubs"), at(5))
    hubs = save_at(Objective(goal=goal, statement="Two institutions run hubs.", slug="hubs"), at(5))
    hubs._history_date = at(5)  # KeyResult.save saves its objective too
    key_result = save_at(
        KeyResult(objective=hubs, metric="Institutions", unit="institutions", target=2), at(5)
    )
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 3, 31), value=1)
    docs = save_at(Objective(goal=goal, statement="The docs are rewritten.", slug="docs"), at(5))
    yuvi = make_user("yuvi")
    Owner.objects.create(name="Yuvi Panda", slug="yuvi", user=yuvi)

    post_at(hubs, at(6), value=Decimal(1), author=yuvi)  # before the first review
    first = record_at(plan, at(10))
    post_at(hubs, at(14), value=Decimal(2), author=yuvi, confidence="high", note="Second hub is up.")
    post_at(docs, at(16), note="Board-only detail.", visibility="internal")
    post_at(docs, at(18), status=Objective.Status.ON_TRACK, author=yuvi)
    post_at(hubs, at(20), value=Decimal(3), author=yuvi, visibility="internal")
    key_result.target = 3
    hubs._history_date = at(21)
    save_at(key_result, at(21))
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 6, 30), value="2.5")
    second = record_at(plan, at(25))
    post_at(hubs, at(27), value=Decimal(4), author=yuvi)  # after the second review
    # After the second review the targets on the way are replaced: no snapshot may follow.
    key_result.targets.all().delete()
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 9, 30), value=3)
    return plan, first, second


@pytest.fixture
def board(client):
    client.force_login(make_role_user("board"))
    return client


def posted(check_ins):
    return [
        (
            item.check_in.objective.slug,
            item.posted_at.day,
            item.value_change,
            item.other_changes,
            item.check_in.author_name(),
            item.check_in.visibility,
        )
        for item in check_ins
    ]


def test_what_changed_since_lists_the_check_ins_posted_public_and_internal_with_value_changes(history):
    plan, first, second = history

    changes = changes_since(plan, at(10))

    assert posted(changes.check_ins) == [
        ("hubs", 27, "3 → 4 institutions", "", "Yuvi Panda", "public"),
        ("hubs", 20, "2 → 3 institutions", "", "Yuvi Panda", "internal"),
        ("docs", 18, "", "status: On track", "Yuvi Panda", "public"),
        ("docs", 16, "", "", "", "internal"),
        ("hubs", 14, "1 → 2 institutions", "confidence: high", "Yuvi Panda", "public"),
    ]
    assert (
        changes.check_ins[0].url
        == f"/plans/p/goals/hubs/objectives/hubs/#check-in-{changes.check_ins[0].check_in.pk}"
    )


def test_a_first_measurement_reads_as_the_value_alone(history):
    plan, first, second = history

    assert posted(check_ins_posted(plan, at(6), at(7))) == [
        ("hubs", 6, "1 institutions", "", "Yuvi Panda", "public")
    ]


def test_the_packet_shows_the_check_ins_with_value_changes_and_owner_names(history, board):
    page = board.get(reverse("board:plan", args=["p"]), {"since": "2026-01-10"}).content.decode()

    assert "Check-ins posted, public and internal (5)" in page
    assert '<strong class="value-change">1 → 2 institutions</strong>; confidence: high' in page
    assert '<strong class="value-change">2 → 3 institutions</strong>' in page
    assert "Board-only detail." in page
    assert page.count("<td>Yuvi Panda</td>") == 4
    assert "yuvi</td>" not in page  # owner names, never login names


def test_a_snapshot_freezes_each_key_result_and_its_newest_public_value(history):
    plan, first, second = history

    frozen = [
        list(review.snapshots.filter(kind="objective").values_list(
            "objective_statement", "metric", "unit", "direction", "baseline", "target", "value", "progress"
        ))
        for review in (first, second)
    ]  # fmt: skip

    assert frozen == [
        [
            ("Two institutions run hubs.", "Institutions", "institutions", "at_least", 0, 2, 1, 50.0),
            ("The docs are rewritten.", "", "", "", None, None, None, 0.0),
        ],
        # The internal measurement of 3 (20 January) is not what progress counts: 2 of 3 is.
        [
            ("Two institutions run hubs.", "Institutions", "institutions", "at_least", 0, 3, 2, 67.0),
            ("The docs are rewritten.", "", "", "", None, None, None, 50.0),
        ],
    ]
    assert first.snapshots.get(metric="Institutions").describe_value() == "1 of 2 institutions"


def test_a_snapshot_freezes_the_targets_on_the_way_as_they_stood(history):
    plan, first, second = history

    frozen = [
        list(review.snapshots.order_by("position").values_list("kind", "targets"))
        for review in (first, second)
    ]

    assert frozen == [
        [("goal", None), ("objective", [{"due_on": "2026-03-31", "value": "1.00"}]), ("objective", None)],
        [
            ("goal", None),
            (
                "objective",
                [{"due_on": "2026-03-31", "value": "1.00"}, {"due_on": "2026-06-30", "value": "2.50"}],
            ),
            ("objective", None),  # not measured
        ],
    ]
    assert second.snapshots.get(metric="Institutions").target_list() == [
        (date(2026, 3, 31), Decimal(1)),
        (date(2026, 6, 30), Decimal("2.5")),
    ]


def test_compare_shows_value_and_target_changes_and_the_check_ins_posted_in_between(history, board):
    plan, first, second = history

    response = board.get(reverse("board:compare"), {"a": first.pk, "b": second.pk})

    rows = {row.label: row for row in response.context["rows"]}
    hubs = rows["Two institutions run hubs."]
    assert (hubs.change, hubs.value_change, hubs.target_change) == (
        "changed",
        "1 → 2 institutions",
        "target 2 → 3 institutions",
    )
    assert rows["The docs are rewritten."].value_change == ""
    assert [row.label for row in response.context["measured_rows"]] == ["Two institutions run hubs."]
    # Posted between 10 and 25 January: not the first measurement (6th) nor the one after (27th).
    assert [item.posted_at.day for item in response.context["check_ins"]] == [20, 18, 16, 14]
    page = response.content.decode()
    assert "<td>1 of 2 institutions</td>" in page and "<td>2 of 3 institutions</td>" in page
    assert '<strong class="value-change">1 → 2 institutions</strong>; target 2 → 3 institutions' in page
    assert "+17 pts, 1 → 2 institutions, target 2 → 3 institutions" in page
    assert "Check-ins posted in between, public and internal (4)" in page


def test_compare_with_now_reads_the_live_key_results(history, board):
    plan, first, second = history

    response = board.get(reverse("board:compare"), {"a": second.pk, "b": "now"})

    hubs = response.context["measured_rows"][0]
    assert (hubs.after.describe_value(), hubs.value_change) == ("4 of 3 institutions", "2 → 4 institutions")
    assert (hubs.before.target_list(), hubs.after.target_list()) == (
        [(date(2026, 3, 31), Decimal(1)), (date(2026, 6, 30), Decimal("2.5"))],
        [(date(2026, 9, 30), Decimal(3))],
    )
    assert posted(response.context["check_ins"]) == [
        ("hubs", 27, "3 → 4 institutions", "", "Yuvi Panda", "public")
    ]


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


KEY_RESULT_COLUMNS = ["Objective", *exports.KEY_RESULT_HEADER]


def test_the_snapshot_csv_carries_the_frozen_key_results(history, board):
    plan, first, second = history

    rows = read_csv(board.get(reverse("board:snapshot-csv", args=[second.pk])))

    assert [[row[column] for column in KEY_RESULT_COLUMNS] for row in rows] == [
        ["", "", "", "", "", "", "", ""],  # the goal
        [
            "Two institutions run hubs.",
            "Institutions",
            "institutions",
            "At least",
            "0",
            "3",
            "2",
            "2026-03-31: 1; 2026-06-30: 2.5",  # as frozen, not today's
        ],
        ["The docs are rewritten.", "", "", "", "", "", "", ""],
    ]


def test_the_objectives_csv_carries_the_live_key_results(history, board):
    rows = read_csv(board.get(reverse("board:objectives-csv", args=["p"])))

    assert [[row[column] for column in KEY_RESULT_COLUMNS] for row in rows] == [
        [
            "Two institutions run hubs.",
            "Institutions",
            "institutions",
            "At least",
            "0",
            "3",
            "4",
            "2026-09-30: 3",
        ],
        ["The docs are rewritten.", "", "", "", "", "", "", ""],
    ]


def test_the_record_page_shows_the_frozen_value(history, board):
    plan, first, second = history

    page = board.get(reverse("board:record", args=[first.pk])).content.decode()

    assert '<span class="muted">Institutions: 1 of 2 institutions</span>' in page
