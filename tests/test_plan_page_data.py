"""The plan page's values (goals/plan_page.py, goals/rows.py) agree with the models' own methods.

The plan page reads plain tuples and works its flags and roll-ups out with progress.py; the goal,
objective and owner pages, the API and the board review ask the models. Both must say the same
about every objective, goal and plan, on a plan under way and on one that has ended.
"""

from datetime import datetime, time, timedelta
from itertools import product

import pytest
from django.utils import timezone

from goals.models import Evidence, Goal, Objective, Plan
from goals.plan_page import load_plan_page
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

S = Objective.Status


def moment(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def make_plan(slug, starts_on, due_on, status=Plan.Status.ARCHIVED):
    """A plan with an objective for every mix of status, own due date and recorded activity."""
    plan = PlanFactory(slug=slug, starts_on=starts_on, due_on=due_on, status=status)
    owners = [OwnerFactory(name=name) for name in ("Zoe", "ada", "Bo")]
    goals = [GoalFactory(plan=plan, order=order, weight=order + 1) for order in range(3)]
    GoalFactory(plan=plan, order=9, is_archived=True)  # hidden, and so are its objectives
    due_dates = [
        None,
        starts_on + timedelta(days=10),
        due_on - timedelta(days=1),
        due_on + timedelta(days=30),
    ]
    activity = [None, 5, 90, 400]  # days before today, or nothing recorded
    today = timezone.localdate()
    for number, (status, due, evidence_age, update_age) in enumerate(
        product(S.values, due_dates, activity, activity[:2])
    ):
        objective = ObjectiveFactory(
            goal=goals[number % 3],
            status=status,
            due_on=due,
            progress_source=Objective.ProgressSource.MANUAL
            if number % 2
            else Objective.ProgressSource.STATUS,
            progress=(number * 7) % 101,
            weight=number % 4 + 1,
            owners=owners[: number % 4],
        )
        Objective.objects.filter(pk=objective.pk).update(
            status_updated_at=moment(today - timedelta(days=update_age)) if update_age else None
        )
        if evidence_age is not None:
            EvidenceFactory(objective=objective, happened_on=today - timedelta(days=evidence_age))
        # Internal evidence is newer than anything public, and must not count.
        EvidenceFactory(objective=objective, happened_on=today, visibility=Evidence.Visibility.INTERNAL)
    return plan


@pytest.fixture(params=[(-200, 200), (-800, -10), (20, 400)], ids=["under-way", "ended", "not-started"])
def plan(request):
    today = timezone.localdate()
    start, due = (today + timedelta(days=days) for days in request.param)
    return make_plan("values", start, due)


def test_every_row_says_what_the_model_says(plan):
    today = timezone.localdate()
    page = load_plan_page("values")
    objectives = {
        objective.pk: objective
        for objective in Objective.objects.public()
        .filter(goal__plan=plan)
        .select_related("goal__plan")
        .with_last_evidence_on()
    }
    assert sorted(row.pk for row in page.rows) == sorted(objectives)
    assert len(page.rows) == 6 * 4 * 4 * 2
    for row in page.rows:
        objective = objectives[row.pk]
        assert row.is_overdue == objective.is_overdue(today), objective.pk
        assert row.is_behind == objective.is_behind(today), objective.pk
        assert row.is_stale == objective.is_stale(today), objective.pk
        assert row.row_flags == objective.row_flags(today), objective.pk
        assert row.last_activity_on == objective.last_activity_on(), objective.pk
        assert row.expected == objective.expected_progress(today), objective.pk
        assert row.time_left == objective.time_left(today)
        assert [owner.name for owner in row.owners] == [
            owner.name for owner in objective.owners.order_by("name")
        ]


def test_goal_and_plan_roll_ups_say_what_the_models_say(plan):
    today = timezone.localdate()
    page = load_plan_page("values")
    goals = list(Goal.objects.public().filter(plan=plan).order_by("order", "pk"))
    assert [section.pk for section in page.sections] == [goal.pk for goal in goals]
    for section, goal in zip(page.sections, goals, strict=True):
        assert section.progress == pytest.approx(goal.progress)
        assert section.is_behind == goal.is_behind(today)
    model = Plan.objects.with_progress().get(pk=plan.pk)
    assert page.plan.progress == pytest.approx(model.progress)
    assert page.plan.expected_progress == model.expected_progress(today)
    assert page.plan.is_behind == model.is_behind(today)
    assert page.plan.has_ended == model.has_ended(today)
    assert page.plan.time_left == model.time_left(today)


def test_owners_are_listed_once_by_name_and_only_from_shown_goals(plan):
    hidden_goal = plan.goals.get(is_archived=True)
    ObjectiveFactory(goal=hidden_goal, owners=[OwnerFactory(name="Only on an archived goal")])
    page = load_plan_page("values")
    assert [owner.name for owner in page.owners] == ["ada", "Bo", "Zoe"]


def test_no_page_for_drafts_unknown_slugs_or_without_an_active_plan():
    make_plan("draft", timezone.localdate(), timezone.localdate(), status=Plan.Status.DRAFT)
    assert load_plan_page("draft") is None
    assert load_plan_page("nope") is None
    assert load_plan_page() is None  # the home page: no active plan


def test_the_active_plan_and_its_public_review():
    from goals.models import Review

    today = timezone.localdate()
    plan = make_plan(
        "live", today - timedelta(days=10), today + timedelta(days=10), status=Plan.Status.ACTIVE
    )
    for held, public in [(5, True), (2, False), (8, True)]:
        Review.objects.create(
            plan=plan,
            held_on=today - timedelta(days=held),
            attendees="Ada",
            is_public=public,
            plan_progress=40,
        )
    page = load_plan_page()
    assert page.plan.slug == "live"
    assert page.plan.public_review.held_on == today - timedelta(days=5)  # the newest public one
    assert page.plan.public_review.plan_progress == 40
