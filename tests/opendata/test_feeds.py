"""Atom feeds of progress updates and new evidence, for a plan and for one goal."""

from datetime import date

import feedparser
import pytest

from goals.models import Evidence, Objective
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, PlanFactory

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
    assert feed.feed.link == "http://testserver/plans/feedy/"
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

    with django_assert_num_queries(4):  # content version, plan, objectives, evidence
        client.get("/plans/many/feed.atom")
