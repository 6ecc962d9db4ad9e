"""A measured value against its target reads right in each direction: "3 of 2 institutions" for
at least, "12 days, target at most 7" for at most (not "12 of 7 days"), "5 hubs, target exactly
4" for exactly. One function words it (rules.value_against_target); every surface calls it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from goals import rules
from goals.check_ins import record_check_in
from goals.models import KeyResult, ReviewSnapshot
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

WORDING = [
    ("at_least", 3, 2, "institutions", "3 of 2 institutions"),
    ("at_most", 12, 7, "days", "12 days, target at most 7"),
    ("at_most", Decimal("2.5"), 1, "", "2.5, target at most 1"),
    ("exactly", 5, 4, "hubs", "5 hubs, target exactly 4"),
]


@pytest.mark.parametrize("direction, value, target, unit, words", WORDING)
def test_it_words_a_value_against_its_target_by_direction(direction, value, target, unit, words):
    assert rules.value_against_target(value, target, unit, direction=direction) == words


@pytest.mark.parametrize("direction, value, target, unit, words", WORDING)
def test_the_key_result_and_the_frozen_snapshot_say_the_same(direction, value, target, unit, words):
    key_result = KeyResult(metric="m", unit=unit, target=target, baseline=0, direction=direction)
    snapshot = ReviewSnapshot(metric="m", unit=unit, target=target, direction=direction, value=value)

    assert (key_result.describe(value), snapshot.describe_value()) == (words, words)


def test_an_at_most_key_result_reads_right_on_its_pages(client):
    today = timezone.localdate()
    plan = PlanFactory(slug="uptime", status="active", starts_on=today - timedelta(days=60))
    objective = ObjectiveFactory(goal=GoalFactory(plan=plan, slug="ops"), slug="outages", status="on_track")
    KeyResult.objects.create(
        objective=objective,
        metric="outage minutes a month",
        unit="days",
        baseline=20,
        target=7,
        direction="at_most",
    )
    record_check_in(objective, value=Decimal(12))

    for url in ["/plans/uptime/goals/ops/objectives/outages/", "/plans/uptime/goals/ops/", "/plans/uptime/"]:
        html = client.get(url).content.decode()
        assert "12 days, target at most 7" in html, url
        assert "12 of 7" not in html, url
