"""Founders set how often owners are asked for a check-in: per plan, or per objective; owners cannot."""

import pytest

from goals.models import Plan
from tests.roles import admin_url, form_data

pytestmark = pytest.mark.integration

Cadence = Plan.CheckInCadence


def test_a_founder_sets_the_plans_and_an_objectives_cadence(client, world):
    client.force_login(world["founder"])
    plan, objective = world["plan"], world["objective"]

    plan_form = form_data(client.get(admin_url(plan)), "plan_form")
    assert plan_form["check_in_cadence"] == Cadence.MONTHLY
    assert client.post(admin_url(plan), {**plan_form, "check_in_cadence": Cadence.WEEKLY}).status_code == 302
    objective_form = form_data(client.get(admin_url(objective)), "objective_form")
    assert objective_form["check_in_cadence"] == ""  # the plan's
    response = client.post(
        admin_url(objective), {**objective_form, "check_in_cadence": Cadence.EVERY_TWO_WEEKS}
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    objective.refresh_from_db()
    assert (plan.check_in_cadence, objective.check_in_cadence) == (Cadence.WEEKLY, Cadence.EVERY_TWO_WEEKS)
    assert objective.check_in_cadence_label() == "Every two weeks"


def test_an_owner_sees_the_cadence_but_cannot_change_it(client, world):
    client.force_login(world["owner_user"])
    objective = world["my_objective"]
    data = form_data(client.get(admin_url(objective)), "objective_form")
    assert "check_in_cadence" not in data  # shown read-only

    client.post(admin_url(objective), {**data, "check_in_cadence": Cadence.WEEKLY})

    objective.refresh_from_db()
    assert objective.check_in_cadence == ""
