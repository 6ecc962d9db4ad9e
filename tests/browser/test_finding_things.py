"""A visitor searches from the header, follows a goal to its recent updates; an owner who opens
the review pages gets the site's 403 with a way back. axe-core clean and no overflow at 375 px."""

import re

import pytest

from goals.check_ins import record_check_in
from goals.models import Objective
from tests.browser.pages import assert_accessible, opens_a_page
from tests.roles import ensure_roles, make_role_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"


def check_both_sizes(page, screenshot, name):
    assert_accessible(page)
    screenshot(f"{name}-1440", target=page)
    page.set_viewport_size({"width": 375, "height": 667})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    assert_accessible(page)
    screenshot(f"{name}-375", target=page)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_a_visitor_searches_from_the_header_and_reads_a_goals_updates(
    live_server, visitor, sample_plan, screenshot
):
    record_check_in(Objective.objects.get(slug="uptime"), note="Uptime was **99.95%** in March.")
    page = visitor
    page.goto(live_server.url + "/")

    page.get_by_role("searchbox", name="Search the plan").fill("hubs")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/search/?q=hubs")
    assert page.title() == "Search: hubs · strategy-site"
    assert page.locator("main h2").all_inner_texts()[:2] == ["Goals", "Objectives"]
    check_both_sizes(page, screenshot, "public-search")

    with opens_a_page(page):
        page.locator(".search-results").get_by_role("link", name="Run reliable hubs").click()
    assert page.locator("h1").inner_text() == "Run reliable hubs"
    follow = page.get_by_role("complementary", name="Follow this goal")
    badge = follow.get_by_role("img")
    assert badge.get_attribute("src") == "/plans/community-cloud/goals/hubs/badge.svg"
    assert re.fullmatch(r"Progress: \d+%", badge.get_attribute("alt"))
    assert follow.get_by_role("link", name="Atom feed").get_attribute("href") == (
        "/plans/community-cloud/goals/hubs/feed.atom"
    )
    with opens_a_page(page):
        follow.get_by_role("link", name="Recent updates").click()

    assert page.locator("h1").inner_text() == "Recent updates"
    assert "Uptime was 99.95% in March." in page.locator(".updates").inner_text()
    check_both_sizes(page, screenshot, "public-goal-updates")


def test_an_owner_who_opens_the_review_pages_gets_a_way_back(live_server, visitor, screenshot):
    ensure_roles()
    owner = make_role_user("owner", "olga")
    owner.set_password(PASSWORD)
    owner.save()
    page = visitor
    page.goto(f"{live_server.url}/accounts/login/?next=/review/")
    page.fill("#id_username", "olga")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/review/")

    assert page.locator("h1").inner_text() == "This page is not open to you"
    assert "The review pages are for board members and founders." in page.locator("main").inner_text()
    check_both_sizes(page, screenshot, "forbidden-owner")

    with opens_a_page(page):
        page.get_by_role("link", name="Go to your objectives").click()
    assert page.locator("h1").inner_text() == "Your objectives"
