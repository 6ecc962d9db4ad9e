"""Atom feeds of progress updates and new evidence, for a plan and for one goal."""

from datetime import date

import feedparser
import pytest

from goals.check_ins import record_check_in
from goals.models import ApiToken, CheckIn, Evidence, KeyResult, Objective
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def plan():
    plan = PlanFactory(slug="feedy", title="Feedy plan")
    first = GoalFactory(plan=plan, slug="first", title="First goal")
    second = GoalFactory(plan=plan, slug="second", title="Second goal")
    moving = ObjectiveFactory(goal=first, statement="Hubs run.", status=Objective.Status.AT_RISK)
    ObjectiveFactory(goal=first, statement="Nobody started this.")
    EvidenceFactory(
        objective=moving,
        title="Two hubs launched",
        summary="See **the report**.",
        kind=Evidence.Kind.METRIC,
        metric_value=2,
        metric_unit="hubs",
        happened_on=date(2026, 4, 1),
    )
    other = ObjectiveFactory(goal=second, statement="Money raised.", status=Objective.Status.DONE)
    EvidenceFactory(objective=other, title="Grant signed", summary="Signed.")
    return plan


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_it_lists_status_changes_and_evidence_of_the_plan(client, plan):
    feed = parse(client, "/plans/feedy/feed.atom")

    assert feed.feed.title == "Feedy plan: progress updates"
    # The feed as a web page is the recent updates page; the feed keeps its id, the plan's address.
    assert feed.feed.link == "http://testserver/plans/feedy/updates/"
    assert feed.feed.id == "http://testserver/plans/feedy/"
    assert sorted(entry.title for entry in feed.entries) == [
        "At risk, 50%: Hubs run.",
        "Done, 100%: Money raised.",
        "Grant signed (Money raised.)",
        "Two hubs launched (Hubs run.)",
    ]
    hubs = next(entry for entry in feed.entries if entry.title.startswith("Two hubs"))
    assert "<strong>the report</strong>" in hubs.summary
    assert "2 hubs" in hubs.summary
    assert hubs.link.startswith("http://testserver/plans/feedy/goals/first/objectives/")
    assert [tag.term for tag in hubs.tags] == ["Evidence"]
    assert len({entry.id for entry in feed.entries}) == 4


def test_a_new_status_is_a_new_entry(client, plan):
    before = {entry.id for entry in parse(client, "/plans/feedy/feed.atom").entries}
    objective = Objective.objects.get(statement="Hubs run.")
    objective.status = Objective.Status.ON_TRACK
    objective.save()

    feed = parse(client, "/plans/feedy/feed.atom")

    assert feed.entries[0].title == "On track, 50%: Hubs run."
    assert feed.entries[0].id not in before


def test_the_goal_feed_has_only_that_goal(client, plan):
    feed = parse(client, "/plans/feedy/goals/second/feed.atom")

    assert feed.feed.title == "Second goal: progress updates"
    assert feed.feed.link == "http://testserver/plans/feedy/goals/second/updates/"
    assert feed.feed.id == "http://testserver/plans/feedy/goals/second/"
    assert sorted(entry.title for entry in feed.entries) == [
        "Done, 100%: Money raised.",
        "Grant signed (Money raised.)",
    ]


def test_it_answers_304_to_a_conditional_get(client, plan):
    first = client.get("/plans/feedy/feed.atom")

    again = client.get("/plans/feedy/feed.atom", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def test_it_is_readable_from_any_origin(client, plan):
    response = client.get("/plans/feedy/feed.atom", headers={"origin": "https://reader.example.com"})
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/plans/nope/feed.atom", "/plans/feedy/goals/nope/feed.atom"])
def test_it_is_404_for_unknown_slugs(client, plan, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_it_makes_a_constant_number_of_queries(client, django_assert_num_queries, size):
    plan = PlanFactory(slug="many")
    for _ in range(size):
        objective = ObjectiveFactory(goal=GoalFactory(plan=plan), status=Objective.Status.ON_TRACK)
        EvidenceFactory(objective=objective)
        record_check_in(objective, note="Going well.")

    with django_assert_num_queries(5):  # content version, plan, objectives, evidence, check-ins
        client.get("/plans/many/feed.atom")


def test_public_check_ins_are_entries_with_every_text_escaped(client, plan):
    hubs = Objective.objects.get(statement="Hubs run.")
    KeyResult.objects.create(objective=hubs, metric="hubs", unit="hubs", target=4)
    bot = OwnerFactory(name="<b>Usage</b> robot")
    token, _ = ApiToken.issue(owner=bot, name="cron")
    record_check_in(
        hubs,
        value=3,
        status=Objective.Status.ON_TRACK,
        note="Counted <script>alert(1)</script> **three**.",
        links="https://example.org/hubs?a=1&b=2",
        api_token=token,
    )
    # record_check_in refuses it now; a row stored before that rule may still carry one.
    CheckIn.objects.filter(objective=hubs).update(
        links="https://example.org/hubs?a=1&b=2\njavascript:alert(1)"
    )
    record_check_in(hubs, note="Staff only.", visibility=CheckIn.Visibility.INTERNAL)

    feed = parse(client, "/plans/feedy/feed.atom")

    [entry] = [entry for entry in feed.entries if entry.tags[0].term == "Check-in"]
    assert entry.title == "Check-in: Hubs run. (status On track; measured 3 of 4 hubs)"
    assert entry.link.startswith("http://testserver/plans/feedy/goals/first/objectives/")
    assert "#check-in-" in entry.link
    assert "<p>Status: On track.</p><p>Measured: 3 of 4 hubs.</p>" in entry.summary
    assert "<strong>three</strong>" in entry.summary
    assert "<script>" not in entry.summary
    assert '<a href="https://example.org/hubs?a=1&amp;b=2">' in entry.summary
    assert "javascript:" not in entry.summary
    assert "<p>Posted by &lt;b&gt;Usage&lt;/b&gt; robot.</p>" in entry.summary
    assert "Staff only." not in client.get("/plans/feedy/feed.atom").content.decode()


def test_the_goal_feed_has_only_that_goals_check_ins(client, plan):
    record_check_in(Objective.objects.get(statement="Hubs run."), note="First goal news.")
    record_check_in(Objective.objects.get(statement="Money raised."), note="Second goal news.")

    feed = parse(client, "/plans/feedy/goals/second/feed.atom")

    summaries = [entry.summary for entry in feed.entries if entry.tags[0].term == "Check-in"]
    assert summaries == ["<p>Second goal news.</p>"]
