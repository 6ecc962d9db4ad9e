"""The site's own sign-in page: where the review pages send visitors, without revealing the admin.

Signed in through the real form (django-axes needs the request, so no `client.login`), as a
browser would: the lockout still applies, an unsafe `?next=` is dropped, and every landing page exists.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import OwnerFactory, PlanFactory
from tests.ops.test_security_headers import InlineCodeFinder, assert_security_headers
from tests.roles import make_user

pytestmark = [pytest.mark.integration]

SIGN_IN = "/accounts/login/"
PASSWORD = "a long enough passphrase 42"
ADMIN_PATH = f"/{settings.ADMIN_URL}"


@pytest.fixture
def boris(db):
    return make_user("boris", "Board", password=PASSWORD)


@pytest.fixture
def alice(db):
    return make_user("alice", "Owners", password=PASSWORD)


def sign_in(client, username, password=PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(SIGN_IN, data)


def test_the_review_pages_send_visitors_to_the_sites_sign_in_not_the_admins(client):
    response = client.get("/review/plans/some-plan/?since=2026-01-31")

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/review/plans/some-plan/%3Fsince%3D2026-01-31"
    assert not response["Location"].startswith(ADMIN_PATH)


def test_the_sign_in_page_names_no_admin_path_and_runs_no_inline_code(client):
    response = client.get(f"{SIGN_IN}?next=/review/")

    page = response.content.decode()
    assert response.status_code == 200
    assert ADMIN_PATH not in page
    assert 'name="username"' in page and 'name="password"' in page
    assert 'name="next" value="/review/"' in page
    finder = InlineCodeFinder()
    finder.feed(page)
    assert finder.found == []
    assert_security_headers(response)
    assert "X-Page-Cache" not in response


def test_a_board_member_signs_in_and_lands_on_the_page_asked_for(client, boris):
    response = sign_in(client, "boris", next_url="/review/")

    assert response.status_code == 302
    assert response["Location"] == "/review/"
    assert client.get("/review/").status_code == 200


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/review/", "https:evil.example", ""]
)
@pytest.mark.parametrize(("who", "lands_on"), [("boris", "/review/"), ("alice", "/")])
def test_an_unsafe_next_is_dropped_and_the_landing_page_exists(client, boris, alice, next_url, who, lands_on):
    response = sign_in(client, who, next_url=next_url)

    assert response.status_code == 302
    assert response["Location"] == lands_on
    assert client.get(response["Location"]).status_code == 200


def test_a_wrong_password_shows_the_form_again_in_plain_words(client, boris):
    response = sign_in(client, "boris", password="wrong", next_url="/review/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in page
    assert 'name="next" value="/review/"' in page
    assert client.get("/review/").status_code == 302  # still signed out


def test_the_lockout_applies_to_the_sites_sign_in_and_names_no_admin_path(client, boris, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "boris", password="wrong")

    after = sign_in(client, "boris", next_url="/review/")

    page = after.content.decode()
    assert after.status_code == 429
    assert "Signing in is paused" in page
    assert ADMIN_PATH not in page
    assert client.get("/review/").status_code == 302  # still signed out


@pytest.mark.parametrize(
    ("hours", "words"), [(1, "1 hour"), (1.5, "1 hour, 30 minutes"), (0.25, "15 minutes")]
)
def test_the_lockout_page_is_the_sites_and_says_how_long_in_words(client, boris, settings, hours, words):
    settings.AXES_COOLOFF_TIME = hours
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "boris", password="wrong")

    page = sign_in(client, "boris").content.decode().replace("\xa0", " ")  # timesince's spaces

    assert f"The pause lasts {words} from the last attempt." in page
    assert '<a class="site-name" href="/">' in page  # the site's header, not the admin's
    for wrong in ["Django administration", "hours:minutes:seconds", "1:00:00", "0:15:00"]:
        assert wrong not in page


def test_the_admins_lockout_is_the_same_page(client, boris, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "boris", "password": "wrong"})

    response = client.post(reverse("admin:login"), {"username": "boris", "password": PASSWORD})

    page = response.content.decode().replace("\xa0", " ")

    assert "The pause lasts 1 hour from the last attempt." in page
    assert "Django administration" not in page


def test_a_lockout_on_the_site_also_locks_the_admin_sign_in(client, boris, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "boris", password="wrong")

    response = client.post(reverse("admin:login"), {"username": "boris", "password": PASSWORD})

    assert response.status_code == 429


def test_the_admins_sign_in_with_an_unsafe_next_lands_on_a_page_that_exists(client, boris):
    # It went to /accounts/profile/ (Django's default LOGIN_REDIRECT_URL), a 404.
    response = client.post(
        reverse("admin:login"), {"username": "boris", "password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_an_owner_signs_in_and_lands_on_their_own_objectives(client, alice):
    OwnerFactory(name="Alice Owner", slug="alice", user=alice)

    response = sign_in(client, "alice")

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert "Your objectives" in client.get("/me/").content.decode()


def test_the_sign_in_page_speaks_to_owners_as_well_as_the_board(client):
    page = client.get(f"{SIGN_IN}?next=/me/").content.decode()

    assert "Owners sign in to check in on their objectives" in page
    assert "review pages are for board members and founders" not in page


@pytest.mark.parametrize("page", ["/me/", "/review/"])
def test_a_signed_in_page_offers_sign_out_which_signs_out(client, boris, alice, page):
    OwnerFactory(name="Alice Owner", slug="alice", user=alice)
    sign_in(client, "boris" if page == "/review/" else "alice")

    html = client.get(page).content.decode()
    response = client.post("/accounts/logout/")

    assert '<form method="post" action="/accounts/logout/"' in html
    assert ">Sign out</button>" in html
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(page).status_code == 302  # signed out: back to the sign-in page


def test_every_public_page_links_the_sign_in(client, db):
    plan = PlanFactory(slug="linked")

    for url in ["/", plan.get_absolute_url(), "/owners/", "/search/?q=x"]:
        page = client.get(url).content.decode()
        assert f'<a class="sign-in-link" href="{SIGN_IN}">' in page, url
        assert '<span class="sign-in-words">Sign in</span></a>' in page, url


@pytest.mark.parametrize(
    ("who", "links", "not_linked"),
    [
        ("owner", ["/me/", ADMIN_PATH, "/"], ["/review/"]),
        ("board", ["/review/", ADMIN_PATH, "/"], ["/me/"]),
        ("founder", ["/review/", ADMIN_PATH, "/"], ["/me/"]),
    ],
)
def test_a_signed_in_reader_is_told_where_to_go_rather_than_asked_again(client, db, who, links, not_linked):
    user = {
        "owner": lambda: OwnerFactory(user=make_user("olga", "Owners")).user,
        "board": lambda: make_user("boris", "Board"),
        "founder": lambda: make_user("fiona", "Founders"),
    }[who]()
    client.force_login(user)

    page = client.get(SIGN_IN).content.decode()

    assert "You are signed in already." in page
    assert f"Signed in as {user.get_username()}" in page
    for url in links:
        assert f'<li><a href="{url}">' in page, url
    for url in not_linked:
        assert f'<li><a href="{url}">' not in page, url
    assert 'name="password"' in page, "signing in as someone else stays possible"
