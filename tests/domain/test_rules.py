from datetime import date

import pytest

from goals import rules as progress
from goals.models import Objective
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory

Status = Objective.Status


@pytest.mark.unit
@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], None),
        ([(50, 1)], 50),
        ([(0, 1), (100, 3)], 75),
        ([(None, 1), (40, 2)], 40),
        ([(100, 0), (20, 1)], 20),
    ],
)
def test_weighted_mean(pairs, expected):
    assert progress.weighted_mean(pairs) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 1), 0.0),
        (date(2026, 1, 1), 0.0),
        (date(2026, 1, 11), 50.0),
        (date(2026, 1, 21), 100.0),
        (date(2027, 1, 1), 100.0),
    ],
)
def test_expected_progress_is_linear_in_elapsed_time(today, expected):
    assert progress.expected_progress(date(2026, 1, 1), date(2026, 1, 21), today) == expected


@pytest.mark.unit
def test_staleness_counts_days_since_last_activity():
    today = date(2026, 6, 30)
    assert progress.is_stale(None, today, 60) is True
    assert progress.is_stale(date(2026, 5, 1), today, 60) is False
    assert progress.is_stale(date(2026, 4, 30), today, 60) is True


@pytest.mark.django_db
def test_goal_progress_is_weighted_and_leaves_out_dropped():
    goal = GoalFactory()
    ObjectiveFactory(goal=goal, status=Status.DONE, weight=3)  # 100
    ObjectiveFactory(goal=goal, status=Status.NOT_STARTED, weight=1)  # 0
    ObjectiveFactory(goal=goal, status=Status.DROPPED, weight=50)
    assert goal.progress == 75


@pytest.mark.django_db
def test_manual_progress_wins_over_status():
    objective = ObjectiveFactory(status=Status.ON_TRACK, progress_source="manual", progress=80)
    objective.refresh_from_db()
    assert objective.progress == 80


@pytest.mark.django_db
def test_derived_progress_follows_status():
    objective = ObjectiveFactory(status=Status.ON_TRACK, progress=80)
    assert objective.progress == 50
    objective.status = Status.DONE
    objective.save()
    objective.refresh_from_db()
    assert objective.progress == 100


@pytest.mark.django_db
def test_empty_goal_has_no_progress_and_is_left_out_of_the_plan():
    plan = PlanFactory()
    GoalFactory(plan=plan)  # nothing to measure
    measured = GoalFactory(plan=plan, weight=1)
    ObjectiveFactory(goal=measured, status=Status.DONE)
    only_dropped = GoalFactory(plan=plan)
    ObjectiveFactory(goal=only_dropped, status=Status.DROPPED)
    assert plan.goals.get(pk=only_dropped.pk).progress is None
    assert plan.progress == 100


@pytest.mark.django_db
def test_plan_progress_weights_goals():
    plan = PlanFactory()
    heavy = GoalFactory(plan=plan, weight=3)
    light = GoalFactory(plan=plan, weight=1)
    ObjectiveFactory(goal=heavy, status=Status.DONE)
    ObjectiveFactory(goal=light, status=Status.NOT_STARTED)
    assert plan.progress == 75


@pytest.mark.django_db
def test_status_change_records_when_it_happened():
    objective = ObjectiveFactory(status=Status.NOT_STARTED)
    assert objective.status_updated_at is None  # creating (or importing) is not a change
    objective.refresh_from_db()
    objective.description = "Edited wording only."
    objective.save()
    assert objective.status_updated_at is None
    objective.status = Status.AT_RISK
    objective.save()
    first = objective.status_updated_at
    assert first is not None
    objective.status = Status.ON_TRACK
    objective.save()
    assert objective.status_updated_at > first


@pytest.mark.parametrize(
    "standing, ended, expected",
    [
        (progress.Standing(progress=20, expected=50, behind=True), False, "behind"),
        (progress.Standing(progress=45, expected=50, behind=False), False, "on_pace"),
        (progress.Standing(progress=100, expected=50, behind=False, done=True), False, "done"),
        (progress.Standing(progress=0, expected=100, behind=False), True, None),  # the plan says it ended
        (progress.Standing(progress=None, expected=50, behind=False), False, None),  # nothing to measure
    ],
)
def test_pace_is_one_word_for_a_plan_or_goal(standing, ended, expected):
    assert progress.pace(standing, ended=ended) == expected
