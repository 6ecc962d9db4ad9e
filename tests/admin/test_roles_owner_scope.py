"""Owners update their own objectives and add evidence to them, and touch nothing of anyone else's."""

import pytest
from django.urls import reverse

from goals.models import CheckIn, Evidence, Objective, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import admin_url, form_data

pytestmark = [pytest.mark.integration]


def update_url(objective):
    return reverse("admin:goals_objective_update", args=[objective.pk])


def update_data(objective, **overrides):
    return {
        "status": "at_risk",
        "progress": "40",
        "note": "Ran the first workshop: twelve people came.",
        "links": "https://example.org/workshop\nhttps://example.com/slides",
        "happened_on": "2026-03-05",
        "visibility": "public",
        "loaded_version": str(objective.version),
        **overrides,
    }


def test_it_lists_only_the_owners_objectives(client, world):
    client.force_login(world["owner_user"])
    response = client.get(reverse("admin:goals_objective_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [world["my_objective"]]
    assert "Objective owned by Bob." not in response.content.decode()


def test_it_lists_only_evidence_of_the_owners_objectives(client, world):
    client.force_login(world["owner_user"])
    response = client.get(reverse("admin:goals_evidence_changelist"))
    assert list(response.context["cl"].result_list) == [world["my_evidence"]]


@pytest.fixture
def filter_bait(world):
    """Plans, goals and owners that Alice's lists must not name, not even in their filters; and a
    second plan of Alice's own, so that her plan and goal filters have something to offer."""
    draft = PlanFactory(title="DRAFT-BAIT plan", status=Plan.Status.DRAFT)
    stranger = OwnerFactory(name="STRANGER-BAIT owner")
    draft_objective = ObjectiveFactory(
        goal=GoalFactory(plan=draft, title="DRAFT-BAIT goal"), owners=[stranger]
    )
    EvidenceFactory(objective=draft_objective)
    archived = PlanFactory(title="ARCHIVED-BAIT plan", status=Plan.Status.ARCHIVED)
    ObjectiveFactory(goal=GoalFactory(plan=archived, title="ARCHIVED-BAIT goal"), owners=[world["owner"]])
    bobs_goal = GoalFactory(plan=world["plan"], title="OTHER-BAIT goal")
    EvidenceFactory(objective=ObjectiveFactory(goal=bobs_goal, owners=[world["owner"]]))
    alices_other = GoalFactory(plan=PlanFactory(title="Plan 2025"), title="Alice's earlier goal")
    EvidenceFactory(objective=ObjectiveFactory(goal=alices_other, owners=[world["alice_owner"]]))
    return ["DRAFT-BAIT", "ARCHIVED-BAIT", "OTHER-BAIT", "STRANGER-BAIT", world["owner"].name]


def filter_choices(response):
    changelist = response.context["cl"]
    return {
        spec.title: [choice["display"] for choice in spec.choices(changelist)][1:]  # after "All"
        for spec in changelist.filter_specs
    }


@pytest.mark.parametrize("changelist", ["objective", "evidence"])
def test_an_owners_list_filters_name_only_what_the_owner_may_see(client, world, filter_bait, changelist):
    client.force_login(world["owner_user"])

    response = client.get(reverse(f"admin:goals_{changelist}_changelist"))

    page = response.content.decode()
    assert response.status_code == 200
    assert [bait for bait in filter_bait if bait in page] == []
    choices = filter_choices(response)
    assert sorted(choices["plan"]) == ["Plan 2025", "Plan 2026"]
    assert sorted(choices["goal"]) == ["Alice's earlier goal", "Grow the community"]
    if changelist == "objective":
        assert choices["owners"] == ["Alice Owner", "-"]


@pytest.mark.parametrize("role", ["board", "founder"])
def test_the_boards_and_founders_list_filters_name_every_plan(client, world, filter_bait, role):
    client.force_login(world[role])

    page = client.get(reverse("admin:goals_objective_changelist")).content.decode()

    assert [bait for bait in filter_bait if bait not in page] == []


def test_an_owner_posts_an_update_recorded_as_one_check_in_with_its_author(client, world):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])

    response = client.post(update_url(objective), update_data(objective, confidence="medium"))

    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.status, objective.progress, objective.progress_source) == ("at_risk", 40, "manual")
    check_in = CheckIn.objects.get(objective=objective)
    assert (check_in.status, check_in.progress, check_in.confidence, check_in.visibility) == (
        "at_risk",
        40,
        "medium",
        "public",
    )
    assert (check_in.note, str(check_in.happened_on)) == (
        "Ran the first workshop: twelve people came.",
        "2026-03-05",
    )
    assert check_in.link_list() == ["https://example.org/workshop", "https://example.com/slides"]
    assert (check_in.author, check_in.author_name()) == (world["owner_user"], "Alice Owner")
    # One update is one entry: no evidence rows besides the one there was.
    assert list(objective.evidence.all()) == [world["my_evidence"]]
    assert "Update posted." in client.get(response["Location"]).content.decode()
    page = client.get(objective.get_absolute_url()).content.decode()
    assert page.count(f'id="check-in-{check_in.pk}"') == 1
    assert "by Alice Owner" in page
    assert page.count("Ran the first workshop") == 1


def test_the_update_page_is_reachable_from_the_objective(client, world):
    client.force_login(world["owner_user"])
    response = client.get(admin_url(world["my_objective"]))
    assert f'href="{update_url(world["my_objective"])}"' in response.content.decode()


def test_an_empty_progress_keeps_it_and_a_new_status_moves_a_derived_one(client, world):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])

    client.post(update_url(objective), update_data(objective, status="done", progress="", links=""))

    objective.refresh_from_db()
    assert (objective.progress, objective.progress_source) == (100, "status")
    check_in = objective.check_ins.get()
    assert (check_in.status, check_in.progress, check_in.links) == ("done", None, "")


def test_an_update_with_nothing_to_say_is_refused_in_plain_words(client, world):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])

    response = client.post(
        update_url(objective), update_data(objective, status=objective.status, progress="", note="", links="")
    )

    assert response.status_code == 200
    assert (
        "Say what changed: a status, progress, a measurement, a note or a link." in response.content.decode()
    )
    assert objective.check_ins.count() == 0


def test_a_measured_objective_takes_a_measurement_not_progress(client, world):
    from goals.models import KeyResult

    objective = world["my_objective"]
    KeyResult.objects.create(objective=objective, metric="workshops", unit="workshops", target=4)
    objective.refresh_from_db()
    client.force_login(world["owner_user"])
    page = client.get(update_url(objective)).content.decode()
    assert 'name="value"' in page
    assert 'name="progress"' not in page

    response = client.post(
        update_url(objective), update_data(objective, status="on_track", progress="", value="2", links="")
    )

    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.progress, objective.progress_source) == (50, "measured")
    assert objective.check_ins.get().value == 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_owner_cannot_update_someone_elses_objective(client, world, method):
    objective = world["objective"]
    client.force_login(world["owner_user"])

    response = getattr(client, method)(update_url(objective), update_data(objective))

    assert response.status_code == 404
    objective.refresh_from_db()
    assert objective.status == "not_started"
    assert list(objective.evidence.all()) == [world["evidence"]]
    assert objective.check_ins.count() == 0


def test_the_board_cannot_post_updates(client, world):
    objective = world["objective"]
    client.force_login(world["board"])
    response = client.post(update_url(objective), update_data(objective))
    assert response.status_code == 403
    assert (objective.evidence.count(), objective.check_ins.count()) == (1, 0)


def test_an_owner_changes_status_but_not_the_wording_of_their_objective(client, world):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])
    data = form_data(client.get(admin_url(objective)), "objective_form")
    assert "statement" not in data
    data.update(status="on_track", statement="Rewritten by the owner", weight="99")

    response = client.post(admin_url(objective), data)

    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.status, objective.statement, objective.weight) == (
        "on_track",
        "Objective owned by Alice.",
        1,
    )


def test_an_owner_cannot_post_a_change_to_someone_elses_objective(client, world):
    objective = world["objective"]
    client.force_login(world["founder"])
    data = form_data(client.get(admin_url(objective)), "objective_form")
    client.force_login(world["owner_user"])

    response = client.post(admin_url(objective), {**data, "status": "done"})

    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert Objective.objects.get(pk=objective.pk).status == "not_started"


def test_an_owner_cannot_add_evidence_to_someone_elses_objective(client, world):
    client.force_login(world["owner_user"])
    data = {
        "objective": world["objective"].pk,
        "title": "Sneaky",
        "kind": "note",
        "happened_on": "2026-03-01",
        "visibility": "public",
    }
    response = client.post(reverse("admin:goals_evidence_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Evidence.objects.filter(title="Sneaky").exists()

    response = client.post(
        reverse("admin:goals_evidence_add"), {**data, "objective": world["my_objective"].pk}
    )
    assert response.status_code == 302
    assert Evidence.objects.get(title="Sneaky").added_by == world["owner_user"]


def test_an_owner_corrects_only_evidence_they_added(client, world):
    client.force_login(world["owner_user"])
    mine = Evidence.objects.create(
        objective=world["my_objective"], title="Mine", kind="note", added_by=world["owner_user"]
    )
    assert client.get(admin_url(mine)).context["has_change_permission"] is True
    # Evidence on their objective that someone else added: read only.
    assert client.get(admin_url(world["my_evidence"])).context["has_change_permission"] is False
    response = client.post(admin_url(world["my_evidence"]), {"title": "Changed"})
    assert response.status_code == 403
    world["my_evidence"].refresh_from_db()
    assert world["my_evidence"].title == "Evidence from Alice"


def test_an_internal_note_with_no_status_change_leaves_the_objective_untouched(client, world):
    objective = world["my_objective"]
    objective.refresh_from_db()
    before = (objective.updated_at, objective.version)
    client.force_login(world["owner_user"])
    data = update_data(
        objective,
        status=objective.status,
        progress="",
        links="",
        visibility="internal",
        note="Internal note",
    )
    if objective.progress_source == "manual":
        data["progress"] = str(objective.progress)

    response = client.post(update_url(objective), data)

    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.updated_at, objective.version) == before
    assert objective.check_ins.filter(note="Internal note", visibility="internal", status="").exists()
