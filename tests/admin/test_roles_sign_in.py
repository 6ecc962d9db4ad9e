"""Sign-in safety: lockout after repeated failures, session cookie settings, the admin URL."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.roles import make_user

pytestmark = [pytest.mark.integration]

LOGIN = reverse("admin:login")
PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def founder(db):
    user = make_user("fiona", "Founders")
    user.set_password(PASSWORD)
    user.save()
    return user


def attempt(client, password):
    return client.post(LOGIN, {"username": "fiona", "password": password, "next": "/admin/"})


def test_it_signs_in_through_the_login_form(client, founder):
    response = attempt(client, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_locks_out_after_repeated_failures_even_with_the_right_password(client, founder, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()

    locked = attempt(client, "wrong")
    after = attempt(client, PASSWORD)

    assert locked.status_code == 429
    assert after.status_code == 429
    assert "Signing in is paused" in after.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # still signed out


def test_the_lockout_is_per_user_name(client, founder, settings):
    other = make_user("gina", "Board")
    other.set_password(PASSWORD)
    other.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    response = client.post(LOGIN, {"username": "gina", "password": PASSWORD})
    assert response.status_code == 302


def test_session_cookies_are_short_lived_and_not_readable_by_scripts(client, founder):
    response = attempt(client, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 12 * 60 * 60


def test_passwords_must_be_strong():
    validators = [validator["NAME"].rsplit(".", 1)[1] for validator in settings.AUTH_PASSWORD_VALIDATORS]
    assert validators == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
