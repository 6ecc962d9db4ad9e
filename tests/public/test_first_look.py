"""A first look that explains itself: an ended plan with nothing recorded says so once; owners index."""

import pytest
from django.contrib.staticfiles import finders

from goals.check_ins import record_check_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_shipped_2i2c_plan_says_it_ended_with_nothing_recorded(client, seed_plan):
    html = client.get("/").content.decode()

    assert "This plan ended on 31 October 2021; no progress was recorded." in html
    assert "Current plan" not in html
    assert '<span class="badge plan-ended">Ended</span>' in html
    assert "Objectives that need attention" not in html  # the summary's list of flags


def test_once_something_is_recorded_the_ended_plan_shows_its_figures(client, seed_plan):
    objective = seed_plan.goals.first().objectives.first()
    record_check_in(objective, status="done", note="Delivered.")

    html = client.get("/").content.decode()

    assert "no progress was recorded" not in html
    assert "This plan ended on 31 October 2021. 14 of its 15 objectives are not marked done" in html


def test_the_owners_index_lists_public_owners_only(client, sample_plan):
    from tests.factories import GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

    draft = PlanFactory(slug="draft", status="draft")
    ObjectiveFactory(goal=GoalFactory(plan=draft), owners=[OwnerFactory(name="Drafts-only Dana")])

    html = client.get("/owners/").content.decode()

    assert "Ada Lovelace" in html
    assert "Partnerships team" in html
    assert "Drafts-only Dana" not in html


def test_favicon_ico_leads_to_the_sites_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg")
