from datetime import UTC, date, datetime

import pytest

from goals.board.changes import changes_since
from goals.models import Evidence, Goal, Objective, Plan
from tests.history import delete_at, save_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

Status = Objective.Status


def at(day, hour=12):
    return datetime(2026, 1, day, hour, tzinfo=UTC)


@pytest.fixture
def history():
    """A known sequence of edits, each dated in the change history; the board met on 10 January."""
    plan = save_at(
        Plan(title="P", slug="p", starts_on=date(2026, 1, 5), due_on=date(2026, 3, 2), status="active"), at(5)
    )
    goal = save_at(Goal(plan=plan, title="Grow", slug="grow"), at(5))
    made = {}
    for name in ["a", "b", "d", "e", "f", "g"]:
        made[name] = save_at(Objective(goal=goal, statement=f"Objective {name.upper()}", slug=name), at(5))
    a, b, d, e, f, g = (made[name] for name in "abdefg")
    f.status = Status.ON_TRACK
    save_at(f, at(6))  # before the meeting: not a change since
    a.status = Status.ON_TRACK
    save_at(a, at(14))
    a.status = Status.AT_RISK
    save_at(a, at(20))
    c = save_at(Objective(goal=goal, statement="Objective C", slug="c"), at(15))
    d.status = Status.DROPPED
    save_at(d, at(21))
    delete_at(e, at(22))
    g.description = "Only the wording changed."
    save_at(g, at(25))
    b.status = Status.DONE
    save_at(b, at(28))
    save_at(Evidence(objective=a, title="Old news", happened_on=date(2026, 1, 3)), at(3))
    save_at(Evidence(objective=c, title="Board memo", visibility="internal"), at(16))
    new_goal = save_at(Goal(plan=plan, title="Partner", slug="partner"), at(17))
    return plan, new_goal


def test_it_shows_status_and_progress_changes_as_before_and_after(history):
    plan, _ = history
    changes = changes_since(plan, at(10, 0))
    assert [
        (c.kind, c.statement, c.status_before, c.status_after, c.progress_before, c.progress_after)
        for c in changes.objectives
    ] == [
        ("changed", "Objective B", "Not started", "Done", 0, 100),
        ("removed", "Objective E", "Not started", None, 0, None),
        ("dropped", "Objective D", "Not started", "Dropped", 0, 0),
        ("changed", "Objective A", "Not started", "At risk", 0, 50),
        ("added", "Objective C", None, "Not started", None, 0),
    ]


def test_it_leaves_out_what_did_not_move_in_the_period(history):
    plan, _ = history
    statements = [change.statement for change in changes_since(plan, at(10, 0)).objectives]
    assert "Objective F" not in statements  # changed before the meeting
    assert "Objective G" not in statements  # only its description changed


def test_it_lists_evidence_and_goals_added_since(history):
    plan, _ = history
    changes = changes_since(plan, at(10, 0))
    assert [(item.title, item.visibility) for item in changes.evidence] == [("Board memo", "internal")]
    assert (changes.goals_added, changes.goals_removed) == (["Partner"], [])


def test_it_gives_plan_progress_then_and_now(history):
    plan, _ = history
    changes = changes_since(plan, at(10, 0))
    # Then: F 50 and five at 0 (E still there). Now: A 50, B 100, C 0, F 50, G 0 in "Grow"; "Partner" empty.
    assert changes.plan_progress_before == pytest.approx(50 / 6)
    assert changes.plan_progress_after == pytest.approx(40)


def test_a_later_date_narrows_the_window(history):
    plan, new_goal = history
    changes = changes_since(plan, at(27, 0))
    assert [(c.statement, c.status_before, c.status_after) for c in changes.objectives] == [
        ("Objective B", "Not started", "Done")
    ]
    assert (changes.evidence, changes.goals_added) == ([], [])
