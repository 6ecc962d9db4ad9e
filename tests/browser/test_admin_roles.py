"""Each role signs in through the real login form and does its main task in the admin."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from goals.models import Goal, Objective
from tests.browser.pages import opens_a_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"


def sign_in(page, live_server, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with opens_a_page(page):
        page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def test_a_founder_adds_a_goal_with_objectives(live_server, page, world, screenshot):
    sign_in(page, live_server, world["founder"])
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}goals/goal/add/")
    page.select_option("#id_plan", label="Plan 2026")
    page.fill("#id_title", "Reach new communities")
    page.fill("#id_objectives-0-statement", "Two new partner communities")
    page.click("text=Add another Objective")
    page.fill("#id_objectives-1-statement", "A workshop in every region")
    page.fill("#id_objectives-1-order", "2")
    screenshot("admin-founder-add-goal")
    with opens_a_page(page):
        page.click("input[name=_save]")

    assert "was added successfully" in page.locator(".messagelist").inner_text()
    goal = Goal.objects.get(title="Reach new communities")
    assert goal.slug == "reach-new-communities"
    assert [(o.statement, o.slug) for o in goal.objectives.order_by("order")] == [
        ("Two new partner communities", "two-new-partner-communities"),
        ("A workshop in every region", "a-workshop-in-every-region"),
    ]
    screenshot("admin-founder-goal-list")

    page.goto(live_server.url + goal.get_absolute_url())
    assert "Two new partner communities" in page.locator("main").inner_text()


def test_an_owner_posts_an_update_and_sees_it_on_the_public_page(live_server, page, world, screenshot):
    sign_in(page, live_server, world["owner_user"])
    page.click("text=Objectives")
    page.wait_for_url("**/goals/objective/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert "Objective owned by Bob." not in page.locator("#result_list").inner_text()
    screenshot("admin-owner-objectives")

    with opens_a_page(page):
        page.click("text=Post an update")
    page.select_option("#id_status", "on_track")
    page.fill("#id_progress", "35")
    page.fill("#id_note", "Ran the first community call. Twenty people joined; **notes** are online.")
    page.fill("#id_links", "https://example.org/call-notes")
    screenshot("admin-owner-post-update")
    with opens_a_page(page):
        page.click("input[name=_post]")

    assert "Update posted." in page.locator(".messagelist").inner_text()
    objective = Objective.objects.get(pk=world["my_objective"].pk)
    assert (objective.status, objective.progress) == ("on_track", 35)

    page.click("text=See it on the public page")
    page.wait_for_url("**" + objective.get_absolute_url())
    main = page.locator("main")
    assert "Ran the first community call" in main.inner_text()
    entry = page.locator(".timeline-check-in").first
    assert "by Alice Owner" in entry.inner_text()
    assert entry.locator("a[href='https://example.org/call-notes']").count() == 1
    assert "On track" in entry.inner_text()
    screenshot("admin-owner-public-page")


def test_a_board_member_reads_everything_but_every_save_is_refused(live_server, page, world, screenshot):
    sign_in(page, live_server, world["board"])
    objective = world["objective"]
    url = f"{live_server.url}/{settings.ADMIN_URL}goals/objective/{objective.pk}/change/"
    page.goto(url)

    assert "View objective" in page.locator("h1").inner_text()
    assert "Objective owned by Bob." in page.locator("#content").inner_text()
    assert page.locator("input[name=_save]").count() == 0
    assert page.locator("text=Post an update").count() == 0
    screenshot("admin-board-view-objective")

    csrf = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    for path in [
        f"goals/objective/{objective.pk}/change/",
        f"goals/objective/{objective.pk}/update/",
        f"goals/objective/{objective.pk}/delete/",
        "goals/goal/add/",
    ]:
        response = page.request.post(
            f"{live_server.url}/{settings.ADMIN_URL}{path}",
            form={"csrfmiddlewaretoken": csrf, "statement": "Board edit", "status": "done", "post": "yes"},
            headers={"Referer": url},
        )
        assert response.status == 403, path
    objective.refresh_from_db()
    assert (objective.statement, objective.status) == ("Objective owned by Bob.", "not_started")

    page.goto(f"{live_server.url}/{settings.ADMIN_URL}goals/goal/")
    assert "Grow the community" in page.locator("#result_list").inner_text()
    assert page.locator("select[name=action]").count() == 0
    screenshot("admin-board-goal-list")
