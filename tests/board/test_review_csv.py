import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from goals.board import exports, snapshots
from goals.spreadsheet import cell
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_role_user as make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def plan():
    plan = PlanFactory(slug="p", starts_on=date(2026, 1, 1), due_on=date(2026, 12, 31))
    goal = GoalFactory(plan=plan, title="Grow")
    objective = ObjectiveFactory(
        goal=goal,
        statement='=HYPERLINK("http://evil")',
        status="at_risk",
        due_on=date(2026, 6, 30),
        owners=[OwnerFactory(name="Bo"), OwnerFactory(name="Ann")],
    )
    EvidenceFactory(objective=objective, happened_on=date(2026, 3, 1), visibility="internal")
    EvidenceFactory(objective=objective, happened_on=date(2026, 2, 1))
    ObjectiveFactory(goal=goal, statement="Nothing yet.")
    return plan


# The key result columns (metric, unit, direction, baseline, target, measured value, targets on the
# way): empty here; tests/board/test_review_key_results.py fills them.
NOT_MEASURED = [""] * 7


def read(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_snapshot_csv_has_every_frozen_row(client, plan):
    review = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    plan.goals.get().objectives.update(status="done")  # after the meeting: not in the snapshot
    client.force_login(make_user("board"))
    response = client.get(reverse("board:snapshot-csv", args=[review.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="p-review-2026-04-01-{review.pk}.csv"'
    assert read(response) == [
        exports.SNAPSHOT_HEADER,
        ["Goal", "Grow", "", "", "25", "24.7", "1", "", "", "2", "1", "2026-03-01", "", "", *NOT_MEASURED],
        ["Objective", "Grow", "'=HYPERLINK(\"http://evil\")", "At risk", "50", "50", "1", "2026-06-30",
         "Ann, Bo", "2", "1", "2026-03-01", "no", "no", *NOT_MEASURED],
        # Never updated since the plan started on 1 January: stale.
        ["Objective", "Grow", "Nothing yet.", "Not started", "0", "24.7", "1", "2026-12-31", "", "0", "0", "",
         "no", "yes", *NOT_MEASURED],
    ]  # fmt: skip


def test_the_objectives_csv_counts_internal_evidence_for_reviewers(client, plan):
    client.force_login(make_user("founder"))
    rows = read(client.get(reverse("board:objectives-csv", args=["p"])))
    assert rows[0] == exports.OBJECTIVES_HEADER
    assert [row[:9] for row in rows[1:]] == [
        [
            "Grow",
            '\'=HYPERLINK("http://evil")',
            "At risk",
            "50",
            "Ann, Bo",
            "2026-06-30",
            "2026-03-01",
            "2",
            "1",
        ],
        ["Grow", "Nothing yet.", "Not started", "0", "", "2026-12-31", "", "0", "0"],
    ]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("2.00"), "2"),
        (Decimal("2.50"), "2.5"),
        (Decimal("1200"), "1200"),
        (Decimal("-5.00"), "-5"),  # a measured number, not a formula
        ("-5", "'-5"),  # text that a spreadsheet would run stays neutralised
    ],
)
def test_measured_values_are_plain_numbers_in_the_csv(value, text):
    assert cell(value) == text
