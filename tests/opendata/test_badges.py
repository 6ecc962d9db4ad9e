"""SVG badges with a plan's or a goal's progress, to embed anywhere."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from goals.models import Objective
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def plan():
    """Halfway through its time (50% expected), with a goal at 100% and one at 0%."""
    today = timezone.localdate()
    plan = PlanFactory(
        slug="badged",
        title="Plan & <Co>",
        starts_on=today - timedelta(days=100),
        due_on=today + timedelta(days=100),
    )
    ObjectiveFactory(goal=GoalFactory(plan=plan, slug="ahead", title="Ahead"), status=Objective.Status.DONE)
    ObjectiveFactory(goal=GoalFactory(plan=plan, slug="behind", title="Behind"))
    GoalFactory(plan=plan, slug="empty", title="Empty")
    return plan


def fetch_svg(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own output, parsed to check it is well-formed
    assert root.tag == f"{SVG}svg"
    return response, root


@pytest.mark.parametrize(
    ("url", "title", "value", "color"),
    [
        ("/plans/badged/badge.svg", "Plan & <Co>: 50% done, 50% expected by today", "50%", "#1a7f37"),
        (
            "/plans/badged/goals/ahead/badge.svg",
            "Ahead (Plan & <Co>): 100% done, 50% expected by today",
            "100%",
            "#1a7f37",
        ),
        (
            "/plans/badged/goals/behind/badge.svg",
            "Behind (Plan & <Co>): 0% done, 50% expected by today, behind schedule",
            "0%",
            "#a3410b",
        ),
        (
            "/plans/badged/goals/empty/badge.svg",
            "Empty (Plan & <Co>): no progress to measure yet",
            "n/a",
            "#5c5c5c",
        ),
    ],
)
def test_it_draws_progress_with_an_accessible_title(client, plan, url, title, value, color):
    _, root = fetch_svg(client, url)

    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == title
    assert root.get("aria-label") == title
    assert [text.text for text in root.iter(f"{SVG}text")] == ["progress", value]
    assert [rect.get("fill") for rect in root.iter(f"{SVG}rect")] == ["#444", color]
    assert int(root.get("width")) == sum(int(rect.get("width")) for rect in root.iter(f"{SVG}rect"))


def test_it_is_cache_friendly(client, plan):
    response, _ = fetch_svg(client, "/plans/badged/badge.svg")

    assert response["Cache-Control"] == "public, max-age=300"
    cross_origin = client.get("/plans/badged/badge.svg", headers={"origin": "https://readme.example.com"})
    assert cross_origin["Access-Control-Allow-Origin"] == "*"
    again = client.get("/plans/badged/badge.svg", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, max-age=300"
    since = client.get("/plans/badged/badge.svg", headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304


def test_it_changes_when_progress_changes(client, plan):
    first, _ = fetch_svg(client, "/plans/badged/badge.svg")
    objective = Objective.objects.get(goal__slug="behind")
    objective.status = Objective.Status.DONE
    objective.save()

    response = client.get("/plans/badged/badge.svg", headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200
    assert ET.fromstring(response.content).find(f"{SVG}title").text.startswith("Plan & <Co>: 100% done")  # noqa: S314


@pytest.mark.parametrize("url", ["/plans/nope/badge.svg", "/plans/badged/goals/nope/badge.svg"])
def test_it_is_404_for_unknown_slugs(client, plan, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_it_makes_a_constant_number_of_queries(client, django_assert_num_queries, size):
    plan = PlanFactory(slug="many")
    for _ in range(size):
        ObjectiveFactory(goal=GoalFactory(plan=plan, slug=f"g{_}"), owners=[])

    with django_assert_num_queries(5):  # content version, plan, goals, objectives, owners
        client.get("/plans/many/badge.svg")
    with django_assert_num_queries(4):
        client.get("/plans/many/goals/g0/badge.svg")
