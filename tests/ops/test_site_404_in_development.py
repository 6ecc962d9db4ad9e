"""With DEBUG on (`make run`), an unknown page is the site's own 404, as in production; Django's
debug page for a 500 stays, and STRATEGY_TECHNICAL_404 brings back its 404 page of URL patterns."""

import json

import pytest
from django.http import Http404
from django.test import RequestFactory

from goals.models import Plan
from strategy_site.middleware import SiteNotFoundPageMiddleware
from tests.factories import PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TECHNICAL_404 = "Using the URLconf defined in"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page/",  # no URL pattern
        "/plans/no-such-plan/",  # a view's Http404
        "/plans/draft/",  # a draft: 404 to the public
        "/plans/no-such-plan/feed.atom",
        "/api/v1/no-such-endpoint/",
    ],
)
def test_an_unknown_page_is_the_sites_404_in_development(client, debug, url):
    PlanFactory(slug="draft", status=Plan.Status.DRAFT)

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert TECHNICAL_404 not in html
    assert "DEBUG = True" not in html


def test_the_apis_own_404_stays_json(client, debug):
    response = client.get("/api/v1/plans/no-such-plan")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)


def test_developers_can_ask_for_djangos_page_of_url_patterns(client, debug):
    debug.STRATEGY_TECHNICAL_404 = True

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert TECHNICAL_404 in response.content.decode()


def test_other_errors_still_reach_djangos_debug_page():
    middleware = SiteNotFoundPageMiddleware(lambda request: None)
    request = RequestFactory().get("/")

    assert middleware.process_exception(request, ValueError("boom")) is None


def test_production_is_unchanged(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_a_missing_static_file_is_still_a_404(client, debug):
    assert client.get("/static/no-such-file.css").status_code == 404


def test_a_known_page_is_untouched(client, debug):
    PlanFactory(slug="open", status=Plan.Status.ACTIVE)

    assert client.get("/plans/open/").status_code == 200


def test_it_lets_a_raised_http404_through_to_the_sites_page(debug):
    middleware = SiteNotFoundPageMiddleware(lambda request: None)
    request = RequestFactory().get("/x/")

    response = middleware.process_exception(request, Http404("gone"))

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()
