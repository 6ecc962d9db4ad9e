"""Signing in switches the pages to the language the person stored (NotificationPreference.language),
on the site's sign-in page and the admin's: the redirect sets the language cookie, as the footer's
switcher would. Without a stored language, or with one the site no longer offers, nothing changes.

Signed in through the real forms (django-axes needs the request, so no `client.login`), by a
browser that asks for English.
"""

import pytest
from django.conf import settings

from goals.models import NotificationPreference
from tests.roles import make_user

pytestmark = [pytest.mark.integration]

PASSWORD = "a long enough passphrase 42"
SIGN_IN = "/accounts/login/"
ADMIN = f"/{settings.ADMIN_URL}"
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en"}
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def boris(db):
    return make_user("boris", "Board", password=PASSWORD)


def store(user, language):
    NotificationPreference.objects.create(user=user, language=language)


def sign_in(client, page=SIGN_IN, password=PASSWORD, next_url="/review/"):
    data = {"username": "boris", "password": password, "next": next_url}
    return client.post(page, data, **ENGLISH_BROWSER)


@pytest.mark.parametrize("page", [SIGN_IN, f"{ADMIN}login/"])
def test_it_shows_the_next_pages_in_the_stored_language(client, boris, page):
    store(boris, "es")

    signed_in = sign_in(client, page)
    landing = client.get(signed_in["Location"], **ENGLISH_BROWSER)

    assert signed_in.status_code == 302
    cookie = signed_in.cookies[COOKIE]
    assert cookie.value == "es"
    assert (cookie["max-age"], cookie["path"], cookie["samesite"]) == (
        settings.LANGUAGE_COOKIE_AGE or "",
        settings.LANGUAGE_COOKIE_PATH,
        settings.LANGUAGE_COOKIE_SAMESITE,
    )
    assert (cookie["httponly"], cookie["secure"]) == (True, settings.LANGUAGE_COOKIE_SECURE or "")
    page_text = landing.content.decode()
    assert landing.status_code == 200
    assert '<html lang="es"' in page_text
    assert landing["Content-Language"] == "es"
    assert "Todos los planes" in page_text
    assert "All plans" not in page_text


@pytest.mark.parametrize("page", [SIGN_IN, f"{ADMIN}login/"])
@pytest.mark.parametrize(
    "stored",
    [None, "", "fr"],  # no preferences at all; none chosen; a language the site no longer offers
    ids=["no preferences", "none chosen", "no longer offered"],
)
def test_without_a_stored_language_the_browser_keeps_deciding(client, boris, page, stored):
    if stored is not None:
        store(boris, stored)

    signed_in = sign_in(client, page)
    landing = client.get(signed_in["Location"], **ENGLISH_BROWSER)

    assert signed_in.status_code == 302
    assert COOKIE not in signed_in.cookies
    assert '<html lang="en"' in landing.content.decode()
    assert "Todos los planes" not in landing.content.decode()


def test_an_existing_cookie_is_kept_when_nothing_is_stored(client, boris):
    client.cookies[COOKIE] = "es"

    signed_in = sign_in(client)
    landing = client.get(signed_in["Location"], **ENGLISH_BROWSER)

    assert COOKIE not in signed_in.cookies
    assert '<html lang="es"' in landing.content.decode()


@pytest.mark.parametrize("page", [SIGN_IN, f"{ADMIN}login/"])
def test_a_failed_sign_in_sets_no_cookie(client, boris, page):
    store(boris, "es")

    refused = sign_in(client, page, password="not the password")

    assert refused.status_code == 200
    assert COOKIE not in refused.cookies
    assert '<html lang="en"' in refused.content.decode()
    assert "_auth_user_id" not in client.session
