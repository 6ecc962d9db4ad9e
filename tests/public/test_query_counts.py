"""A cached public page costs one query whatever the plan's size; the lean plan QuerySet stays lean."""

import pytest
from django.urls import reverse

from goals.management.commands.generate_plan import generate_plan
from goals.models import Plan

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SIZES = {"1x": dict(goals=2, objectives=3, evidence=2), "10x": dict(goals=20, objectives=3, evidence=20)}


@pytest.fixture(params=SIZES, ids=SIZES)
def plan(request):
    return generate_plan(slug="sized", owners=3, status=Plan.Status.ACTIVE, **SIZES[request.param])


def page_urls(plan):
    goal = plan.goals.order_by("order").first()
    objective = goal.objectives.order_by("order").first()
    return {
        "home": reverse("public:home"),
        "plan-list": reverse("public:plan-list"),
        "plan": plan.get_absolute_url(),
        "goal": goal.get_absolute_url(),
        "objective": objective.get_absolute_url(),
        "owner": objective.owners.get().get_absolute_url(),
    }


# Pages rendered on a cache miss are counted in tests/test_public_query_counts.py.
PAGES = ["home", "plan-list", "plan", "goal", "objective", "owner"]


@pytest.mark.parametrize("page", PAGES)
def test_a_cached_page_costs_one_query(client, plan, page, django_assert_num_queries):
    url = page_urls(plan)[page]
    rendered = client.get(url)

    with django_assert_num_queries(1):
        response = client.get(url)

    assert response["X-Page-Cache"] == "hit"
    assert response.content == rendered.content


@pytest.mark.parametrize("size", SIZES)
def test_with_progress_summarises_public_evidence_in_four_queries(size, django_assert_num_queries):
    generate_plan(slug="sized", owners=3, status=Plan.Status.ACTIVE, **SIZES[size])

    with django_assert_num_queries(4):
        plan = Plan.objects.with_standing().get(slug="sized")
        objectives = [objective for goal in plan.goal_list for objective in goal.objective_list]
        owners = [owner.name for objective in objectives for owner in objective.owner_list]

    assert len(owners) == len(objectives) == SIZES[size]["goals"] * SIZES[size]["objectives"]
    objective = objectives[0]
    public = objective.evidence.filter(visibility="public")
    assert objective.last_public_evidence_on == max(item.happened_on for item in public)
    assert not hasattr(objective, "public_evidence")
