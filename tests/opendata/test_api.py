"""The read-only JSON API at /api/v1/: contents, filters, pagination, query counts, caching, CORS."""

import json
from datetime import date, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from goals.check_ins import record_check_in
from goals.models import ApiToken, CheckIn, GitHubLink, KeyResult, KeyResultTarget, Objective, Plan
from tests.factories import (
    EvidenceFactory,
    GoalFactory,
    ObjectiveFactory,
    OwnerFactory,
    PlanFactory,
    UserFactory,
)
from tests.open_data import make_public_plan

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def test_it_lists_public_plans_with_progress_and_links(client):
    plan = make_public_plan(1, title="Open plan", slug="open-plan")
    PlanFactory(title="Hidden draft", status=Plan.Status.DRAFT)

    body = get_json(client, "/api/v1/plans")

    assert body["count"] == 1
    [item] = body["items"]
    assert item["slug"] == "open-plan"
    assert item["progress"] == 50.0
    assert item["goal_count"] == 1
    assert item["html_url"] == "http://testserver/plans/open-plan/"
    assert item["links"] == {
        "markdown": "http://testserver/plans/open-plan/plan.md",
        "objectives_csv": "http://testserver/plans/open-plan/objectives.csv",
        "feed": "http://testserver/plans/open-plan/feed.atom",
        "badge": "http://testserver/plans/open-plan/badge.svg",
    }
    assert plan.title == item["title"]


def test_it_shows_a_plan_goal_and_objective_in_depth(client):
    plan = make_public_plan(1, slug="deep", starts_on=date(2026, 1, 1), due_on=date(2026, 12, 31))
    goal = plan.goals.get()
    objective = goal.objectives.get()
    owner = objective.owners.get()

    body = get_json(client, "/api/v1/plans/deep")
    assert [g["slug"] for g in body["goals"]] == [goal.slug]

    body = get_json(client, f"/api/v1/plans/deep/goals/{goal.slug}")
    assert body["progress"] == 50.0
    assert [o["slug"] for o in body["objectives"]] == [objective.slug]
    assert body["objectives"][0]["owners"] == [{"slug": owner.slug, "name": owner.name}]

    body = get_json(client, f"/api/v1/plans/deep/goals/{goal.slug}/objectives/{objective.slug}")
    assert body["status"] == "on_track"
    assert body["status_label"] == "On track"
    assert body["due_on"] == "2026-12-31"
    assert body["last_evidence_on"] == "2026-03-02"
    assert [e["summary"] for e in body["evidence"]] == ["Shipped **it**."]

    body = get_json(client, f"/api/v1/owners/{owner.slug}")
    assert body["name"] == owner.name
    assert [o["slug"] for o in body["objectives"]] == [objective.slug]
    assert "email" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/nope",
        "/api/v1/plans/nope/goals/nope",
        "/api/v1/plans/nope/goals/nope/objectives/nope",
        "/api/v1/owners/nope",
    ],
)
def test_it_answers_404_in_json_for_unknown_slugs(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_it_filters_objectives_by_plan_status_owner_and_update_time(client):
    alice, bob = OwnerFactory(slug="alice"), OwnerFactory(slug="bob")
    first = GoalFactory(plan=PlanFactory(slug="first"))
    second = GoalFactory(plan=PlanFactory(slug="second"))
    done = ObjectiveFactory(goal=first, slug="done", status=Objective.Status.DONE, owners=[alice])
    ObjectiveFactory(goal=first, slug="risky", status=Objective.Status.AT_RISK, owners=[bob])
    ObjectiveFactory(goal=second, slug="other", status=Objective.Status.DONE, owners=[alice, bob])
    Objective.objects.filter(pk=done.pk).update(updated_at=timezone.now() - timedelta(days=10))

    def slugs(**params):
        return [item["slug"] for item in get_json(client, "/api/v1/objectives", **params)["items"]]

    assert slugs(plan="first") == ["done", "risky"]
    assert slugs(status="done") == ["done", "other"]
    assert slugs(owner="bob") == ["risky", "other"]
    assert slugs(plan="first", owner="alice") == ["done"]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert slugs(updated_since=since) == ["risky", "other"]
    assert client.get("/api/v1/objectives", {"status": "sleeping"}).status_code == 422


def test_it_filters_goals_owners_and_evidence_by_plan(client):
    make_public_plan(2, slug="two")
    make_public_plan(1, slug="one")

    assert get_json(client, "/api/v1/goals", plan="one")["count"] == 1
    assert get_json(client, "/api/v1/goals", plan="two")["count"] == 2
    assert get_json(client, "/api/v1/owners", plan="two")["count"] == 4
    assert get_json(client, "/api/v1/evidence", plan="two")["count"] == 4
    assert get_json(client, "/api/v1/plans", status="active")["count"] == 0


def test_it_paginates_with_limit_and_offset(client):
    make_public_plan(3)

    first = get_json(client, "/api/v1/objectives", limit=4)
    rest = get_json(client, "/api/v1/objectives", limit=4, offset=4)
    last = get_json(client, "/api/v1/objectives", limit=4, offset=8)

    assert first["count"] == rest["count"] == last["count"] == 9
    assert [len(page["items"]) for page in (first, rest, last)] == [4, 4, 1]
    slugs = [item["slug"] for page in (first, rest, last) for item in page["items"]]
    assert len(set(slugs)) == 9
    assert client.get("/api/v1/objectives", {"limit": 501}).status_code == 422


# Same literal count for 1 and 3 of everything: 1 for the content version, then the endpoint's own.
# Objectives come with their key results' targets on the way: one query more where they are listed.
QUERIES_PER_ENDPOINT = {
    "/api/v1/plans": 6,  # count, plans, goals, objectives, owners
    "/api/v1/plans/p": 5,
    "/api/v1/goals": 5,  # count, goals, objectives, owners
    "/api/v1/plans/p/goals/g0": 7,  # goal, objectives, targets, owners, evidence, GitHub links
    "/api/v1/objectives": 7,  # count, objectives, targets, owners, evidence, GitHub links
    "/api/v1/plans/p/goals/g0/objectives/o0": 7,  # objective, targets, owners, evidence, GitHub, check-ins
    "/api/v1/owners": 3,
    "/api/v1/owners/w0": 7,  # owner, objectives, targets, owners, evidence, GitHub links
    "/api/v1/evidence": 3,
}


@pytest.mark.parametrize("size", [1, 3])
def test_it_makes_a_constant_number_of_queries(client, django_assert_num_queries, size):
    author = UserFactory(username="poster")
    OwnerFactory(user=author)
    for n in range(size):
        plan = PlanFactory(slug="p" if n == 0 else f"p{n}", status=Plan.Status.ARCHIVED)
        for g in range(size):
            goal = GoalFactory(plan=plan, slug=f"g{g}")
            for o in range(size):
                owners = [OwnerFactory(slug=f"w{n}{g}{o}" if (n, g, o) != (0, 0, 0) else "w0")]
                owners.append(OwnerFactory())
                objective = ObjectiveFactory(goal=goal, slug=f"o{o}", owners=owners)
                EvidenceFactory.create_batch(2, objective=objective)
                key_result = KeyResult.objects.create(objective=objective, metric="hubs", target=10)
                for month in (3, 6):
                    KeyResultTarget.objects.create(
                        key_result=key_result, due_on=date(2026, month, 30), value=month
                    )
                record_check_in(objective, value=o + 1, note="Counted.", author=author)
                github = ObjectiveFactory(goal=goal, progress_source="github", owners=owners)
                GitHubLink.objects.create(
                    objective=github, url="https://github.com/o/r/issues/1", read_at=timezone.now()
                )

    for url, queries in QUERIES_PER_ENDPOINT.items():
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url


def test_objectives_carry_their_key_result_and_public_check_ins(client, world):
    objective = world["my_objective"]
    KeyResult.objects.create(
        objective=objective, metric="institutions with a hub", unit="institutions", baseline=1, target=3
    )
    alice = world["owner_user"]
    record_check_in(objective, author=alice, value=2, happened_on=date(2026, 11, 14), note="Two now.")
    record_check_in(
        objective,
        author=alice,
        value=5,
        happened_on=date(2026, 11, 20),
        visibility=CheckIn.Visibility.INTERNAL,
    )
    bot = OwnerFactory(name="Usage robot")
    objective.owners.add(bot)
    token, _ = ApiToken.issue(owner=bot, name="cron")
    record_check_in(objective, status="at_risk", happened_on=date(2026, 11, 10), api_token=token)

    detail = get_json(client, "/api/v1/plans/plan-2026/goals/grow/objectives/alices")
    listed = get_json(client, "/api/v1/objectives", plan="plan-2026")["items"]

    key_result = {
        "metric": "institutions with a hub", "unit": "institutions", "baseline": 1.0, "target": 3.0,
        "direction": "at_least", "targets": [], "current_value": 2.0, "measured_on": "2026-11-14",
    }  # fmt: skip
    assert detail["key_result"] == key_result
    assert detail["progress"] == 50
    assert {item["slug"]: item["key_result"] for item in listed} == {"alices": key_result, "bobs": None}
    assert [
        (c["happened_on"], c["value"], c["status"], c["note"], c["author"]) for c in detail["check_ins"]
    ] == [
        ("2026-11-14", 2.0, None, "Two now.", "Alice Owner"),
        ("2026-11-10", None, "at_risk", "", "Usage robot"),
    ]
    assert set(detail["check_ins"][0]) == {
        "id", "plan", "goal", "objective", "happened_on", "status", "progress", "value", "confidence",
        "note", "links", "visibility", "author", "created_at", "html_url",
    }  # fmt: skip
    body = json.dumps(detail)
    assert "@" not in body  # no e-mail address; authors are owner names (above), never logins
    # The internal measurement, as a number anywhere (a bare "5.0" also matched timestamps).
    assert ": 5.0" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/objectives",
        "/api/v1/plans/plan-2026/goals/grow",
        "/api/v1/plans/plan-2026/goals/grow/objectives/alices",
        "/api/v1/owners/alice",
    ],
)
def test_every_objective_carries_its_key_results_targets_on_the_way_by_date(client, world, url):
    objective = world["my_objective"]
    key_result = KeyResult.objects.create(
        objective=objective, metric="hubs", baseline=10, target=4, direction="at_most"
    )
    # Written out of order: the API answers by date.
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 9, 30), value="5.5")
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 3, 31), value=8)

    body = get_json(client, url)

    objectives = body.get("items") or body.get("objectives") or [body]
    [measured] = [item for item in objectives if item["slug"] == "alices"]
    assert measured["key_result"]["targets"] == [
        {"due_on": "2026-03-31", "value": 8.0},
        {"due_on": "2026-09-30", "value": 5.5},
    ]


def test_the_openapi_document_describes_the_targets_on_the_way(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    targets = components["KeyResultOut"]["properties"]["targets"]
    assert targets["type"] == "array"
    assert targets["items"] == {"$ref": "#/components/schemas/KeyResultTargetOut"}
    assert "targets" in components["KeyResultOut"]["required"]
    target = components["KeyResultTargetOut"]
    assert {name: field["type"] for name, field in target["properties"].items()} == {
        "due_on": "string",
        "value": "number",
    }
    assert target["properties"]["due_on"]["format"] == "date"


def test_it_answers_304_until_public_data_changes(client):
    plan = make_public_plan(1, slug="cached")
    first = client.get("/api/v1/plans/cached")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    assert client.get("/api/v1/plans/cached", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/api/v1/plans/cached", headers={"if-modified-since": last_modified}).status_code == 304

    objective = Objective.objects.get(goal__plan=plan)
    objective.owners.clear()  # no timestamp moves, but the answer changes

    again = client.get("/api/v1/plans/cached", headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_it_allows_read_only_requests_from_any_origin(client):
    make_public_plan(1)

    response = client.get("/api/v1/plans", headers={"origin": "https://dashboard.example.com"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response

    preflight = client.options(
        "/api/v1/plans",
        headers={"origin": "https://dashboard.example.com", "access-control-request-method": "GET"},
    )
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"

    page = client.get("/plans/", headers={"origin": "https://dashboard.example.com"})
    assert "Access-Control-Allow-Origin" not in page


def test_it_refuses_writes(client):
    assert client.post("/api/v1/plans", {}, content_type="application/json").status_code == 405


def test_its_docs_page_loads_everything_from_this_site(client):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert "http://" not in html
    assert "https://" not in html
    assert '"//' not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{asset}"), f"{asset} is not among the static files"


def test_its_openapi_document_describes_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["info"]["version"] == "1"
    assert sorted(schema["paths"]) == [
        "/api/v1/evidence",
        "/api/v1/goals",
        "/api/v1/objectives",
        "/api/v1/owners",
        "/api/v1/owners/{owner_slug}",
        "/api/v1/plans",
        "/api/v1/plans/{plan_slug}",
        "/api/v1/plans/{plan_slug}/goals/{goal_slug}",
        "/api/v1/plans/{plan_slug}/goals/{goal_slug}/objectives/{objective_slug}",
        "/api/v1/plans/{plan_slug}/goals/{goal_slug}/objectives/{objective_slug}/check-ins",
    ]
    assert "email" not in str(schema["components"])


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"offset": 10**20}, 422),
        ({"updated_since": "0001-01-01T00:00:00+05:00"}, 200),
        ({"updated_since": "9999-12-31T23:59:59-05:00"}, 200),
        ({"updated_since": "2026-10-09T03:45:15.285+20:10"}, 200),  # an offset PostgreSQL refuses
    ],
)
def test_extreme_query_values_are_answered_not_crashed(client, query, status):
    response = client.get("/api/v1/objectives", query)
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == 0


def test_the_apis_own_address_leads_to_its_documentation(client):
    response = client.get("/api/v1/")

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"
    assert client.get(response["Location"]).status_code == 200
