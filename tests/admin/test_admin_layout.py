"""What keeps the admin readable at any width: the statement in a box big enough for it, the
objective list's actions beside the statement, our stylesheet on every admin page."""

import re

import pytest
from django.urls import reverse

from tests.roles import admin_url

pytestmark = [pytest.mark.integration]


def columns(page):
    return re.findall(r'<th scope="col" class="[^"]*column-([a-z_]+)', page)


def test_the_objective_list_puts_its_actions_next_to_the_statement(client, world):
    client.force_login(world["founder"])
    page = client.get(reverse("admin:goals_objective_changelist")).content.decode()
    assert columns(page)[:3] == ["statement", "update_link", "on_site"]


@pytest.mark.parametrize("role", ["founder", "owner_user"])
def test_the_statement_is_a_text_box_of_several_lines(client, world, role):
    client.force_login(world[role])
    page = client.get(admin_url(world["my_objective"])).content.decode()
    if role == "founder":
        assert re.search(r'<textarea name="statement" [^>]*rows="4"', page)
        assert not re.search(r'<input type="text" name="statement"', page)
    else:  # an owner reads it, whole, and cannot change it
        assert "Objective owned by Alice." in page
        assert 'name="statement"' not in page


def test_the_goal_page_edits_statements_in_text_boxes(client, world):
    client.force_login(world["founder"])
    page = client.get(admin_url(world["goal"])).content.decode()
    assert len(re.findall(r'<textarea name="objectives-\d+-statement"', page)) == 3  # two and a new row


@pytest.mark.parametrize(
    "address",
    [
        reverse("admin:index"),
        reverse("admin:goals_objective_changelist"),
        reverse("admin:goals_goal_changelist"),
    ],
)
def test_every_admin_page_has_the_sites_admin_stylesheet(client, world, address):
    client.force_login(world["founder"])
    page = client.get(address).content.decode()
    assert page.count('href="/static/css/admin.css"') == 1
