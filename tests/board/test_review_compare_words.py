"""The compare page's "Change" column agrees with what changed: a status change at the same
progress says the status changed (it said "no change, status changed"), and a progress change is
counted in the same whole points the page shows."""

import re
from datetime import date

import pytest
from django.urls import reverse

from goals.board import snapshots
from goals.models import Objective
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory
from tests.roles import make_role_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def board(client):
    client.force_login(make_role_user("board"))
    return client


@pytest.fixture
def plan():
    return PlanFactory(slug="p", status="active", starts_on=date(2026, 1, 1), due_on=date(2026, 12, 31))


def change_cells(response):
    """{row label: text of its Change cell} from the compare table."""
    rows = re.findall(
        r"<tr[^>]*>\s*<th scope=\"row\"[^>]*>(.*?)</th>.*?<td>([^<]*)</td>\s*</tr>",
        response.content.decode(),
        re.S,
    )
    return {label: cell.strip() for label, cell in rows}


def compare(board, first, second):
    return board.get(reverse("board:compare"), {"a": first.pk, "b": second.pk})


def test_a_status_change_at_the_same_progress_says_the_status_changed(board, plan):
    goal = GoalFactory(plan=plan, title="Grow")
    objective = ObjectiveFactory(goal=goal, statement="Ten hubs run.", status=Objective.Status.AT_RISK)
    first = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    objective.status = Objective.Status.OFF_TRACK  # both count as under way: 50%
    objective.save()
    second = snapshots.record_review(plan, held_on=date(2026, 7, 1), attendees="Ann")

    response = compare(board, first, second)

    assert change_cells(response) == {"Grow": "", "Ten hubs run.": "Status changed"}
    page = response.content.decode()
    assert "no change" not in page
    assert "1 item changed." in page
    assert [(row.change, row.status_changed, row.progress_changed) for row in response.context["rows"]] == [
        ("", False, False),
        ("changed", True, False),
    ]


def test_progress_changes_count_in_the_whole_points_the_page_shows(board, plan):
    goal = GoalFactory(plan=plan, title="Grow")
    a, b, c = (
        ObjectiveFactory(goal=goal, statement=name, progress_source="manual", progress=progress)
        for name, progress in (("A", 50), ("B", 51), ("C", 50))
    )
    first = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")  # goal 50.33
    b.progress = 52
    b.save()
    second = snapshots.record_review(plan, held_on=date(2026, 7, 1), attendees="Ann")  # goal 50.67

    cells = change_cells(compare(board, first, second))

    # 50% → 51% on the page is +1 point (the raw difference, 0.33, rounded to "no change" before).
    assert cells == {"Grow": "+1 pts", "A": "", "B": "+1 pts", "C": ""}


def test_status_and_progress_changed_together(board, plan):
    goal = GoalFactory(plan=plan, title="Grow")
    objective = ObjectiveFactory(goal=goal, statement="Ten hubs run.", status=Objective.Status.ON_TRACK)
    first = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    objective.status = Objective.Status.DONE
    objective.save()
    second = snapshots.record_review(plan, held_on=date(2026, 7, 1), attendees="Ann")

    assert change_cells(compare(board, first, second)) == {
        "Grow": "+50 pts",
        "Ten hubs run.": "+50 pts, status changed",
    }
