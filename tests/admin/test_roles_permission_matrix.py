"""Every role against every model and action, through the admin's URLs.

Owners are tried on objects they do not own (Bob's); their own objectives are in
test_roles_owner_scope.py. Every refusal also checks that the database did not change.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.roles import admin_url, form_data

pytestmark = [pytest.mark.integration]

MODELS = ["plan", "goal", "objective", "owner", "evidence"]
ACTIONS = ["view", "add", "change", "delete"]
# The field each change attempt edits.
TITLE_FIELD = {
    "plan": "title",
    "goal": "title",
    "objective": "statement",
    "owner": "name",
    "evidence": "title",
}


def expected(role, model, action):
    if role == "founder":
        return True
    if role == "board":
        return action == "view"
    if role == "owner":
        # Owners may open the "add evidence" page; what they may attach it to is narrowed (other tests).
        return model == "evidence" and action == "add"
    return False


def log_in(client, world, role):
    if role != "anonymous":
        client.force_login(world[{"founder": "founder", "board": "board", "owner": "owner_user"}[role]])


def assert_refused(response, role):
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/")
    else:
        # 403, or the admin's "does not exist" redirect for rows outside an owner's queryset.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" not in response["Location"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ["anonymous", "board", "owner", "founder"])
def test_it_allows_each_role_only_its_actions(client, world, role, model, action):
    obj = world[model]
    model_class = type(obj)
    field = TITLE_FIELD[model]
    before = getattr(obj, field)
    rows_before = model_class.objects.count()
    change_url = admin_url(obj)

    if action == "change":
        client.force_login(world["founder"])
        data = form_data(client.get(change_url), f"{obj._meta.model_name}_form")
        data[field] = "Edited by an attempt"
        client.logout()
    log_in(client, world, role)

    if action == "view":
        response = client.get(change_url)
    elif action == "add":
        response = client.get(reverse(f"admin:goals_{obj._meta.model_name}_add"))
    elif action == "change":
        response = client.post(change_url, data)
    else:
        response = client.post(admin_url(obj, "delete"), {"post": "yes"})

    if model_class.objects.filter(pk=obj.pk).exists():
        obj.refresh_from_db()
    if expected(role, model, action):
        if action == "view":
            assert response.status_code == 200
            assert before in response.content.decode()
        elif action == "add":
            assert response.status_code == 200
        elif action == "change":
            assert response.status_code == 302, response.context and response.context.get("errors")
            assert getattr(obj, field) == "Edited by an attempt"
        else:
            assert response.status_code == 302
            assert not model_class.objects.filter(pk=obj.pk).exists()
    else:
        assert_refused(response, role)
        if action == "view" and response.status_code == 200:
            pytest.fail("a refused view rendered the page")
        assert before not in response.content.decode()
        assert getattr(obj, field) == before
        assert model_class.objects.count() == rows_before


@pytest.mark.parametrize("role", ["anonymous", "board", "owner", "founder"])
def test_it_shows_the_admin_index_only_to_staff(client, world, role):
    log_in(client, world, role)
    response = client.get(f"/{settings.ADMIN_URL}")
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        can_see_plans = role in ("board", "founder")
        assert ("Plans" in response.content.decode()) is can_see_plans
