"""Every change is in the history, with who and when; founders revert; a deleted goal comes back."""

from datetime import timedelta

import pytest
from django.urls import reverse

from goals.models import Evidence, Goal, Objective
from tests.roles import admin_url, form_data

pytestmark = [pytest.mark.integration]


def edit(client, obj, form_id, **changes):
    data = form_data(client.get(admin_url(obj)), form_id)
    response = client.post(admin_url(obj), {**data, **changes})
    assert response.status_code == 302
    obj.refresh_from_db()


def test_the_history_page_shows_who_changed_what(client, world):
    objective = world["objective"]
    client.force_login(world["founder"])
    edit(client, objective, "objective_form", statement="Sharper wording")

    response = client.get(admin_url(objective, "history"))

    page = response.content.decode()
    assert "fiona" in page
    assert "Sharper wording" in page
    assert objective.history.first().history_user == world["founder"]


def test_a_founder_reverts_an_objective_to_an_earlier_version(client, world):
    objective = world["objective"]
    client.force_login(world["founder"])
    original = objective.history.earliest("history_date")
    edit(client, objective, "objective_form", statement="A mistake", status="done")
    revert_url = reverse("admin:goals_objective_simple_history", args=[objective.pk, original.history_id])

    data = form_data(client.get(revert_url), "historicalobjective_form")
    versions = objective.history.count()
    response = client.post(revert_url, data)

    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.statement, objective.status) == ("Objective owned by Bob.", "not_started")
    assert objective.version == 2  # reverting moves forward: no stale form matches again
    assert objective.history.count() == versions + 1


@pytest.mark.parametrize("who", ["board", "owner_user"])
def test_only_founders_may_revert(client, world, who):
    objective = world["my_objective"]
    client.force_login(world["founder"])
    original = objective.history.earliest("history_date")
    edit(client, objective, "objective_form", status="done")
    revert_url = reverse("admin:goals_objective_simple_history", args=[objective.pk, original.history_id])
    data = form_data(client.get(revert_url), "historicalobjective_form")

    client.force_login(world[who])
    page = client.get(revert_url)
    response = client.post(revert_url, data)

    assert page.status_code == 200
    assert "Revert" not in page.context["title"]
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.status == "done"


def test_a_deleted_goal_comes_back_with_its_objectives_owners_and_evidence(client, world):
    goal = world["goal"]
    client.force_login(world["founder"])
    confirm = client.get(admin_url(goal, "delete"))
    assert "archive" in confirm.content.decode()
    assert "Objective owned by Bob." in confirm.content.decode()  # Django lists what goes with it
    assert client.post(admin_url(goal, "delete"), {"post": "yes"}).status_code == 302
    assert not Objective.objects.exists()

    listing = client.get(reverse("admin:goals_goal_deleted"))
    assert "Grow the community" in listing.content.decode()
    response = client.post(reverse("admin:goals_goal_deleted"), {"goal_id": goal.pk})

    assert response.status_code == 302
    restored = Objective.objects.get(slug="bobs")
    assert restored.goal == Goal.objects.get(pk=goal.pk)
    assert [owner.name for owner in restored.owners.all()] == ["Bob Owner"]
    assert Evidence.objects.get(pk=world["evidence"].pk).title == "Evidence from Bob"
    assert Objective.objects.count() == 2
    assert "No deleted goals." in client.get(reverse("admin:goals_goal_deleted")).content.decode()


def test_the_board_cannot_restore_deleted_goals(client, world):
    goal_id = world["goal"].pk
    world["goal"].delete()
    client.force_login(world["board"])
    assert client.get(reverse("admin:goals_goal_deleted")).status_code == 403
    assert client.post(reverse("admin:goals_goal_deleted"), {"goal_id": goal_id}).status_code == 403
    assert not Goal.objects.exists()


def objective_count_cell(page):
    """The "Objectives" cell of the only row of the deleted goals table."""
    table = page.split('<table id="deleted-goals">')[1]
    return table.split("<td>")[5].split("</td>")[0]


@pytest.mark.parametrize("how", ["delete page", "delete action"])
def test_restoring_a_goal_leaves_an_objective_deleted_before_it_deleted(client, world, how):
    goal, dropped = world["goal"], world["my_objective"]
    client.force_login(world["founder"])
    assert client.post(admin_url(dropped, "delete"), {"post": "yes"}).status_code == 302
    if how == "delete page":
        assert client.post(admin_url(goal, "delete"), {"post": "yes"}).status_code == 302
    else:
        changelist = reverse("admin:goals_goal_changelist")
        data = {"action": "delete_selected", "_selected_action": [goal.pk], "post": "yes"}
        assert client.post(changelist, data).status_code == 302
    assert not Goal.objects.exists()

    listing = client.get(reverse("admin:goals_goal_deleted")).content.decode()
    response = client.post(reverse("admin:goals_goal_deleted"), {"goal_id": goal.pk})

    assert objective_count_cell(listing) == "1"
    assert response.status_code == 302
    assert "with 1 objective(s) and 1 evidence item(s)" in client.get(response["Location"]).content.decode()
    assert list(Objective.objects.values_list("slug", flat=True)) == ["bobs"]
    assert [owner.name for owner in Objective.objects.get().owners.all()] == ["Bob Owner"]
    assert list(Evidence.objects.values_list("title", flat=True)) == ["Evidence from Bob"]


def test_a_deletion_is_recorded_in_the_history_of_everything_it_removed(client, world):
    goal, objective = world["goal"], world["objective"]
    client.force_login(world["founder"])

    client.post(admin_url(goal, "delete"), {"post": "yes"})

    records = [
        goal.history.first(),
        objective.history.first(),
        world["my_objective"].history.first(),
        world["evidence"].history.first(),
    ]
    assert {record.history_type for record in records} == {"-"}
    assert len({record.history_date for record in records}) == 1
    assert [record.history_change_reason for record in records] == [
        "Deleted, with what it contained",
        *["Deleted with the goal “Grow the community”"] * 3,
    ]


def test_a_goal_deleted_before_deletions_were_stamped_still_comes_back_with_its_objectives(client, world):
    goal_id = world["goal"].pk
    world["goal"].delete()
    # As recorded before: no reasons, and the cascade's records a moment before the goal's own.
    for history in (Goal.history, Objective.history, Evidence.history):
        history.filter(history_type="-").update(history_change_reason=None)
    deleted_at = Goal.history.get(history_type="-").history_date
    for history in (Objective.history, Evidence.history):
        history.filter(history_type="-").update(history_date=deleted_at - timedelta(milliseconds=5))
    client.force_login(world["founder"])

    response = client.post(reverse("admin:goals_goal_deleted"), {"goal_id": goal_id})

    assert response.status_code == 302
    assert sorted(Objective.objects.values_list("slug", flat=True)) == ["alices", "bobs"]
    assert Evidence.objects.count() == 2
