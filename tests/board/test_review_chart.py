from datetime import date, datetime

import pytest
from django.utils import timezone

from goals.board import changes
from goals.models import Goal, Objective, Plan
from tests.history import save_at


def at(month, day, hour=10):
    # In the site's time zone: the chart's weeks are the site's days (10:00 UTC is the next day in
    # Kiritimati, and the plan's first week would start a day late).
    return timezone.make_aware(datetime(2026, month, day, hour))


@pytest.fixture
def history():
    plan = save_at(
        Plan(title="P", slug="p", starts_on=date(2026, 1, 5), due_on=date(2026, 3, 2), status="active"),
        at(1, 5),
    )
    goal = save_at(Goal(plan=plan, title="Grow", slug="grow"), at(1, 5))
    a = save_at(Objective(goal=goal, statement="A", slug="a"), at(1, 5))
    b = save_at(Objective(goal=goal, statement="B", slug="b"), at(1, 5))
    a.status = Objective.Status.ON_TRACK
    save_at(a, at(1, 14))
    b.status = Objective.Status.DONE
    save_at(b, at(1, 28))
    return plan, goal


@pytest.mark.integration
@pytest.mark.django_db
def test_it_replays_weekly_progress_from_the_history(history):
    plan, goal = history
    starts_on, series = changes.weekly_series(plan, today=date(2026, 2, 2))
    assert starts_on == date(2026, 1, 5)
    assert [(p.day, p.plan, p.goals[goal.pk], p.expected) for p in series] == [
        (date(2026, 1, 5), 0, 0, 0),
        (date(2026, 1, 12), 0, 0, 12.5),
        (date(2026, 1, 19), 25, 25, 25),
        (date(2026, 1, 26), 25, 25, 37.5),
        (date(2026, 2, 2), 75, 75, 50),
    ]


@pytest.mark.integration
@pytest.mark.django_db
def test_weeks_end_at_the_due_date_or_run_on_for_a_late_plan(history):
    plan, goal = history
    assert changes.week_days(plan, date(2026, 1, 20)) == [
        date(2026, 1, 5),
        date(2026, 1, 12),
        date(2026, 1, 19),
        date(2026, 1, 20),
    ]
    assert changes.week_days(plan, date(2026, 3, 3))[-2:] == [date(2026, 3, 2), date(2026, 3, 3)]
    # History that begins in week 3 starts the chart there.
    assert changes.week_days(plan, date(2026, 2, 2), history_starts_on=date(2026, 1, 21))[0] == date(
        2026, 1, 19
    )
