"""Two people edit the same objective: the second save is refused, and their input is kept."""

import pytest
from django.urls import reverse

from tests.roles import admin_url, form_data, make_user

pytestmark = [pytest.mark.integration]


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(client, world):
    objective = world["objective"]
    second_founder = make_user("gina", "Founders")
    client.force_login(world["founder"])
    first = form_data(client.get(admin_url(objective)), "objective_form")
    client.force_login(second_founder)
    second = form_data(client.get(admin_url(objective)), "objective_form")

    client.force_login(world["founder"])
    assert client.post(admin_url(objective), {**first, "statement": "Fiona's wording"}).status_code == 302
    client.force_login(second_founder)
    response = client.post(admin_url(objective), {**second, "statement": "Gina's wording", "weight": "7"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this objective while you were editing it (fiona," in page
    assert 'value="Gina&#x27;s wording"' in page
    assert 'name="weight" value="7"' in page
    objective.refresh_from_db()
    assert (objective.statement, objective.weight) == ("Fiona's wording", 1)

    # Saving again, having seen the message, replaces the other edit on purpose.
    again = form_data(response, "objective_form")
    assert client.post(admin_url(objective), again).status_code == 302
    objective.refresh_from_db()
    assert (objective.statement, objective.weight) == ("Gina's wording", 7)


def test_an_update_posted_from_a_stale_page_is_refused(client, world):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])
    url = reverse("admin:goals_objective_update", args=[objective.pk])
    stale = form_data(client.get(url), "post-update-form")
    objective.status = "done"
    objective.save()

    response = client.post(url, {**stale, "status": "off_track", "title": "Slipped"})

    assert response.status_code == 200
    assert "Someone else saved this objective" in response.content.decode()
    objective.refresh_from_db()
    assert objective.status == "done"
    assert not objective.evidence.filter(title="Slipped").exists()


def test_an_inline_objective_edited_meanwhile_is_refused_on_the_goal_page(client, world):
    goal, objective = world["goal"], world["objective"]
    client.force_login(world["founder"])
    data = form_data(client.get(admin_url(goal)), "goal_form")
    objective.statement = "Changed meanwhile"
    objective.save()
    index = next(key for key, value in data.items() if key.endswith("-id") and value == str(objective.pk))
    data[index.replace("-id", "-statement")] = "Changed on the goal page"

    response = client.post(admin_url(goal), data)

    assert response.status_code == 200
    assert "Someone else saved this objective" in response.content.decode()
    objective.refresh_from_db()
    assert objective.statement == "Changed meanwhile"
