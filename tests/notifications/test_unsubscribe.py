"""One-click unsubscribe (RFC 8058): a signed link per person and kind, without signing in."""

import pytest
from django.core import signing
from django.test import Client

from goals.models import NotificationPreference
from goals.notifications.emails import unsubscribe_url
from tests.notifications.conftest import path_of, send_reminders, unsubscribe_link

pytestmark = pytest.mark.integration

Kind = NotificationPreference.Kind


def wants(user, kind):
    return NotificationPreference.for_user(user).wants(kind)


@pytest.fixture
def strict_client():
    """A mail program's POST: no cookies, no CSRF token, and Django checking CSRF as browsers face it."""
    return Client(enforce_csrf_checks=True)


def test_the_link_in_the_email_asks_first_and_one_click_unsubscribes(team, smtp, strict_client):
    send_reminders()
    link = path_of(unsubscribe_link(smtp.to("alice@example.org")[0]))

    page = strict_client.get(link)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    assert '<form method="post"' in page.content.decode()
    assert wants(team["alice"], Kind.REMINDERS) is True  # a GET (a link scanner) changes nothing

    done = strict_client.post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert done.status_code == 200
    assert "Alice Adams will get no more check-in reminders" in done.content.decode()
    assert wants(team["alice"], Kind.REMINDERS) is False
    assert wants(team["alice"], Kind.DIGEST) is False  # the default, untouched
    assert wants(team["bob"], Kind.REMINDERS) is True


def test_after_unsubscribing_the_next_run_sends_them_nothing(team, smtp, strict_client):
    strict_client.post(path_of(unsubscribe_url(team["alice"], Kind.REMINDERS)))

    send_reminders()

    assert smtp.recipients == ["bob@example.org"]


def test_unsubscribing_twice_is_harmless(team, site_url, strict_client):
    link = path_of(unsubscribe_url(team["alice"], Kind.REMINDERS))
    strict_client.post(link)

    again = strict_client.post(link)
    page = strict_client.get(link)

    assert again.status_code == 200
    assert NotificationPreference.objects.filter(user=team["alice"]).count() == 1
    assert "does not get check-in reminders any more" in page.content.decode()


def forged_tokens(team):
    """Tokens that must not unsubscribe Bob: tampered, re-signed without the key, or for another kind."""
    alices = unsubscribe_url(team["alice"], Kind.REMINDERS).rstrip("/").rsplit("/", 1)[1]
    value, signature = alices.split(":", 1)
    bobs_value = signing.b64_encode(str(team["bob"].pk).encode()).decode()
    return {
        "alice's signature on bob's id": f"{bobs_value}:{signature}",
        "signed with another key": signing.dumps(
            team["bob"].pk, key="not-our-secret", salt="goals.notifications.unsubscribe.reminders"
        ),
        "a digest token": unsubscribe_url(team["bob"], Kind.DIGEST).rstrip("/").rsplit("/", 1)[1],
        "no salt": signing.dumps(team["bob"].pk),
        "truncated": alices[:-3],
        "garbage": "not-a-token",
    }


@pytest.mark.parametrize(
    "forgery",
    [
        "alice's signature on bob's id",
        "signed with another key",
        "a digest token",
        "no salt",
        "truncated",
        "garbage",
    ],
)
def test_a_forged_or_tampered_link_is_refused_and_changes_nothing(team, site_url, strict_client, forgery):
    token = forged_tokens(team)[forgery]
    link = f"/notifications/unsubscribe/reminders/{token}/"

    shown = strict_client.get(link)
    posted = strict_client.post(link)

    assert (shown.status_code, posted.status_code) == (400, 400)
    assert "This unsubscribe link is not valid" in posted.content.decode()
    assert NotificationPreference.objects.count() == 0
    assert wants(team["bob"], Kind.REMINDERS) is True
    assert wants(team["alice"], Kind.REMINDERS) is True


def test_an_unknown_kind_or_a_deleted_user_is_not_found(team, site_url, strict_client):
    token = unsubscribe_url(team["bob"], Kind.REMINDERS).rstrip("/").rsplit("/", 1)[1]
    link = path_of(unsubscribe_url(team["bob"], Kind.REMINDERS))

    assert strict_client.post(f"/notifications/unsubscribe/everything/{token}/").status_code == 404
    team["bob"].delete()
    assert strict_client.post(link).status_code == 404
    assert NotificationPreference.objects.count() == 0


def test_a_digest_link_stops_the_digest_only(team, site_url, strict_client):
    NotificationPreference.objects.create(user=team["board"], digest=True)

    strict_client.post(path_of(unsubscribe_url(team["board"], Kind.DIGEST)))

    preference = NotificationPreference.objects.get(user=team["board"])
    assert (preference.digest, preference.reminders) == (False, True)
