"""Long plans show their goals a page at a time; filters and counts still cover the whole plan."""

import re

import pytest

from goals.management.commands.generate_plan import generate_plan
from goals.models import Objective, Plan

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def long_plan(settings):
    settings.STRATEGY_GOALS_PER_PAGE = 10
    return generate_plan(slug="long", goals=12, objectives=2, evidence=1, owners=3, status=Plan.Status.ACTIVE)


def goal_headings(html):
    return re.findall(r'<h3 id="goal-\d+"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_the_first_page_lists_ten_goals_and_links_the_next(client, long_plan):
    html = client.get("/plans/long/").content.decode()
    assert len(goal_headings(html)) == 10
    assert "Goals 1 to 10 of 12" in html
    assert 'href="?page=2" rel="next"' in html
    assert 'href="?page=1" aria-current="page"' in html
    assert "Clear filters" not in html
    # The summary counts every objective of the plan, not only those on this page.
    statuses = Objective.objects.filter(goal__plan=long_plan).values_list("status", flat=True)
    assert sum(int(n) for n in re.findall(r"</span>(\d+) [^<]+</span></a></li>", html)) == len(statuses) == 24


def test_the_second_page_has_the_rest_and_its_own_canonical_address(client, long_plan):
    html = client.get("/plans/long/?page=2").content.decode()
    assert goal_headings(html) == [goal.title for goal in long_plan.goals.order_by("order", "pk")[10:]]
    assert "Goals 11 to 12 of 12" in html
    assert 'rel="prev"' in html and 'rel="next"' not in html
    assert '<link rel="canonical" href="http://testserver/plans/long/?page=2">' in html
    assert "Clear filters" not in html  # a page number is not a filter


def test_page_links_keep_the_filters(client, long_plan, settings):
    settings.STRATEGY_GOALS_PER_PAGE = 2
    html = client.get("/plans/long/?owner=long-owner-1").content.decode()
    assert "Showing " in html and "Clear filters" in html
    assert 'href="?owner=long-owner-1&amp;page=2"' in html


@pytest.mark.parametrize("page", ["0", "abc", "999", "-1", "1e9"])
def test_any_page_number_gives_a_page(client, long_plan, page):
    response = client.get(f"/plans/long/?page={page}")
    assert response.status_code == 200
    assert len(goal_headings(response.content.decode())) in (10, 2)


def test_a_short_plan_has_no_pager(client, long_plan, settings):
    settings.STRATEGY_GOALS_PER_PAGE = 12
    html = client.get("/plans/long/").content.decode()
    assert len(goal_headings(html)) == 12
    assert "pager" not in html
