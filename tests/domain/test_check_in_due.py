"""When an objective's next check-in is due: one rule (rules.check_in_due_on), read through standing()."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from goals import rules
from goals.check_ins import record_check_in
from goals.models import CheckIn, Objective, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, PlanFactory

Cadence = Plan.CheckInCadence


def plan_row(
    cadence=Cadence.MONTHLY, status="active", starts_on=date(2026, 1, 31), due_on=date(2026, 12, 31)
):
    return SimpleNamespace(check_in_cadence=cadence, status=status, starts_on=starts_on, due_on=due_on)


def objective_row(last_evidence_on=None, cadence="", status="on_track", archived_goal=False):
    return SimpleNamespace(
        last_evidence_on=last_evidence_on,
        check_in_cadence=cadence,
        status=status,
        goal=SimpleNamespace(is_archived=archived_goal),
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("day", "cadence", "expected"),
    [
        (date(2026, 3, 4), Cadence.WEEKLY, date(2026, 3, 11)),
        (date(2026, 12, 29), Cadence.WEEKLY, date(2027, 1, 5)),
        (date(2026, 3, 4), Cadence.EVERY_TWO_WEEKS, date(2026, 3, 18)),
        (date(2026, 2, 20), Cadence.EVERY_TWO_WEEKS, date(2026, 3, 6)),
        (date(2026, 3, 4), Cadence.MONTHLY, date(2026, 4, 4)),
        (date(2026, 12, 15), Cadence.MONTHLY, date(2027, 1, 15)),
        # Month ends: the same day next month, or that month's last day when it has none.
        (date(2026, 1, 31), Cadence.MONTHLY, date(2026, 2, 28)),
        (date(2028, 1, 31), Cadence.MONTHLY, date(2028, 2, 29)),
        (date(2026, 3, 31), Cadence.MONTHLY, date(2026, 4, 30)),
        (date(2026, 2, 28), Cadence.MONTHLY, date(2026, 3, 28)),
        (date(2026, 8, 31), Cadence.MONTHLY, date(2026, 9, 30)),
    ],
)
def test_it_adds_one_cadence(day, cadence, expected):
    assert rules.after_cadence(day, cadence) == expected


@pytest.mark.unit
def test_an_unknown_cadence_is_an_error_not_a_silent_default():
    with pytest.raises(ValueError, match="Unknown check-in cadence: 'yearly'"):
        rules.after_cadence(date(2026, 1, 1), "yearly")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("objective", "plan", "expected"),
    [
        # From the last update, with the plan's cadence...
        (objective_row(date(2026, 5, 10)), plan_row(), date(2026, 6, 10)),
        (objective_row(date(2026, 5, 10)), plan_row(Cadence.WEEKLY), date(2026, 5, 17)),
        # ...or the objective's own.
        (objective_row(date(2026, 5, 10), cadence=Cadence.EVERY_TWO_WEEKS), plan_row(), date(2026, 5, 24)),
        # Nothing recorded: from the plan's start (31 January + a month = 28 February).
        (objective_row(None), plan_row(), date(2026, 2, 28)),
        (objective_row(None, cadence=Cadence.WEEKLY), plan_row(), date(2026, 2, 7)),
    ],
)
def test_it_is_due_one_cadence_after_the_last_update(objective, plan, expected):
    assert rules.check_in_due_on(objective, plan, date(2026, 6, 1)) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("objective", "plan"),
    [
        (objective_row(date(2026, 1, 1), status="done"), plan_row()),
        (objective_row(date(2026, 1, 1), status="dropped"), plan_row()),
        (objective_row(date(2026, 1, 1), archived_goal=True), plan_row()),
        (objective_row(date(2026, 1, 1)), plan_row(status="draft")),
        (objective_row(date(2026, 1, 1)), plan_row(status="archived")),
        (objective_row(date(2026, 1, 1)), plan_row(due_on=date(2026, 5, 31))),  # ended yesterday
    ],
    ids=["done", "dropped", "archived-goal", "draft-plan", "archived-plan", "ended-plan"],
)
def test_it_is_never_due_for_finished_work_or_a_plan_not_running(objective, plan):
    assert rules.check_in_due_on(objective, plan, date(2026, 6, 1)) is None


@pytest.mark.unit
def test_it_is_due_on_the_due_day_itself_and_after_not_before():
    due_on = date(2026, 6, 10)
    assert [rules.is_check_in_due(due_on, due_on + timedelta(days=n)) for n in (-1, 0, 1, 40)] == [
        False,
        True,
        True,
        True,
    ]
    assert rules.is_check_in_due(None, due_on) is False


# ---------------------------------------------------------------------------------------------
# Through the models: Objective.check_in_due_on() / is_check_in_due() read standing().


@pytest.fixture
def running_plan(db):
    today = timezone.localdate()
    return PlanFactory(
        status=Plan.Status.ACTIVE,
        starts_on=today - timedelta(days=100),
        due_on=today + timedelta(days=200),
        check_in_cadence=Cadence.WEEKLY,
    )


@pytest.mark.integration
def test_a_new_plan_defaults_to_monthly(db):
    assert PlanFactory().check_in_cadence == Cadence.MONTHLY


@pytest.mark.integration
def test_an_internal_check_in_counts_as_an_update(running_plan):
    today = timezone.localdate()
    objective = ObjectiveFactory(goal=GoalFactory(plan=running_plan), status=Objective.Status.ON_TRACK)
    record_check_in(
        objective,
        note="Spoke to the funder.",
        happened_on=today - timedelta(days=3),
        visibility=CheckIn.Visibility.INTERNAL,
    )

    fetched = Objective.objects.with_standing().get(pk=objective.pk)
    assert fetched.check_in_due_on() == today + timedelta(days=4)
    assert fetched.is_check_in_due() is False
    assert fetched.is_check_in_due(today + timedelta(days=4)) is True


@pytest.mark.integration
def test_the_newest_of_evidence_and_check_ins_counts_and_the_objective_may_set_its_own_cadence(running_plan):
    today = timezone.localdate()
    objective = ObjectiveFactory(goal=GoalFactory(plan=running_plan), check_in_cadence=Cadence.MONTHLY)
    EvidenceFactory(objective=objective, happened_on=today - timedelta(days=20))
    record_check_in(objective, note="Older.", happened_on=today - timedelta(days=50))

    fetched = Objective.objects.with_standing().get(pk=objective.pk)  # and without the annotation:
    assert fetched.check_in_due_on() == rules.after_cadence(today - timedelta(days=20), Cadence.MONTHLY)
    assert Objective.objects.get(pk=objective.pk).check_in_due_on() == fetched.check_in_due_on()


@pytest.mark.integration
def test_with_nothing_recorded_it_is_due_from_the_plans_start(running_plan):
    objective = ObjectiveFactory(goal=GoalFactory(plan=running_plan))

    assert objective.check_in_due_on() == running_plan.starts_on + timedelta(days=7)
    assert objective.is_check_in_due() is True


@pytest.mark.integration
def test_done_objectives_are_never_due(running_plan):
    done = ObjectiveFactory(goal=GoalFactory(plan=running_plan), status=Objective.Status.DONE)

    assert (done.check_in_due_on(), done.is_check_in_due()) == (None, False)


@pytest.mark.integration
def test_an_active_plan_that_has_ended_asks_for_nothing(db):
    today = timezone.localdate()
    ended = PlanFactory(
        status=Plan.Status.ACTIVE, starts_on=date(2024, 1, 1), due_on=today - timedelta(days=1)
    )
    late = ObjectiveFactory(goal=GoalFactory(plan=ended), status=Objective.Status.OFF_TRACK)

    assert (late.check_in_due_on(), late.is_check_in_due()) == (None, False)
    assert late.check_in_due_on(ended.due_on) == date(2024, 2, 1)  # while it ran, it was due
