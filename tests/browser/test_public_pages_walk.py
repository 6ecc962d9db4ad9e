"""A visitor walks the public pages in Chromium; axe-core checks each page type (WCAG 2.2 AA)."""

import pytest

from tests.browser.pages import assert_accessible, opens_a_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, screenshot, name):
    """Screenshots at 1440 px, at 375 px, and as printed."""
    screenshot(f"{name}-1440", target=page)
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(f"{name}-375", target=page)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    screenshot(f"{name}-print", target=page)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_it_walks_home_goal_objective_owner(live_server, visitor, sample_plan, screenshot):
    page = visitor
    page.goto(live_server.url + "/")
    assert page.title() == "Community cloud plan · strategy-site"
    assert page.locator("h1").inner_text() == "Community cloud plan"
    assert page.get_by_role("progressbar", name="Plan progress").count() == 1
    assert_accessible(page)
    shoot(page, screenshot, "public-home")

    with opens_a_page(page):
        page.get_by_role("link", name="Run reliable hubs").first.click()
    assert page.title() == "Run reliable hubs · Community cloud plan · strategy-site"
    assert page.locator(".breadcrumbs").inner_text().split("\n") == [
        "Plans",
        "Community cloud plan",
        "Run reliable hubs",
    ]
    assert_accessible(page)
    shoot(page, screenshot, "public-goal")

    with opens_a_page(page):
        page.get_by_role("link", name="Hubs reach 99.9% uptime").click()
    assert page.locator("h1").inner_text() == "Hubs reach 99.9% uptime"
    assert page.locator(".timeline-title").all_inner_texts() == [
        "Uptime for the quarter",
        "Status page launched",
        "Post-mortem of the March outage",
    ]
    assert "Internal incident review" not in page.content()
    assert_accessible(page)
    shoot(page, screenshot, "public-objective")

    with opens_a_page(page):
        page.locator(".owners").get_by_role("link", name="Ada Lovelace").click()
    assert page.locator("h1").inner_text() == "Ada Lovelace"
    assert page.locator(".objective-title").all_inner_texts() == [
        "Hubs reach 99.9% uptime",
        "Ten new hubs are launched",
    ]
    assert_accessible(page)
    shoot(page, screenshot, "public-owner")


def test_it_filters_the_plan_without_javascript(live_server, browser, sample_plan, screenshot):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/plans/community-cloud/")
        page.get_by_label("Owner", exact=True).select_option(label="Partnerships team")
        with opens_a_page(page):
            page.get_by_role("button", name="Filter").click()
        assert page.url.endswith("/plans/community-cloud/?status=&owner=partnerships&flag=")
        assert page.locator(".objective-title").all_inner_texts() == [
            "Ten new hubs are launched",
            "Old hubs are retired",
            "Two grants are won",
        ]
        page.get_by_label("Status", exact=True).select_option(label="Off track")
        with opens_a_page(page):
            page.get_by_role("button", name="Filter").click()
        assert page.locator(".objective-title").all_inner_texts() == ["Two grants are won"]
        assert page.get_by_role("status").inner_text() == (
            "Showing 1 of 6 objectives · Status: Off track · Owner: Partnerships team"
        )
        screenshot("public-plan-filtered", target=page)
        with opens_a_page(page):
            page.get_by_role("link", name="Clear filters").click()
        assert page.locator(".objective-title").count() == 6
    finally:
        context.close()


def test_it_lists_plans_and_shows_a_friendly_404(
    live_server, visitor, sample_plan, archived_plan, screenshot
):
    page = visitor
    page.goto(live_server.url + "/plans/")
    assert page.locator(".plan-card h2").all_inner_texts() == ["Community cloud plan", "Founding plan"]
    assert page.locator(".plan-card-archived .badge").inner_text() == "Archived"
    assert_accessible(page)
    shoot(page, screenshot, "public-plan-list")

    response = page.goto(live_server.url + "/plans/no-such-plan/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)
    screenshot("public-404", target=page)


def test_the_2i2c_plan_is_honest_about_being_over(live_server, visitor, seed_plan, screenshot):
    page = visitor
    page.goto(live_server.url + "/")
    notice = page.locator(".summary .notice").inner_text()
    assert notice == "This plan ended on 31 October 2021; no progress was recorded."
    assert_accessible(page)
    shoot(page, screenshot, "public-2i2c-home")


def test_a_long_plan_pages_through_its_goals(live_server, visitor, settings, screenshot):
    from goals.management.commands.generate_plan import generate_plan
    from goals.models import Plan

    settings.STRATEGY_GOALS_PER_PAGE = 10
    generate_plan(slug="long", goals=23, objectives=2, evidence=1, owners=3, status=Plan.Status.ACTIVE)
    page = visitor
    page.goto(live_server.url + "/")
    assert page.locator(".goal h3").count() == 10
    assert page.locator(".pager-summary").inner_text() == "Goals 1 to 10 of 23"
    assert_accessible(page)
    pager = page.get_by_role("navigation", name="Pages of goals")
    with opens_a_page(page):
        pager.get_by_role("link", name="Next goals").click()
    page.wait_for_url("**/?page=2")
    assert page.locator(".pager-summary").inner_text() == "Goals 11 to 20 of 23"
    with opens_a_page(page):
        pager.get_by_role("link", name="3", exact=True).click()
    page.wait_for_url("**/?page=3")
    assert page.locator(".goal h3").count() == 3
    assert pager.locator('[aria-current="page"]').inner_text() == "3"
    assert_accessible(page)
    shoot(page, screenshot, "public-long-plan-page-3")
