"""The unsubscribe pages follow the e-mail's language: the link's signed token names the recipient,
so the confirmation and the "done" page are in the language their e-mails are written in, whatever
the browser asks for, unless the visitor chose one with the footer's switcher (the language cookie).
A forged link learns nothing: its page is in the browser's language, naming nobody."""

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from goals.models import NotificationPreference
from goals.notifications.emails import unsubscribe_url
from tests.notifications.conftest import path_of

pytestmark = pytest.mark.integration

Kind = NotificationPreference.Kind
COOKIE = settings.LANGUAGE_COOKIE_NAME

SPANISH = {
    "ask": "¿Dejar de recibir recordatorios de seguimiento?",
    "done": "Recordatorios de seguimiento desactivados",
}
ENGLISH = {"ask": "Stop check-in reminders?", "done": "Check-in reminders stopped"}


def browser(accept_language, cookie=None):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=accept_language)
    if cookie is not None:
        client.cookies[COOKIE] = cookie
    return client


def store(user, language):
    NotificationPreference.objects.create(user=user, language=language)


def ask_and_unsubscribe(client, user):
    link = path_of(unsubscribe_url(user, Kind.REMINDERS))
    return client.get(link), client.post(link, {"List-Unsubscribe": "One-Click"})


def assert_in_language(response, language, words, other_words):
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert response["Content-Language"] == language
    assert words in page
    assert other_words not in page


def test_a_spanish_recipient_gets_spanish_pages_in_an_english_browser(team, site_url):
    store(team["alice"], "es")

    asked, done = ask_and_unsubscribe(browser("en"), team["alice"])

    assert (asked.status_code, done.status_code) == (200, 200)
    assert_in_language(asked, "es", SPANISH["ask"], ENGLISH["ask"])
    assert_in_language(done, "es", SPANISH["done"], ENGLISH["done"])
    assert "Alice Adams" in done.content.decode()
    assert NotificationPreference.for_user(team["alice"]).reminders is False


@pytest.mark.parametrize("stored", ["en", "", "fr"], ids=["english", "none chosen", "no longer offered"])
def test_a_recipient_of_english_emails_gets_english_pages_in_a_spanish_browser(team, site_url, stored):
    store(team["alice"], stored)

    asked, done = ask_and_unsubscribe(browser("es"), team["alice"])

    assert_in_language(asked, "en", ENGLISH["ask"], SPANISH["ask"])
    assert_in_language(done, "en", ENGLISH["done"], SPANISH["done"])


@pytest.mark.parametrize(
    ("stored", "cookie", "words", "other_words"),
    [("es", "en", ENGLISH, SPANISH), ("en", "es", SPANISH, ENGLISH)],
    ids=["spanish recipient, english cookie", "english recipient, spanish cookie"],
)
def test_the_visitors_language_cookie_wins(team, site_url, stored, cookie, words, other_words):
    store(team["alice"], stored)
    language = cookie

    asked, done = ask_and_unsubscribe(browser(stored, cookie=cookie), team["alice"])

    assert_in_language(asked, language, words["ask"], other_words["ask"])
    assert_in_language(done, language, words["done"], other_words["done"])


def test_a_cookie_for_a_language_not_offered_does_not_count_as_a_choice(team, site_url):
    store(team["alice"], "es")

    asked, done = ask_and_unsubscribe(browser("en", cookie="fr"), team["alice"])

    assert_in_language(asked, "es", SPANISH["ask"], ENGLISH["ask"])
    assert_in_language(done, "es", SPANISH["done"], ENGLISH["done"])


def test_the_pages_are_kept_by_no_cache_for_another_visitor(team, site_url):
    store(team["alice"], "es")
    client = browser("en")
    link = path_of(unsubscribe_url(team["alice"], Kind.REMINDERS))
    client.get(link)

    asked = client.get(link)
    chose_english = browser("en", cookie="en").get(link)

    assert "no-store" in asked["Cache-Control"] and "private" in asked["Cache-Control"]
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in asked["Vary"].split(",")}
    assert "X-Page-Cache" not in asked
    assert_in_language(chose_english, "en", ENGLISH["ask"], SPANISH["ask"])


@pytest.mark.parametrize(("accept_language", "language"), [("en", "en"), ("es", "es")])
def test_a_forged_link_to_a_spanish_recipient_follows_the_browser_and_names_nobody(
    team, site_url, accept_language, language
):
    store(team["bob"], "es")
    store(team["alice"], "en")
    alices = unsubscribe_url(team["alice"], Kind.REMINDERS).rstrip("/").rsplit("/", 1)[1]
    bobs_id = signing.b64_encode(str(team["bob"].pk).encode()).decode()
    forged = f"/notifications/unsubscribe/reminders/{bobs_id}:{alices.split(':', 1)[1]}/"
    client = browser(accept_language)

    shown, posted = client.get(forged), client.post(forged)

    assert (shown.status_code, posted.status_code) == (400, 400)
    for response in (shown, posted):
        page = response.content.decode()
        assert f'<html lang="{language}">' in page
        assert response["Content-Language"] == language
        assert "Bob" not in page and "bob" not in page
        assert "Alice" not in page
    assert NotificationPreference.for_user(team["bob"]).reminders is True
