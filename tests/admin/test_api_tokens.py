"""Founders issue API tokens in the admin (shown once, stored as a digest) and revoke them."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from goals.models import ApiToken
from goals.models.api_token import TOKEN_PATTERN

pytestmark = [pytest.mark.integration]

ADD = reverse("admin:goals_apitoken_add")
CHANGELIST = reverse("admin:goals_apitoken_changelist")
WRITE = "/api/v1/plans/plan-2026/goals/grow/objectives/alices/check-ins"


def issue(client, world, name="Usage cron job", lifetime="365"):
    client.force_login(world["founder"])
    return client.post(ADD, {"name": name, "owner": world["alice_owner"].pk, "lifetime": lifetime})


def shown_token(response):
    return re.search(r'value="(sst_[0-9a-f]{12}_[A-Za-z0-9_-]{43})"', response.content.decode())[1]


def test_a_founder_issues_a_token_shown_once(client, world):
    response = issue(client, world)

    assert response.status_code == 200
    plain = shown_token(response)
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.name, token.owner, token.created_by) == (
        "Usage cron job",
        world["alice_owner"],
        world["founder"],
    )
    assert ApiToken.find(plain) == token
    # Nowhere else: not on its page, not in the list, the admin log, the session or a cookie.
    secret = TOKEN_PATTERN.match(plain)[2]  # the secret may hold "_" itself: split by the pattern
    assert len(secret) == 43
    pages = client.get(reverse("admin:goals_apitoken_change", args=[token.pk])).content.decode()
    pages += client.get(CHANGELIST).content.decode()
    assert token.prefix in pages
    assert secret not in pages
    stored = [repr(list(LogEntry.objects.values())), repr(list(Session.objects.values()))]
    stored += [morsel.value for morsel in client.cookies.values()]
    assert [text for text in stored if secret in text] == []


def test_the_issued_token_posts_for_its_owner(client, world):
    plain = shown_token(issue(client, world))
    client.logout()

    response = client.post(
        WRITE, json.dumps({"note": "First run."}), content_type="application/json",
        headers={"authorization": f"Bearer {plain}"},
    )  # fmt: skip

    assert response.status_code == 201
    assert response.json()["author"] == "Alice Owner"


def test_a_revoked_token_is_refused(client, world):
    plain = shown_token(issue(client, world))
    token = ApiToken.objects.get()

    response = client.post(CHANGELIST, {"action": "revoke", "_selected_action": [token.pk]})
    client.logout()
    refused = client.post(
        WRITE, '{"note": "x"}', content_type="application/json", headers={"authorization": f"Bearer {plain}"}
    )

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This API token was revoked: ask a founder for a new one."
    assert LogEntry.objects.filter(object_id=str(token.pk), change_message="Revoked.").exists()


def test_a_token_is_never_deleted_and_its_owner_never_changes(client, world):
    issue(client, world)
    token = ApiToken.objects.get()

    delete = client.get(reverse("admin:goals_apitoken_delete", args=[token.pk]))
    client.post(
        reverse("admin:goals_apitoken_change", args=[token.pk]),
        {"name": "Renamed", "owner": world["owner"].pk},
    )

    assert delete.status_code == 403
    token.refresh_from_db()
    assert (token.name, token.owner) == ("Renamed", world["alice_owner"])


@pytest.mark.parametrize("who", ["owner_user", "bob", "board"])
def test_only_founders_see_tokens(client, world, who):
    ApiToken.issue(owner=world["alice_owner"], name="cron")
    client.force_login(world[who])

    statuses = [client.get(url).status_code for url in (ADD, CHANGELIST)]
    index = client.get(reverse("admin:index")).content.decode()

    assert statuses == [403, 403]
    assert "API tokens" not in index


def post_with(client, plain):
    return client.post(
        WRITE, '{"note": "Nightly run."}', content_type="application/json",
        headers={"authorization": f"Bearer {plain}"},
    )  # fmt: skip


def days_later(monkeypatch, days):
    """Move the clock as the write API's rate-limit test does: patch the one function that reads it."""
    later = timezone.now() + timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: later)


def test_a_new_token_expires_after_a_year_unless_the_founder_picks_another_lifetime(client, world):
    client.force_login(world["founder"])

    form = client.get(ADD).content.decode()

    assert '<option value="365" selected>' in form
    assert re.findall(r'<option value="(\w+)"', form.split('name="lifetime"')[1].split("</select>")[0]) == [
        "30", "90", "365", "never",
    ]  # fmt: skip


def test_a_token_works_until_it_expires_then_says_so(client, world, monkeypatch):
    plain = shown_token(issue(client, world, lifetime="30"))
    client.logout()
    token = ApiToken.objects.get()

    before = post_with(client, plain)
    days_later(monkeypatch, 30)
    after = post_with(client, plain)

    assert before.status_code == 201
    assert after.status_code == 401
    assert after.json()["detail"] == (
        f"This API token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC: ask a founder for a new one."
    )
    assert after["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_token_that_never_expires_still_works_years_later(client, world, monkeypatch):
    plain = shown_token(issue(client, world, lifetime="never"))
    client.logout()

    days_later(monkeypatch, 3650)
    response = post_with(client, plain)

    assert ApiToken.objects.get().expires_at is None
    assert response.status_code == 201


def test_the_list_says_when_each_token_expires(client, world, monkeypatch):
    for name, days in [("monthly", 30), ("yearly", 365), ("forever", None), ("old", 1)]:
        ApiToken.issue(owner=world["alice_owner"], name=name, lifetime_days=days)
    days_later(monkeypatch, 2)
    client.force_login(world["founder"])

    page = client.get(CHANGELIST).content.decode()

    rows = {
        name: re.search(rf'<a href="[^"]*">{name}</a>.*?<td class="field-expiry">(.*?)</td>', page, re.S)[1]
        for name in ("monthly", "yearly", "forever", "old")
    }
    assert rows == {
        "monthly": "expires in 28 days",
        "yearly": "expires in 363 days",
        "forever": "never",
        "old": "expired",
    }
