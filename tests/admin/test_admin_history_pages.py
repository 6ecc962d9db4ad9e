"""The history and revert pages: styled under the CSP (no inline styles), in plain words (choice
labels, not stored values), and a revert says that it was one."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.roles import admin_url, form_data

pytestmark = [pytest.mark.integration]

FORMS = {"plan": "plan_form", "goal": "goal_form", "objective": "objective_form"}
CHANGES = {"plan": {"title": "New title"}, "goal": {"title": "New title"}, "objective": {"statement": "New"}}


def edit(client, obj, form_id, **changes):
    data = form_data(client.get(admin_url(obj)), form_id)
    response = client.post(admin_url(obj), {**data, **changes})
    assert response.status_code == 302
    obj.refresh_from_db()


def revert_url(obj, record):
    name = f"admin:goals_{obj._meta.model_name}_simple_history"
    return reverse(name, args=[obj.pk, record.history_id])


def history_table(page):
    return page.split('id="change-history"')[1].split("</table>")[0]


def inline_styles(page):
    return re.findall(r"<[^>]*\sstyle=[^>]*>|<style[\s>]", page)


@pytest.mark.parametrize("model", FORMS)
@pytest.mark.parametrize("which", ["history", "revert"])
def test_the_history_and_revert_pages_have_no_inline_styles(client, world, model, which):
    obj = world[model]
    client.force_login(world["founder"])
    edit(client, obj, FORMS[model], **CHANGES[model])
    url = admin_url(obj, "history") if which == "history" else revert_url(obj, obj.history.last())

    page = client.get(url).content.decode()

    assert inline_styles(page) == []
    if which == "history":
        assert 'id="change-history"' in page
        assert "css/admin.css" in page  # what the inline style did, now from the stylesheet


def test_the_history_shows_choice_labels_not_stored_values(client, world):
    objective = world["objective"]
    client.force_login(world["founder"])
    edit(client, objective, "objective_form", status="on_track", progress_source="manual", progress="30")

    changes = history_table(client.get(admin_url(objective, "history")).content.decode())

    assert "Not started" in changes
    assert "On track" in changes
    assert "Derived from status" in changes
    assert "Set by hand" in changes
    for stored in ("not_started", "on_track", "manual"):
        assert stored not in changes


def test_the_history_has_no_column_that_is_always_empty(client, world):
    objective = world["objective"]
    client.force_login(world["founder"])
    edit(client, objective, "objective_form", statement="New wording")

    page = client.get(admin_url(objective, "history")).content.decode()

    assert "Change reason" not in page
    assert "None" not in history_table(page)


@pytest.mark.parametrize("model", FORMS)
def test_a_revert_is_recorded_as_a_revert_in_the_history(client, world, model):
    obj = world[model]
    field, value = next(iter(CHANGES[model].items()))
    before = getattr(obj, field)
    client.force_login(world["founder"])
    original = obj.history.earliest("history_date")
    edit(client, obj, FORMS[model], **CHANGES[model])
    url = revert_url(obj, original)

    response = client.post(url, form_data(client.get(url), f"historical{model}_form"))

    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == before != value
    when = date_format(timezone.localtime(original.history_date), "j F Y, H:i")
    reason = f"Reverted to the version of {when}"
    assert obj.history.first().history_change_reason == reason
    assert obj.history.first().history_user == world["founder"]
    assert reason in client.get(admin_url(obj, "history")).content.decode()
