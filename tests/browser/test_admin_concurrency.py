"""A founder edits a goal page in a real browser while someone else saves parts of it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from goals.models import Goal, Objective
from tests.browser.test_admin_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edits_made_meanwhile_survive_a_save_of_the_goal_page(live_server, page, world, screenshot):
    goal, done, renamed = world["goal"], world["objective"], world["my_objective"]
    goal.rationale = "Line one.\r\nLine two."  # as a browser sends a textarea
    goal.save()
    sign_in(page, live_server, world["founder"])
    page.goto(live_server.url + reverse("admin:goals_goal_change", args=[goal.pk]))

    # Meanwhile someone else marks one objective done and renames the goal.
    done.status = Objective.Status.DONE
    done.save()
    Goal.objects.filter(pk=goal.pk).update(title="Grow the whole community", version=goal.version + 1)
    statement = page.locator("textarea[name$='-statement']", has_text="Objective owned by Alice.")
    statement.fill("Alice's objective, reworded")
    page.click("input[name=_save]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    screenshot("admin-goal-saved-alongside-others")
    done.refresh_from_db()
    renamed.refresh_from_db()
    goal.refresh_from_db()
    assert done.status == "done"
    assert renamed.statement == "Alice's objective, reworded"
    assert goal.title == "Grow the whole community"
