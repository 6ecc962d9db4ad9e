"""Bad data cannot get in by any path: the database refuses it, and full_clean explains why."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from goals.models import Evidence, Objective, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def assert_refused_by_database(update):
    with pytest.raises(IntegrityError), transaction.atomic():
        update()


def test_progress_outside_0_to_100_is_refused():
    objective = ObjectiveFactory(progress_source="manual", progress=10)
    objective.progress = 101
    with pytest.raises(ValidationError) as error:
        objective.full_clean()
    assert "progress" in error.value.message_dict
    assert_refused_by_database(lambda: Objective.objects.filter(pk=objective.pk).update(progress=101))


def test_plan_due_before_start_is_refused():
    plan = PlanFactory.build(starts_on=date(2026, 5, 1), due_on=date(2026, 4, 1))
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "The due date cannot be before the start date." in error.value.messages
    assert_refused_by_database(plan.save)


def test_only_one_plan_can_be_active():
    PlanFactory(status=Plan.Status.ACTIVE)
    second = PlanFactory.build(status=Plan.Status.ACTIVE)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "Another plan is already active" in " ".join(error.value.messages)
    assert_refused_by_database(second.save)


def test_goal_slug_is_unique_within_a_plan_only():
    goal = GoalFactory(slug="same")
    GoalFactory(slug="same")  # another plan: fine
    duplicate = GoalFactory.build(plan=goal.plan, slug="same")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Another goal in this plan already uses this slug." in error.value.messages
    assert_refused_by_database(duplicate.save)


def test_objective_slug_is_unique_within_a_goal():
    objective = ObjectiveFactory(slug="same")
    duplicate = ObjectiveFactory.build(goal=objective.goal, slug="same")
    assert_refused_by_database(duplicate.save)


def test_objective_due_date_before_plan_start_is_refused():
    objective = ObjectiveFactory(goal__plan__starts_on=date(2026, 1, 1))
    objective.due_on = date(2025, 12, 31)
    with pytest.raises(ValidationError) as error:
        objective.full_clean()
    assert error.value.message_dict["due_on"] == [
        "The due date cannot be before the plan starts (1 January 2026)."
    ]


def test_objective_due_date_defaults_to_the_plan():
    objective = ObjectiveFactory(goal__plan__due_on=date(2026, 10, 31))
    assert objective.due_on is None
    assert objective.effective_due_on == date(2026, 10, 31)


@pytest.mark.parametrize("weight", [0, 101])
def test_weight_outside_1_to_100_is_refused(weight):
    objective = ObjectiveFactory()
    assert_refused_by_database(lambda: Objective.objects.filter(pk=objective.pk).update(weight=weight))


def test_link_evidence_needs_a_link_or_file():
    evidence = EvidenceFactory.build(objective=ObjectiveFactory(), kind=Evidence.Kind.LINK, url="")
    with pytest.raises(ValidationError) as error:
        evidence.full_clean()
    assert "A link or document needs a link or an uploaded file." in error.value.messages
    assert_refused_by_database(evidence.save)


def test_a_note_needs_neither_link_nor_file():
    evidence = EvidenceFactory(kind=Evidence.Kind.NOTE, url="")
    evidence.full_clean()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
