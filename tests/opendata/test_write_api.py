"""The write API: POST .../objectives/<objective>/check-ins with an API token.

Alice's token may post to Alice's objective and to nothing else; Bob's to Bob's. Every cell of
{no token, not a token, revoked, another owner's token, the right token} x {Alice's objective,
Bob's objective} is tried, then retries, bad values, the rate limit, last use, what is stored.
"""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from goals.models import ApiToken, CheckIn, KeyResult, Objective, Plan
from goals.models.api_token import TOKEN_PATTERN
from goals.opendata import tokens
from tests.factories import GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PATH = "/api/v1/plans/plan-2026/goals/grow/objectives/{}/check-ins"


def post(client, objective_slug, body, token=None, **extra):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post(
        PATH.format(objective_slug),
        json.dumps(body),
        content_type="application/json",
        headers=headers,
        **extra,
    )


@pytest.fixture
def keys(world):
    """The bearer value for each kind of caller."""
    _, alices = ApiToken.issue(owner=world["alice_owner"], name="Alice's cron job")
    _, bobs = ApiToken.issue(owner=world["owner"], name="Bob's cron job")
    revoked, revoked_key = ApiToken.issue(owner=world["alice_owner"], name="Alice's old laptop")
    revoked.revoke()
    not_a_token = "sst_" + alices.split("_")[1] + "_" + "x" * 43  # Alice's id, a made-up secret
    return {"none": None, "invalid": not_a_token, "revoked": revoked_key, "bobs": bobs, "alices": alices}


# (caller, objective) -> status: "alices" is Alice's objective, "bobs" Bob's.
MATRIX = {
    ("none", "alices"): 401,
    ("none", "bobs"): 401,
    ("invalid", "alices"): 401,
    ("invalid", "bobs"): 401,
    ("revoked", "alices"): 401,
    ("revoked", "bobs"): 401,
    ("bobs", "alices"): 403,
    ("bobs", "bobs"): 201,
    ("alices", "alices"): 201,
    ("alices", "bobs"): 403,
}


@pytest.mark.parametrize(("caller", "objective_slug"), list(MATRIX))
def test_it_lets_a_token_post_only_to_its_owners_objectives(client, keys, caller, objective_slug):
    response = post(client, objective_slug, {"status": "at_risk", "note": "Hit a snag."}, keys[caller])

    expected = MATRIX[caller, objective_slug]
    assert response.status_code == expected
    objective = Objective.objects.get(slug=objective_slug)
    notes = list(objective.check_ins.values_list("note", flat=True))
    if expected == 201:
        assert notes == ["Hit a snag."]
        assert objective.status == Objective.Status.AT_RISK
        owner = {"alices": "Alice Owner", "bobs": "Bob Owner"}[objective_slug]
        assert response.json()["author"] == owner
        assert response.json()["status"] == "at_risk"
    else:
        assert notes == []
        assert objective.status == Objective.Status.NOT_STARTED
        assert set(response.json()) == {"detail"}
        assert response.json()["detail"]  # a sentence, not an empty refusal


@pytest.mark.parametrize(
    ("caller", "detail"),
    [
        ("none", "No API token."),
        ("invalid", "This is not a valid API token."),
        ("revoked", "This API token was revoked"),
        ("bobs", "This token posts only to the objectives of Bob Owner."),
    ],
)
def test_it_says_why_it_refuses(client, keys, caller, detail):
    response = post(client, "alices", {"note": "x"}, keys[caller])

    assert response.json()["detail"].startswith(detail)
    if response.status_code == 401:
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_another_owners_draft_objective_is_not_there(client, keys, world):
    draft = PlanFactory(slug="draft-plan", status=Plan.Status.DRAFT)
    goal = GoalFactory(plan=draft, slug="g")
    ObjectiveFactory(goal=goal, slug="alices-draft", owners=[world["alice_owner"]])
    path = "/api/v1/plans/draft-plan/goals/g/objectives/alices-draft/check-ins"

    def post_as(caller):
        return client.post(
            path, '{"note": "Planning."}', content_type="application/json",
            headers={"authorization": f"Bearer {keys[caller]}"},
        )  # fmt: skip

    assert post_as("bobs").status_code == 404  # not 403: that would say the draft exists
    assert post_as("alices").status_code == 201  # her own, drafts included, as in the admin
    assert CheckIn.objects.filter(objective__slug="alices-draft").count() == 1


def test_a_bot_token_posts_in_its_owners_name(client, world):
    bot = OwnerFactory(name="Usage robot", slug="usage-robot")  # no login
    world["my_objective"].owners.add(bot)
    _, key = ApiToken.issue(owner=bot, name="usage figures")

    response = post(client, "alices", {"note": "Nightly figures."}, key)

    assert response.status_code == 201
    assert response.json()["author"] == "Usage robot"
    check_in = CheckIn.objects.get()
    assert (check_in.author, check_in.api_token.name) == (None, "usage figures")


def test_a_token_of_a_deactivated_login_posts_nothing(client, keys, world):
    # Deactivating someone's login is how a founder shuts them out: their scripts too.
    alice = world["owner_user"]
    alice.is_active = False
    alice.save()

    response = post(client, "alices", {"status": "done", "note": "Still posting."}, keys["alices"])

    assert response.status_code == 401
    assert response.json()["detail"].startswith("The login this API token posts for is deactivated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert CheckIn.objects.count() == 0
    assert Objective.objects.get(slug="alices").status == Objective.Status.NOT_STARTED
    assert not ApiToken.objects.get(name="Alice's cron job").has_perm(
        "goals.post_check_in", world["my_objective"]
    )


def test_it_records_a_measurement_and_moves_progress(client, keys, world):
    objective = world["my_objective"]
    KeyResult.objects.create(objective=objective, metric="institutions", unit="institutions", target=4)

    response = post(
        client, "alices", {"value": 3, "happened_on": "2026-11-14", "confidence": "high"}, keys["alices"]
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["value"], body["happened_on"], body["confidence"]) == (3.0, "2026-11-14", "high")
    objective.refresh_from_db()
    assert (objective.progress, objective.progress_source) == (75, Objective.ProgressSource.MEASURED)
    assert CheckIn.objects.get().value == Decimal("3")


def test_a_retry_with_the_same_client_key_is_stored_once(client, keys, world):
    KeyResult.objects.create(objective=world["my_objective"], metric="hubs", target=10)
    body = {"value": 2, "client_key": "usage-2026-11-14"}

    first = post(client, "alices", body, keys["alices"])
    again = post(client, "alices", body, keys["alices"])
    changed = post(client, "alices", {**body, "value": 9}, keys["alices"])

    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 200)
    assert first.json() == again.json() == changed.json()
    assert list(CheckIn.objects.values_list("value", flat=True)) == [Decimal("2")]
    # The same key on another objective is another update.
    assert (
        post(client, "bobs", {"note": "x", "client_key": "usage-2026-11-14"}, keys["bobs"]).status_code == 201
    )


UNMEASURED, MEASURED = "alices", "kr"


FROM_MEASUREMENTS = "Progress of a measured objective comes from its measurements."


def at(*field):
    return ["body", "payload", *field]


@pytest.mark.parametrize(
    ("objective_slug", "body", "loc", "msg"),
    [
        (MEASURED, {"value": "abc"}, at("value"), "Input should be a valid decimal"),
        (MEASURED, {"value": 1.234}, at("value"), "Decimal input should have no more than 2 decimal places"),
        (UNMEASURED, {"progress": 101}, at("progress"), "Input should be less than or equal to 100"),
        (UNMEASURED, {"progress": "50"}, at("progress"), "Input should be a valid integer"),
        (UNMEASURED, {"status": "finished"}, at("status"), None),
        (UNMEASURED, {"note": "x", "happened_on": "14/11/2026"}, at("happened_on"), None),
        (UNMEASURED, {"note": "x", "happened_on": 1767225600}, at("happened_on"), None),
        (UNMEASURED, {"links": ["javascript:alert(1)"]}, at("links", 0), None),
        (UNMEASURED, {"note": "x", "valeu": 3}, at("valeu"), "Extra inputs are not permitted"),
        # record_check_in's refusals, in the same shape:
        (UNMEASURED, {}, at(), "Say what changed: a status, progress, a measurement, a note or a link."),
        (UNMEASURED, {"value": 3}, at("value"), "This objective has no key result to measure."),
        (MEASURED, {"progress": 5}, at("progress"), FROM_MEASUREMENTS),
    ],
)  # fmt: skip
def test_bad_values_answer_422_naming_the_field(client, world, objective_slug, body, loc, msg):
    measured = ObjectiveFactory(goal=world["goal"], slug=MEASURED, owners=[world["alice_owner"]])
    KeyResult.objects.create(objective=measured, metric="hubs", target=10)
    _, key = ApiToken.issue(owner=world["alice_owner"], name="cron")

    response = post(client, objective_slug, body, key)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == loc
    assert error["msg"] == msg if msg else error["msg"]
    assert CheckIn.objects.count() == 0


def test_it_answers_429_past_60_requests_a_minute_per_token(client, keys, monkeypatch):
    now = [1_800_000_000.0]  # the start of a window
    monkeypatch.setattr(tokens.time, "time", lambda: now[0])
    statuses = [
        post(client, "no-such-objective", {"note": "x"}, keys["alices"]).status_code for _ in range(60)
    ]
    now[0] += 45

    limited = post(client, "alices", {"note": "x"}, keys["alices"])
    other_token = post(client, "bobs", {"note": "x"}, keys["bobs"])
    now[0] += 15  # the next window
    next_minute = post(client, "alices", {"note": "x"}, keys["alices"])

    assert statuses == [404] * 60
    assert limited.status_code == 429
    assert limited["Retry-After"] == "15"
    assert limited.json() == {"detail": "Too many requests."}
    assert other_token.status_code == 201
    assert next_minute.status_code == 201
    assert CheckIn.objects.filter(objective__slug="alices").count() == 1


def test_it_records_when_a_token_was_last_used(client, world):
    token, key = ApiToken.issue(owner=world["alice_owner"], name="cron")
    assert token.last_used_at is None

    post(client, "bobs", {"note": "x"}, key)  # refused, but used

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_secret_is_never_stored_in_clear(client, world):
    token, key = ApiToken.issue(owner=world["alice_owner"], name="cron")
    post(client, "alices", {"note": "Stored?"}, key)
    secret = TOKEN_PATTERN.match(key)[2]  # the secret may hold "_" itself

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM goals_apitoken")
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM goals_checkin")
        rows += cursor.fetchall()

    stored = repr(rows)
    assert token.key_id in stored  # the row is there, found by its id
    assert secret not in stored
    assert secret[:12] not in stored
    assert ApiToken.find(key) == token


def test_the_openapi_document_lists_the_endpoint_with_bearer_security(client):
    document = client.get("/api/v1/openapi.json").json()

    path = "/api/v1/plans/{plan_slug}/goals/{goal_slug}/objectives/{objective_slug}/check-ins"
    operation = document["paths"][path]["post"]
    assert document["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    assert operation["security"] == [{"TokenAuth": []}]
    assert set(operation["responses"]) == {"200", "201", "400", "401", "403", "404", "422", "429"}
    assert "CheckInIn" in json.dumps(operation["requestBody"])
    # Reading needs no token.
    assert "security" not in document["paths"]["/api/v1/objectives"]["get"]


def test_a_signed_in_browser_needs_a_token_too_and_csrf_does_not_block_one(world, keys):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world["founder"])

    with_session_only = post(browser, "alices", {"note": "From a form."})
    with_token = post(browser, "alices", {"note": "From a script."}, keys["alices"])

    assert with_session_only.status_code == 401
    assert with_token.status_code == 201
    assert list(CheckIn.objects.values_list("note", flat=True)) == ["From a script."]


def test_a_post_is_never_cached_and_the_reads_show_it_at_once(client, keys):
    read = "/api/v1/plans/plan-2026/goals/grow/objectives/alices"
    before = client.get(read)
    page_before = client.get("/plans/plan-2026/goals/grow/objectives/alices/")

    response = post(client, "alices", {"note": "Shipped the **thing**."}, keys["alices"])

    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    after = client.get(read, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert [c["note"] for c in after.json()["check_ins"]] == ["Shipped the **thing**."]
    page = client.get("/plans/plan-2026/goals/grow/objectives/alices/")
    assert page_before["X-Page-Cache"] == "miss"
    assert "Shipped the <strong>thing</strong>." in page.content.decode()


def test_internal_check_ins_are_posted_but_not_shown(client, keys):
    response = post(
        client, "alices", {"note": "Staff only.", "visibility": "internal", "happened_on": "2026-02-01"},
        keys["alices"],
    )  # fmt: skip

    assert response.status_code == 201
    assert response.json()["visibility"] == "internal"
    assert CheckIn.objects.get().happened_on == date(2026, 2, 1)
    read = client.get("/api/v1/plans/plan-2026/goals/grow/objectives/alices").json()
    assert read["check_ins"] == []
