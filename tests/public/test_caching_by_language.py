"""The page cache keeps one copy per language: a page rendered in one language is never served to a
reader of another, whether the language comes from the switcher's cookie or from Accept-Language."""

import pytest
from django.conf import settings
from django.utils.cache import cc_delim_re

from goals.models import Plan
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def plan_url():
    plan = PlanFactory(status=Plan.Status.ACTIVE, title="The cached plan")
    ObjectiveFactory(goal=GoalFactory(plan=plan))
    return plan.get_absolute_url()


def html_lang(response):
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_it_keeps_one_copy_per_accept_language(client, plan_url):
    spanish = client.get(plan_url, **SPANISH)
    english = client.get(plan_url, **ENGLISH)
    spanish_again = client.get(plan_url, **SPANISH)
    english_again = client.get(plan_url, **ENGLISH)

    assert [r["X-Page-Cache"] for r in (spanish, english, spanish_again, english_again)] == [
        "miss",
        "miss",
        "hit",
        "hit",
    ]
    languages = [html_lang(r) for r in (spanish, english, spanish_again, english_again)]
    assert languages == ["es", "en", "es", "en"]
    assert spanish_again["Content-Language"] == "es"


def test_it_keeps_one_copy_per_language_cookie(client, plan_url):
    english = client.get(plan_url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = client.get(plan_url)
    spanish_again = client.get(plan_url)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    english_again = client.get(plan_url)

    assert [r["X-Page-Cache"] for r in (english, spanish, spanish_again, english_again)] == [
        "miss",
        "miss",
        "hit",
        "hit",
    ]
    languages = [html_lang(r) for r in (english, spanish, spanish_again, english_again)]
    assert languages == ["en", "es", "es", "en"]


def test_an_unknown_language_shares_the_default_copy(client, plan_url):
    english = client.get(plan_url, **ENGLISH)
    klingon = client.get(plan_url, HTTP_ACCEPT_LANGUAGE="tlh")

    assert (klingon["X-Page-Cache"], html_lang(klingon)) == ("hit", "en")
    assert klingon.content == english.content


@pytest.mark.parametrize("cache_state", ["miss", "hit"])
def test_shared_caches_are_told_the_page_varies_by_language(client, plan_url, cache_state):
    if cache_state == "hit":
        client.get(plan_url, **SPANISH)
    response = client.get(plan_url, **SPANISH)

    assert response["X-Page-Cache"] == cache_state
    assert {"Accept-Language", "Cookie"} <= set(cc_delim_re.split(response["Vary"]))


def test_open_data_validators_differ_by_language(client, plan_url):
    feed_url = f"{plan_url}feed.atom"
    spanish = client.get(feed_url, **SPANISH)
    english = client.get(feed_url, **ENGLISH)
    stale = client.get(feed_url, HTTP_IF_NONE_MATCH=english["ETag"], **SPANISH)

    assert spanish["ETag"] != english["ETag"]
    assert stale.status_code == 200


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize(
    "suffix", ["", "badge.svg", "feed.atom", "plan.md", "objectives.csv", "api"], ids=lambda s: s or "page"
)
def test_every_answer_in_the_cookies_language_says_it_varies_by_cookie(client, plan_url, suffix, signed_in):
    # A signed-in reader's answers pass the page cache by, and the API is never page-cached: the
    # language cookie still chose their words, so a shared cache (a badge is public for 5 minutes)
    # must not hand that copy to a reader without the cookie.
    if signed_in:
        client.force_login(UserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    url = f"/api/v1{plan_url.rstrip('/')}" if suffix == "api" else f"{plan_url}{suffix}"

    response = client.get(url, **ENGLISH)

    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert {"Accept-Language", "Cookie"} <= set(cc_delim_re.split(response["Vary"]))
