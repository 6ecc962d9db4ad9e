"""'Status last changed on <date>' on an objective's page is the day its status changed: a
measurement that moves a measured objective's progress is a check-in with its own date, not a
status change."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from goals.check_ins import record_check_in
from goals.models import KeyResult, Objective
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/plans/measured/goals/hubs/objectives/institutions/"


@pytest.fixture
def measured(db):
    today = timezone.localdate()
    plan = PlanFactory(slug="measured", status="active", starts_on=today - timedelta(days=100))
    objective = ObjectiveFactory(
        goal=GoalFactory(plan=plan, slug="hubs"), slug="institutions", status="not_started"
    )
    KeyResult.objects.create(objective=objective, metric="institutions", unit="", baseline=0, target=4)
    record_check_in(objective, status="on_track", value=Decimal(1))
    month_ago = timezone.now() - timedelta(days=30)
    Objective.objects.filter(pk=objective.pk).update(status_updated_at=month_ago)
    return objective, month_ago


def said(day):
    return f"Status last changed on {date_format(timezone.localdate(day), 'DATE_FORMAT')}."


@pytest.mark.parametrize("fields", [{"value": Decimal(2)}, {"value": Decimal(3), "status": "on_track"}])
def test_a_measurement_that_keeps_the_status_keeps_the_status_date(client, measured, fields):
    objective, month_ago = measured

    record_check_in(objective, **fields)

    objective.refresh_from_db()
    html = client.get(URL).content.decode()
    assert objective.progress > 25  # the measurement did move progress
    assert said(month_ago) in html
    assert said(timezone.now()) not in html


def test_a_measurement_with_a_new_status_dates_the_status_change(client, measured):
    objective, month_ago = measured

    before = timezone.now()
    record_check_in(objective, value=Decimal(2), status="at_risk")

    html = client.get(URL).content.decode()
    objective.refresh_from_db()
    # The day the check-in was stored, not a second reading of the clock (another day at midnight).
    assert objective.status_updated_at >= before
    assert said(objective.status_updated_at) in html
    assert said(month_ago) not in html


def test_progress_set_by_hand_still_counts_as_an_update_for_staleness():
    objective = ObjectiveFactory(status="on_track")

    record_check_in(objective, progress=60)

    objective.refresh_from_db()
    assert objective.status_updated_at is not None
