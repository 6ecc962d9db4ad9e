"""POST /hooks/github: deliveries signed right, wrong and not at all, replayed, too large; what an
accepted one queues for the sync."""

import hashlib
import hmac
import json
import uuid

import pytest

from goals.models import GitHubDelivery, GitHubLink

pytestmark = pytest.mark.integration

SECRET = "It's a Secret to Everybody"
URL = "/hooks/github"


@pytest.fixture(autouse=True)
def secret(settings):
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    settings.GITHUB_WEBHOOK_MAX_BYTES = 10_000


def sign(body, secret=SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(client, event, payload, *, signature=None, delivery=None, body=None):
    body = body if body is not None else json.dumps(payload).encode()
    headers = {"X-GitHub-Event": event, "X-GitHub-Delivery": delivery or str(uuid.uuid4())}
    if signature is not False:
        headers["X-Hub-Signature-256"] = sign(body) if signature is None else signature
    return client.post(URL, body, content_type="application/json", headers=headers)


def issue_event(full_name="o/r", number=1):
    return {"action": "closed", "issue": {"number": number}, "repository": {"full_name": full_name}}


@pytest.mark.unit
def test_the_signature_is_the_one_githubs_documentation_gives():
    # docs.github.com, "Validating webhook deliveries": this secret and payload give this signature.
    expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert sign(b"Hello, World!") == expected


def test_a_signed_delivery_queues_the_links_of_its_repository(client, world):
    mine = GitHubLink.objects.create(objective=world["objective"], url="https://github.com/O/R/issues/1")
    milestone = GitHubLink.objects.create(
        objective=world["objective"], url="https://github.com/o/r/milestone/2"
    )
    other = GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/other/issues/1")

    response = deliver(client, "issues", issue_event())

    assert response.status_code == 202
    assert response.json() == {"message": "Queued for the next sync.", "queued": 2}
    queued = set(GitHubLink.objects.filter(sync_requested_at__isnull=False))
    assert queued == {mine, milestone}
    assert other not in queued


def test_a_pull_request_delivery_queues_too(client, world):
    GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/pull/3")
    response = deliver(client, "pull_request", {"action": "closed", "repository": {"full_name": "o/r"}})
    assert (response.status_code, response.json()["queued"]) == (202, 1)


def test_a_project_item_delivery_queues_the_organizations_items(client, world):
    item = GitHubLink.objects.create(
        objective=world["objective"], url="https://github.com/orgs/2i2c-org/projects/5?pane=issue&itemId=9"
    )
    payload = {"action": "edited", "projects_v2_item": {"id": 9}, "organization": {"login": "2i2c-org"}}

    response = deliver(client, "projects_v2_item", payload)

    item.refresh_from_db()
    assert (response.status_code, item.sync_requested_at is not None) == (202, True)


def test_a_ping_is_answered(client, db):
    response = deliver(client, "ping", {"zen": "Keep it logically awesome.", "hook_id": 1})
    assert (response.status_code, response.json()["message"]) == (200, "pong")


@pytest.mark.parametrize(
    "signature",
    [
        False,  # not signed
        "sha256=" + "0" * 64,
        sign(b"another body"),
        sign(json.dumps(issue_event()).encode(), secret="wrong secret"),
        "sha1=" + hashlib.sha1(b"x", usedforsecurity=False).hexdigest(),
        "",
    ],
)
def test_an_unsigned_or_badly_signed_delivery_is_refused(client, world, signature):
    link = GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/issues/1")

    response = deliver(client, "issues", issue_event(), signature=signature)

    link.refresh_from_db()
    assert response.status_code == 401
    assert "signature" in response.json()["message"]
    assert link.sync_requested_at is None
    assert not GitHubDelivery.objects.exists()


def test_a_replayed_delivery_is_refused(client, world):
    link = GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/issues/1")
    assert (
        deliver(client, "issues", issue_event(), delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958").status_code
        == 202
    )
    GitHubLink.objects.update(sync_requested_at=None)

    again = deliver(client, "issues", issue_event(), delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")

    link.refresh_from_db()
    assert again.status_code == 409
    assert again.json()["message"] == "This delivery was already received."
    assert link.sync_requested_at is None


def test_a_delivery_too_large_is_refused_before_it_is_read(client, db):
    body = json.dumps({"repository": {"full_name": "o/r"}, "padding": "x" * 20_000}).encode()
    response = deliver(client, "issues", None, body=body)
    assert response.status_code == 413
    assert not GitHubDelivery.objects.exists()


@pytest.mark.parametrize(
    "body, words",
    [
        (b"not json", "not JSON"),
        (b"payload=%7B%7D", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
    ],
)
def test_a_signed_delivery_that_is_not_a_json_object_is_a_400(client, db, body, words):
    response = deliver(client, "issues", None, body=body)
    assert response.status_code == 400
    assert words in response.json()["message"]


def test_a_delivery_without_an_id_is_a_400(client, db):
    body = json.dumps(issue_event()).encode()
    response = client.post(
        URL,
        body,
        content_type="application/json",
        headers={"X-GitHub-Event": "issues", "X-Hub-Signature-256": sign(body)},
    )
    assert response.status_code == 400


# The signature covers the body only: the headers are anyone's who replays a delivery they saw.
@pytest.mark.parametrize(
    ("event", "delivery"),
    [
        ("issues", "d1\x00"),  # PostgreSQL refuses NUL in text: this was a 500
        ("issues\x00", "d2"),
        ("issues", "d3\x1b[2J"),
        ("issues", "d4\x7f"),
        ("issues\x01", "d5"),
    ],
    ids=["NUL in the id", "NUL in the event", "escape in the id", "DEL in the id", "control in the event"],
)
def test_a_delivery_whose_headers_carry_control_characters_is_a_400(client, world, event, delivery):
    GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/issues/1")

    response = deliver(client, event, issue_event(), delivery=delivery)

    assert response.status_code == 400
    assert "X-GitHub-" in response.json()["message"]
    assert GitHubDelivery.objects.count() == 0
    assert GitHubLink.objects.get().sync_requested_at is None


def test_an_event_it_does_not_use_is_accepted_and_ignored(client, world):
    GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/issues/1")
    response = deliver(client, "star", {"action": "created", "repository": {"full_name": "o/r"}})
    assert (response.status_code, response.json()["queued"]) == (202, 0)
    assert not GitHubLink.objects.filter(sync_requested_at__isnull=False).exists()


def test_without_a_secret_the_endpoint_says_it_is_not_set_up(client, db, settings):
    settings.GITHUB_WEBHOOK_SECRET = ""
    response = deliver(client, "issues", issue_event(), signature=sign(b"{}", secret=""))
    assert response.status_code == 503
    assert "GITHUB_WEBHOOK_SECRET" in response.json()["message"]


def test_only_post_is_allowed(client, db):
    assert client.get(URL).status_code == 405


def test_the_hook_needs_no_csrf_token_but_the_rest_of_the_site_does(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    body = json.dumps({"zen": "x"}).encode()
    headers = {"X-GitHub-Event": "ping", "X-GitHub-Delivery": "d-1", "X-Hub-Signature-256": sign(body)}
    assert strict.post(URL, body, content_type="application/json", headers=headers).status_code == 200
    assert strict.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 403


def test_sync_github_queued_picks_up_what_a_delivery_queued(client, world, fake_github):
    from io import StringIO

    from django.core.management import call_command

    fake_github.add_issue("o", "r", 1, title="Done now", state="closed", closed_at="2026-03-02T10:00:00Z")
    fake_github.add_issue("o", "other", 1, title="Elsewhere")
    queued = GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/issues/1")
    left = GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/other/issues/1")
    deliver(client, "issues", issue_event())

    call_command("sync_github", queued=True, stdout=StringIO())

    queued.refresh_from_db()
    left.refresh_from_db()
    assert (queued.state, queued.sync_requested_at, left.state) == ("closed", None, "")


def test_a_deeply_nested_delivery_is_a_400_not_a_crash(client, db):
    body = b"[" * 4_000 + b"]" * 4_000  # under the size limit, deeper than Python's recursion limit
    response = deliver(client, "issues", None, body=body)
    assert response.status_code == 400
    assert not GitHubDelivery.objects.exists()


@pytest.mark.parametrize(
    "event, payload",
    [
        ("issues", {"repository": "o/r"}),
        ("issues", {"repository": {"full_name": ["o", "r"]}}),
        ("projects_v2_item", {"organization": "2i2c-org"}),
        ("projects_v2_item", {"organization": {"login": None}}),
        ("push", {"ref": "refs/heads/main", "repository": {"full_name": "o/r"}, "commits": "abc"}),
        ("push", {"ref": ["main"], "repository": {"full_name": "o/r"}, "commits": [{"added": 5}]}),
        (
            "push",
            {
                "ref": "refs/heads/main",
                "repository": {"full_name": "o/r"},
                "commits": [{"modified": {"a": 1}}],
            },
        ),
    ],
)
def test_a_signed_delivery_of_an_odd_shape_queues_nothing_and_does_not_crash(client, world, event, payload):
    GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/issues/1")
    world["plan"].github_source = "https://github.com/o/r/blob/main/plan.md"
    world["plan"].save()

    response = deliver(client, event, payload)

    assert (response.status_code, response.json()["queued"]) == (202, 0)
    assert not GitHubLink.objects.filter(sync_requested_at__isnull=False).exists()


def test_a_push_to_a_repository_of_the_same_name_elsewhere_queues_nothing(client, world):
    world["plan"].github_source = "https://github.com/2i2c-org/team-compass/blob/main/plan.md"
    world["plan"].save()
    push = {
        "ref": "refs/heads/main",
        "repository": {"full_name": "evil-org/team-compass"},
        "commits": [{"modified": ["plan.md"]}],
    }

    response = deliver(client, "push", push)

    world["plan"].refresh_from_db()
    assert (response.status_code, response.json()["queued"]) == (202, 0)
    assert world["plan"].github_source_due is False


def test_a_delivery_that_fails_while_queueing_can_be_redelivered(client, world, monkeypatch):
    GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/issues/1")
    client.raise_request_exception = False

    def broken(event, payload):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("goals.github.views.queue", broken)
    assert deliver(client, "issues", issue_event(), delivery="d-1").status_code == 500
    monkeypatch.undo()

    assert deliver(client, "issues", issue_event(), delivery="d-1").status_code == 202
