"""The recent updates pages: what the plan's and the goal's feeds say, as HTML."""

import re
from datetime import date

import feedparser
import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from goals.check_ins import record_check_in
from goals.models import CheckIn, Evidence, Objective, Plan
from goals.updates import MAX_UPDATES
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def plan():
    plan = PlanFactory(slug="feedy", title="Feedy plan", status=Plan.Status.ACTIVE)
    first = GoalFactory(plan=plan, slug="first", title="First goal")
    second = GoalFactory(plan=plan, slug="second", title="Second goal")
    moving = ObjectiveFactory(goal=first, statement="Hubs run.", slug="hubs", status=Objective.Status.AT_RISK)
    ObjectiveFactory(goal=first, statement="Nobody started this.")
    EvidenceFactory(objective=moving, title="Two hubs launched", summary="See **the report**.")
    record_check_in(moving, note="Counting <b>hubs</b>.", confidence="high")
    other = ObjectiveFactory(goal=second, statement="Money raised.", status=Objective.Status.DONE)
    EvidenceFactory(objective=other, title="Grant signed", summary="Signed.", happened_on=date(2026, 2, 1))
    # Never shown: internal entries, and an archived goal's.
    EvidenceFactory(objective=moving, title="Internal memo", visibility=Evidence.Visibility.INTERNAL)
    record_check_in(moving, note="Internal worry", visibility=CheckIn.Visibility.INTERNAL)
    archived = GoalFactory(plan=plan, title="Archived goal", is_archived=True)
    ObjectiveFactory(goal=archived, statement="Archived objective", status=Objective.Status.ON_TRACK)
    return plan


def feed_titles(client, url):
    return [entry.title for entry in feedparser.parse(client.get(url).content).entries]


def test_it_shows_what_the_feed_says(client, plan):
    response = client.get("/plans/feedy/updates/")

    html = response.text
    assert response.status_code == 200
    assert "<h1>Recent updates</h1>" in html
    # One row per feed entry, in the feed's order.
    assert html.count('class="timeline-item') == len(feed_titles(client, "/plans/feedy/feed.atom")) == 5
    # Newest first, as the feed: the grant's evidence was added last.
    assert html.index("Grant signed") < html.index("Counting &lt;b&gt;") < html.index("Two hubs launched")
    assert "<strong>the report</strong>" in html
    assert 'On <a href="/plans/feedy/goals/first/objectives/hubs/">Hubs run.</a>' in html
    assert "Money raised." in html
    # Listed by when each was added, as in the feed; each shows when it happened, and when added.
    grant = Evidence.objects.get(title="Grant signed")
    added = timezone.localdate(grant.updated_at)
    assert f'Added on {added.day} {added:%B %Y} to <a href="{grant.objective.get_absolute_url()}">' in html
    assert '<time datetime="2026-02-01">1 February 2026</time>' in html
    assert "50% done" in html
    for hidden in ["Internal", "Archived", "Nobody started this."]:
        assert hidden not in html


def test_the_goal_page_has_only_that_goal(client, plan):
    html = client.get("/plans/feedy/goals/second/updates/").text

    assert html.count('class="timeline-item') == 2
    assert "Grant signed" in html
    assert "Hubs run." not in html
    assert '<a href="/plans/feedy/goals/second/">Second goal</a>' in html


def test_it_escapes_what_people_wrote(client, plan):
    html = client.get("/plans/feedy/updates/").text

    assert "<b>hubs</b>" not in html
    assert "Counting &lt;b&gt;hubs&lt;/b&gt;." in html


@pytest.mark.parametrize(
    "url",
    [
        "/plans/nope/updates/",
        "/plans/feedy/goals/nope/updates/",
        "/plans/draft/updates/",
        "/plans/feedy/goals/{archived}/updates/",
    ],
)
def test_it_is_404_for_unknown_draft_and_archived(client, plan, url):
    PlanFactory(slug="draft", status=Plan.Status.DRAFT)
    archived = plan.goals.get(is_archived=True)

    assert client.get(url.format(archived=archived.slug)).status_code == 404


def test_it_says_when_nothing_happened(client):
    PlanFactory(slug="quiet", status=Plan.Status.ACTIVE)

    assert "Nothing has been updated yet." in client.get("/plans/quiet/updates/").text


def test_it_shows_at_most_what_the_feed_shows(client, plan):
    objective = Objective.objects.get(statement="Hubs run.")
    for number in range(MAX_UPDATES):
        record_check_in(objective, note=f"Note {number}")

    html = client.get("/plans/feedy/updates/").text

    assert html.count('class="timeline-item') == MAX_UPDATES


@pytest.mark.parametrize("size", [1, 3])
def test_it_makes_a_constant_number_of_queries(client, django_assert_num_queries, size):
    plan = PlanFactory(slug="many", status=Plan.Status.ACTIVE)
    for _ in range(size):
        objective = ObjectiveFactory(goal=GoalFactory(plan=plan), status=Objective.Status.ON_TRACK)
        EvidenceFactory(objective=objective)
        record_check_in(objective, note="Going well.")

    with django_assert_num_queries(5):  # content version, plan, objectives, evidence, check-ins
        response = client.get("/plans/many/updates/")
    assert response.text.count('class="timeline-item') == 3 * size


def test_a_new_check_in_shows_on_the_next_request(client, plan):
    client.get("/plans/feedy/updates/")
    assert client.get("/plans/feedy/updates/")["X-Page-Cache"] == "hit"

    record_check_in(Objective.objects.get(statement="Hubs run."), note="A fresh note.")

    assert "A fresh note." in client.get("/plans/feedy/updates/").text


def test_the_plan_page_links_it_next_to_the_feed(client, plan):
    html = client.get("/plans/feedy/").text

    assert '<a href="/plans/feedy/updates/">Recent updates</a>' in html
    assert '<a href="/plans/feedy/feed.atom" type="application/atom+xml">Atom feed</a>' in html


def test_it_tells_feed_readers_where_its_feed_is(client, plan):
    html = client.get("/plans/feedy/updates/").text

    assert (
        '<link rel="alternate" type="application/atom+xml" title="Feedy plan: progress updates"'
        ' href="/plans/feedy/feed.atom">'
    ) in html


def test_a_goal_page_links_its_feed_updates_and_badge(client, plan):
    html = client.get("/plans/feedy/goals/first/").text

    assert '<h2 id="open-data-title">Follow this goal</h2>' in html
    assert '<a href="/plans/feedy/goals/first/updates/">Recent updates</a>' in html
    assert '<a href="/plans/feedy/goals/first/feed.atom" type="application/atom+xml">Atom feed</a>' in html
    assert '<img src="/plans/feedy/goals/first/badge.svg" alt="Progress: 25%" height="20">' in html
    assert "![Progress](http://testserver/plans/feedy/goals/first/badge.svg)" in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="First goal: progress updates"'
        ' href="/plans/feedy/goals/first/feed.atom">'
    ) in html
    assert "/plans/feedy/badge.svg" not in html  # not the plan's


def test_an_objective_page_links_its_api_and_its_goals_feed_and_updates(client, plan):
    html = client.get("/plans/feedy/goals/first/objectives/hubs/").text

    assert '<h2 id="open-data-title">Follow this objective</h2>' in html
    assert (
        '<a href="/api/v1/plans/feedy/goals/first/objectives/hubs" type="application/json">JSON API</a>'
    ) in html
    assert '<a href="/plans/feedy/goals/first/updates/">Recent updates</a>' in html
    assert '<a href="/plans/feedy/goals/first/feed.atom" type="application/atom+xml">Atom feed</a>' in html
    assert html.count('id="open-data-title"') == 1


@pytest.mark.parametrize(
    "url, trail",
    [
        ("/plans/feedy/goals/first/", ["Plans", "Feedy plan", "First goal"]),
        ("/plans/feedy/goals/first/updates/", ["Plans", "Feedy plan", "First goal", "Recent updates"]),
        ("/plans/feedy/updates/", ["Plans", "Feedy plan", "Recent updates"]),
    ],
)
def test_the_breadcrumb_says_where_a_page_is_once(client, plan, url, trail):
    html = client.get(url).text

    breadcrumb = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    assert [strip_tags(item).strip() for item in re.findall(r"<li.*?</li>", breadcrumb, re.S)] == trail
    assert 'class="eyebrow"' not in html
    assert "Goal in " not in html and "Goal <a" not in html and "Plan <a" not in html
