"""Each public page makes the same number of queries for a small plan and for one ten times bigger."""

import pytest

from goals.management.commands.generate_plan import generate_plan
from goals.models import Plan

pytestmark = pytest.mark.integration

SIZES = {
    "small": {"goals": 3, "objectives": 4, "evidence": 3, "owners": 3},
    "10x": {"goals": 10, "objectives": 12, "evidence": 10, "owners": 10},
}


@pytest.fixture(params=list(SIZES))
def plan(request, db):
    return generate_plan(slug="synthetic", status=Plan.Status.ACTIVE, **SIZES[request.param])


def test_the_home_page(client, plan, django_assert_num_queries):
    # content version, plan, goals, objectives with their evidence dates, owners, public board review
    with django_assert_num_queries(6):
        response = client.get("/")
    objectives = plan.goals.count() * plan.goals.first().objectives.count()
    assert response.content.decode().count('<li class="objective"') == objectives


def test_the_plan_page_filtered(client, plan, django_assert_num_queries):
    with django_assert_num_queries(6):  # as the home page
        response = client.get("/plans/synthetic/?owner=synthetic-owner-1&status=done&flag=stale")
    assert response.status_code == 200


def test_the_plan_list(client, plan, django_assert_num_queries):
    with django_assert_num_queries(5):  # content version, plans, goals, objectives, owners
        response = client.get("/plans/")
    assert response.status_code == 200


def test_a_goal_page(client, plan, django_assert_num_queries):
    with django_assert_num_queries(4):  # content version, goal with plan, objectives, owners
        response = client.get("/plans/synthetic/goals/goal-2/")
    objectives = plan.goals.get(slug="goal-2").objectives.count()
    assert response.content.decode().count('<li class="objective"') == objectives


def test_an_objective_page(client, plan, django_assert_num_queries):
    # content version, objective with goal, plan and key result, owners, public evidence, check-ins,
    # GitHub links
    with django_assert_num_queries(6):
        response = client.get("/plans/synthetic/goals/goal-2/objectives/objective-3/")
    assert response.status_code == 200


def test_an_owner_page(client, plan, django_assert_num_queries):
    with django_assert_num_queries(4):  # content version, owner, objectives with goal and plan, their owners
        response = client.get("/owners/synthetic-owner-1/")
    objectives = plan.goals.filter(objectives__owners__slug="synthetic-owner-1").count()
    assert objectives
    assert response.content.decode().count('<li class="objective"') == objectives
