"""Two people edit the same plan, goal or objective: a stale save is refused with who and when, the
input is kept, and rows the second person did not change are neither checked nor written."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from goals.models import Goal, Objective, Plan
from tests.roles import admin_url, form_data, make_user

pytestmark = [pytest.mark.integration]


def row_prefix(data, obj):
    """The inline form prefix (e.g. "objectives-1") of the row that edits `obj`."""
    key = next(key for key, value in data.items() if key.endswith("-id") and value == str(obj.pk))
    return key.removesuffix("-id")


def saved_by(obj):
    """How the conflict message names the last save: "(gina, 1 December 2026, 21:43)"."""
    record = obj.history.select_related("history_user").first()
    when = date_format(timezone.localtime(record.history_date), "j F Y, H:i")
    return f"({record.history_user.get_username()}, {when})"


def save_as(client, user, obj, form_id, **changes):
    client.force_login(user)
    data = form_data(client.get(admin_url(obj)), form_id)
    response = client.post(admin_url(obj), {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def gina(world):
    return make_user("gina", "Founders")


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(client, world, gina):
    objective = world["objective"]
    client.force_login(world["founder"])
    first = form_data(client.get(admin_url(objective)), "objective_form")
    client.force_login(gina)
    second = form_data(client.get(admin_url(objective)), "objective_form")

    client.force_login(world["founder"])
    assert client.post(admin_url(objective), {**first, "statement": "Fiona's wording"}).status_code == 302
    client.force_login(gina)
    response = client.post(admin_url(objective), {**second, "statement": "Gina's wording", "weight": "7"})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Someone else saved this objective while you were editing it {saved_by(objective)}" in page
    assert "Gina&#x27;s wording</textarea>" in page  # the statement is a text box
    assert 'name="weight" value="7"' in page
    objective.refresh_from_db()
    assert (objective.statement, objective.weight) == ("Fiona's wording", 1)

    # Saving again, having seen the message, replaces the other edit on purpose.
    again = form_data(response, "objective_form")
    assert client.post(admin_url(objective), again).status_code == 302
    objective.refresh_from_db()
    assert (objective.statement, objective.weight) == ("Gina's wording", 7)


def test_an_objective_set_done_meanwhile_survives_a_rationale_edit_on_the_goal_page(client, world, gina):
    goal, objective, other = world["goal"], world["objective"], world["my_objective"]
    client.force_login(world["founder"])
    opened = form_data(client.get(admin_url(goal)), "goal_form")
    save_as(client, gina, objective, "objective_form", status="done")
    other_versions = other.history.count()

    client.force_login(world["founder"])
    response = client.post(admin_url(goal), {**opened, "rationale": "Because people matter."})

    assert response.status_code == 302
    assert "Someone else saved" not in client.get(response["Location"]).content.decode()
    goal.refresh_from_db()
    objective.refresh_from_db()
    assert goal.rationale == "Because people matter."
    assert objective.status == "done"
    assert objective.history.first().history_user == gina
    assert other.history.count() == other_versions  # an untouched row is not written again


def test_a_goal_changed_meanwhile_survives_an_edit_of_its_plan(client, world, gina):
    plan, goal = world["plan"], world["goal"]
    client.force_login(world["founder"])
    opened = form_data(client.get(admin_url(plan)), "plan_form")
    save_as(client, gina, goal, "goal_form", weight="5", title="Grow the whole community")

    client.force_login(world["founder"])
    response = client.post(admin_url(plan), {**opened, "introduction": "Our plan for 2026."})

    assert response.status_code == 302
    plan.refresh_from_db()
    goal.refresh_from_db()
    assert plan.introduction == "Our plan for 2026."
    assert (goal.title, goal.weight) == ("Grow the whole community", 5)


def test_a_goal_changed_meanwhile_survives_an_edit_of_one_of_its_objectives_inline(client, world, gina):
    goal, objective = world["goal"], world["objective"]
    client.force_login(world["founder"])
    opened = form_data(client.get(admin_url(goal)), "goal_form")
    save_as(client, gina, goal, "goal_form", title="Grow the whole community")
    row = row_prefix(opened, objective)

    client.force_login(world["founder"])
    response = client.post(admin_url(goal), {**opened, f"{row}-statement": "Sharper wording"})

    assert response.status_code == 302
    goal.refresh_from_db()
    objective.refresh_from_db()
    assert goal.title == "Grow the whole community"
    assert objective.statement == "Sharper wording"


PAGES = {
    # model: (the form's id, the field the other founder changes, the field this one changes)
    "plan": ("plan_form", {"title": "Gina's plan"}, {"introduction": "Fiona's introduction"}),
    "goal": ("goal_form", {"title": "Gina's goal"}, {"rationale": "Fiona's rationale"}),
    "objective": ("objective_form", {"statement": "Gina's objective"}, {"description": "Fiona's detail"}),
}


@pytest.mark.parametrize("model", PAGES)
def test_a_stale_save_is_refused_with_who_and_when_and_keeps_the_input(client, world, gina, model):
    obj = {"plan": world["plan"], "goal": world["goal"], "objective": world["objective"]}[model]
    form_id, theirs, mine = PAGES[model]
    client.force_login(world["founder"])
    opened = form_data(client.get(admin_url(obj)), form_id)
    save_as(client, gina, obj, form_id, **theirs)
    before = type(obj).objects.filter(pk=obj.pk).values().get()

    client.force_login(world["founder"])
    response = client.post(admin_url(obj), {**opened, **mine})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Someone else saved this {model} while you were editing it {saved_by(obj)}" in page
    assert "Fiona&#x27;s" in page  # the input is still in the form
    assert type(obj).objects.filter(pk=obj.pk).values().get() == before


INLINES = {
    # the page, the row's model, the form's id, the field both change
    "goal rows on the plan page": ("plan", "goal", "plan_form", "goal_form", "title"),
    "objective rows on the goal page": ("goal", "objective", "goal_form", "objective_form", "statement"),
}


@pytest.mark.parametrize("case", INLINES)
def test_a_stale_inline_row_is_refused_with_who_and_when_and_keeps_the_input(client, world, gina, case):
    page_key, row_key, page_form, row_form, field = INLINES[case]
    page_obj, row_obj = world[page_key], world[row_key]
    client.force_login(world["founder"])
    opened = form_data(client.get(admin_url(page_obj)), page_form)
    save_as(client, gina, row_obj, row_form, **{field: "Changed meanwhile"})
    before = type(row_obj).objects.filter(pk=row_obj.pk).values().get()

    client.force_login(world["founder"])
    row = row_prefix(opened, row_obj)
    response = client.post(admin_url(page_obj), {**opened, f"{row}-{field}": "Changed on this page"})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Someone else saved this {row_key} while you were editing it {saved_by(row_obj)}" in page
    assert 'value="Changed on this page"' in page or ">\nChanged on this page</textarea>" in page
    assert type(row_obj).objects.filter(pk=row_obj.pk).values().get() == before

    # Saving again, having seen the message, replaces the other edit on purpose.
    assert client.post(admin_url(page_obj), form_data(response, page_form)).status_code == 302
    row_obj.refresh_from_db()
    assert getattr(row_obj, field) == "Changed on this page"


def test_an_update_posted_from_a_stale_page_is_refused(client, world):
    objective = world["my_objective"]
    client.force_login(world["owner_user"])
    url = reverse("admin:goals_objective_update", args=[objective.pk])
    stale = form_data(client.get(url), "post-update-form")
    objective.status = "done"
    objective.save()

    response = client.post(url, {**stale, "status": "off_track", "note": "Slipped"})

    assert response.status_code == 200
    assert "Someone else saved this objective" in response.content.decode()
    objective.refresh_from_db()
    assert objective.status == "done"
    assert not objective.check_ins.exists()


@pytest.mark.parametrize("model", [Plan, Goal, Objective])
def test_every_save_moves_the_version_on_from_the_saved_one(world, model):
    obj = model.objects.first()
    stale = model.objects.get(pk=obj.pk)
    obj.save()
    obj.save()

    stale.save()  # an old copy (a revert) still moves forward

    assert model.objects.get(pk=obj.pk).version == 3
