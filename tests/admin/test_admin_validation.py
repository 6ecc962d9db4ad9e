"""Every rule an editor can break is explained in plain words on the form, and nothing is saved."""

import pytest
from django.urls import reverse

from goals.models import Evidence
from tests.roles import admin_url, form_data

pytestmark = [pytest.mark.integration]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"progress_source": "manual", "progress": "150"}, "Progress must be between 0 and 100."),
        ({"weight": "0"}, "The weight must be between 1 and 100."),
        ({"due_on": "2025-06-30"}, "The due date cannot be before the plan starts (1 January 2026)."),
        ({"slug": "alices"}, "Another objective in this goal already uses this slug."),
    ],
)
def test_it_explains_objective_rules(client, world, changes, message):
    objective = world["objective"]
    client.force_login(world["founder"])
    data = form_data(client.get(admin_url(objective)), "objective_form")

    response = client.post(admin_url(objective), {**data, **changes})

    assert response.status_code == 200
    assert message in response.content.decode()
    objective.refresh_from_db()
    assert (objective.slug, objective.weight, objective.due_on, objective.progress) == ("bobs", 1, None, 0)


def test_it_explains_the_due_date_rule_for_objectives_added_on_a_new_goal(client, world):
    client.force_login(world["founder"])
    data = form_data(client.get(reverse("admin:goals_goal_add")), "goal_form")
    data.update(
        {
            "plan": world["plan"].pk,
            "title": "New goal",
            "slug": "new-goal",
            "objectives-0-statement": "Too early",
            "objectives-0-slug": "too-early",
            "objectives-0-due_on": "2025-01-31",
        }
    )
    response = client.post(reverse("admin:goals_goal_add"), data)
    assert response.status_code == 200
    assert "The due date cannot be before the plan starts (1 January 2026)." in response.content.decode()


def test_it_explains_duplicate_goal_slugs_and_plan_dates(client, world):
    client.force_login(world["founder"])
    plan = world["plan"]
    data = form_data(client.get(admin_url(plan)), "plan_form")
    response = client.post(admin_url(plan), {**data, "due_on": "2025-12-31"})
    assert "The due date cannot be before the start date." in response.content.decode()

    goal_data = form_data(client.get(reverse("admin:goals_goal_add")), "goal_form")
    goal_data.update(plan=plan.pk, title="Again", slug="grow")
    response = client.post(reverse("admin:goals_goal_add"), goal_data)
    assert "Another goal in this plan already uses this slug." in response.content.decode()


@pytest.mark.parametrize("kind", ["link", "document"])
def test_it_explains_that_a_link_or_document_needs_a_target(client, world, kind):
    client.force_login(world["founder"])
    data = {
        "objective": world["objective"].pk,
        "title": "Nothing attached",
        "kind": kind,
        "happened_on": "2026-03-01",
        "visibility": "public",
    }
    response = client.post(reverse("admin:goals_evidence_add"), data)
    assert response.status_code == 200
    assert "A link or document needs a link or an uploaded file." in response.content.decode()
    assert not Evidence.objects.filter(title="Nothing attached").exists()


def test_the_update_form_explains_bad_progress_and_links(client, world):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])
    url = reverse("admin:goals_objective_update", args=[objective.pk])
    data = form_data(client.get(url), "post-update-form")
    response = client.post(url, {**data, "note": "Hi", "progress": "101", "links": "not a link"})
    page = response.content.decode()
    assert "Progress must be between 0 and 100." in page
    assert "“not a link” is not a web address." in page
    assert (objective.evidence.count(), objective.check_ins.count()) == (1, 0)
