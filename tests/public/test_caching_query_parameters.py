"""The page cache keys a page on the query parameters its view reads, in a canonical order, and
drops the rest: a made-up parameter (`?x=1`, `?utm_source=…`) is the copy already stored and costs
no render, while a parameter the page reads still gives its own page."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Every route the page cache serves (the `public` and `opendata` namespaces), by its URL name.
CACHED_ROUTES = {
    "public:home": {},
    "public:plan-list": {},
    "public:plan": {"plan_slug": "community-cloud"},
    "public:plan-updates": {"plan_slug": "community-cloud"},
    "public:goal": {"plan_slug": "community-cloud", "goal_slug": "hubs"},
    "public:goal-updates": {"plan_slug": "community-cloud", "goal_slug": "hubs"},
    "public:objective": {"plan_slug": "community-cloud", "goal_slug": "hubs", "objective_slug": "uptime"},
    "public:owner-list": {},
    "public:owner": {"owner_slug": "ada"},
    "public:search": {},
    "opendata:plan-feed": {"plan_slug": "community-cloud"},
    "opendata:goal-feed": {"plan_slug": "community-cloud", "goal_slug": "hubs"},
    "opendata:plan-badge": {"plan_slug": "community-cloud"},
    "opendata:goal-badge": {"plan_slug": "community-cloud", "goal_slug": "hubs"},
    "opendata:plan-markdown": {"plan_slug": "community-cloud"},
    "opendata:plan-objectives-csv": {"plan_slug": "community-cloud"},
}

# What each page reads, with a value that changes what it shows (the rest read nothing).
KNOWN_PARAMETERS = [
    (name, parameter, value)
    for name in ("public:home", "public:plan")
    for parameter, value in [("status", "at_risk"), ("owner", "ada"), ("flag", "overdue"), ("page", "2")]
] + [("public:search", "q", "hubs")]

MADE_UP = ["x=1", "x=2", "utm_source=newsletter", "page_=2", "Status=at_risk", "x=1&y=2"]


@pytest.fixture
def pages(sample_plan, settings):
    settings.STRATEGY_GOALS_PER_PAGE = 1  # two goals: ?page=2 shows the second
    return sample_plan


def url_of(name):
    return reverse(name, kwargs=CACHED_ROUTES[name])


def test_every_cached_route_is_in_the_list():
    from django.urls import get_resolver

    resolver = get_resolver()
    names = {
        f"{namespace}:{name}"
        for namespace in ("public", "opendata")
        for name in resolver.namespace_dict[namespace][1].reverse_dict
        if isinstance(name, str)
    }

    assert names == set(CACHED_ROUTES)


@pytest.mark.parametrize("name", CACHED_ROUTES)
@pytest.mark.parametrize("made_up", MADE_UP)
def test_a_made_up_parameter_is_the_stored_copy_and_costs_no_render(
    client, pages, name, made_up, django_assert_num_queries
):
    url = url_of(name)
    first = client.get(url)

    with django_assert_num_queries(1):  # the content version, and nothing a render would read
        again = client.get(f"{url}?{made_up}")

    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content


@pytest.mark.parametrize("name", CACHED_ROUTES)
def test_made_up_parameters_never_reach_the_stored_copy(client, pages, name):
    url = url_of(name)

    first = client.get(f"{url}?utm_source=bait-in-the-query")
    plain = client.get(url)

    assert first["X-Page-Cache"] == "miss"
    assert plain["X-Page-Cache"] == "hit"
    assert b"bait-in-the-query" not in plain.content


@pytest.mark.parametrize(("name", "parameter", "value"), KNOWN_PARAMETERS)
def test_a_parameter_the_page_reads_still_gives_its_own_page(client, pages, name, parameter, value):
    url = url_of(name)
    plain = client.get(url)

    first = client.get(url, {parameter: value})
    second = client.get(f"{url}?{parameter}={value}&x=1")

    assert (first.status_code, first["X-Page-Cache"], second["X-Page-Cache"]) == (200, "miss", "hit")
    assert first.content != plain.content
    assert second.content == first.content


def test_the_order_of_the_parameters_does_not_make_another_copy(client, pages):
    url = url_of("public:plan")

    first = client.get(f"{url}?status=at_risk&owner=ada")
    reordered = client.get(f"{url}?owner=ada&x=1&status=at_risk")

    assert (first["X-Page-Cache"], reordered["X-Page-Cache"]) == ("miss", "hit")
    assert "Ten new hubs are launched" in first.content.decode()
    assert "Hubs reach 99.9% uptime" not in first.content.decode()


def test_a_made_up_parameter_keeps_the_readers_language(client, pages):
    url = url_of("public:plan")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    spanish = client.get(f"{url}?x=1", HTTP_ACCEPT_LANGUAGE="es")
    spanish_again = client.get(url, HTTP_ACCEPT_LANGUAGE="es")

    assert [r["X-Page-Cache"] for r in (english, spanish, spanish_again)] == ["miss", "miss", "hit"]
    assert '<html lang="es"' in spanish_again.content.decode()
    assert spanish.content != english.content
