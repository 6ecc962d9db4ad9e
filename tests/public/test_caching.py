"""The public page cache: any edit shows on the next request; signed-in users never share the copy."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from goals.check_ins import record_check_in
from goals.content_version import content_version
from goals.handbook.importer import import_plan
from goals.handbook.markdown import parse_plan
from goals.models import CheckIn, Objective, Plan
from goals.public.cache import PublicPageCacheMiddleware, page_key
from tests.factories import (
    EvidenceFactory,
    GoalFactory,
    ObjectiveFactory,
    OwnerFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def objective():
    plan = PlanFactory(status=Plan.Status.ACTIVE, title="The cached plan")
    goal = GoalFactory(plan=plan, title="A goal worth caching")
    return ObjectiveFactory(goal=goal, statement="Ship the first version.", owners=[OwnerFactory(name="Ada")])


def objective_url(objective):
    return objective.get_absolute_url()


def plan_url(objective):
    return objective.goal.plan.get_absolute_url()


def get_twice(client, url):
    """Fill the cache, then prove the next response comes from it."""
    first = client.get(url)
    second = client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    return second


def rename_goal(objective):
    objective.goal.title = "A renamed goal"
    objective.goal.save()
    return "A renamed goal", "A goal worth caching"


def add_owner(objective):
    objective.owners.add(OwnerFactory(name="Grace"))
    return "Grace", None


def remove_owners(objective):
    objective.owners.clear()
    return None, "Ada"


def add_evidence(objective):
    EvidenceFactory(objective=objective, title="Release notes published")
    return "Release notes published", None


def delete_objective(objective):
    ObjectiveFactory(goal=objective.goal, statement="Another objective stays.")
    Objective.objects.get(pk=objective.pk).delete()
    return "Another objective stays.", "Ship the first version."


def change_status(objective):
    objective.status = Objective.Status.AT_RISK
    objective.save()
    return "At risk", "Not started"


@pytest.mark.parametrize(
    ("url_of", "edit"),
    [
        (plan_url, rename_goal),
        (objective_url, add_owner),
        (objective_url, remove_owners),
        (objective_url, add_evidence),
        (plan_url, delete_objective),
        (objective_url, change_status),
    ],
)
def test_it_shows_an_edit_on_the_next_request(client, objective, url_of, edit):
    url = url_of(objective)
    get_twice(client, url)
    version = content_version()[0]

    shown, gone = edit(objective)

    assert content_version()[0] > version
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    if shown:
        assert shown in response.text
    if gone:
        assert gone not in response.text


def test_it_shows_a_reimported_plan_on_the_next_request(client, seed_text):
    import_plan(parse_plan(seed_text), status="active")
    get_twice(client, "/")

    import_plan(parse_plan(seed_text.replace("\n## ", "\n## Renamed: ", 1)))

    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Renamed: " in response.text


def test_generate_plan_bumps_the_version_although_it_inserts_in_bulk():
    version = content_version()[0]
    call_command("generate_plan", "--slug", "bulk", "--goals", "1", "--objectives", "1", "--evidence", "1")
    assert content_version()[0] > version


def test_a_rolled_back_edit_leaves_the_version_alone(seed_text):
    import_plan(parse_plan(seed_text), status="active")
    version = content_version()[0]
    import_plan(parse_plan(seed_text.replace("\n## ", "\n## Renamed: ", 1)), dry_run=True)
    assert content_version()[0] == version


def anonymous_key(url):
    return page_key(RequestFactory().get(url), content_version()[0])


def test_signed_in_users_never_get_the_anonymous_copy(client, objective):
    url = plan_url(objective)
    cache.set(anonymous_key(url), ({"Content-Type": "text/html"}, b"BAIT: the anonymous copy"), 60)
    assert client.get(url).content == b"BAIT: the anonymous copy"

    client.force_login(UserFactory(is_staff=True))
    response = client.get(url)

    assert "X-Page-Cache" not in response
    assert b"BAIT" not in response.content
    assert "A goal worth caching" in response.text


def test_signed_in_users_never_fill_the_cache(client, objective):
    url = plan_url(objective)
    client.force_login(UserFactory())
    client.get(url)

    assert cache.get(anonymous_key(url)) is None
    client.logout()
    client.cookies.clear()
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_it_skips_requests_that_carry_personal_cookies(client, objective, cookie):
    url = plan_url(objective)
    get_twice(client, url)
    client.cookies[cookie] = "something"
    assert "X-Page-Cache" not in client.get(url)


@pytest.mark.parametrize("make_response", ["cookie", "private", "no-store", "not-found"])
def test_it_does_not_store_personal_or_failed_responses(objective, make_response):
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse("a public-looking page", status=404 if make_response == "not-found" else 200)
        if make_response == "cookie":
            response.set_cookie("tracking", "1")
        elif make_response in ("private", "no-store"):
            response["Cache-Control"] = make_response
        return response

    middleware = PublicPageCacheMiddleware(view)
    url = plan_url(objective)
    middleware(RequestFactory().get(url))
    second = middleware(RequestFactory().get(url))

    assert len(calls) == 2
    assert "X-Page-Cache" not in second


def test_it_leaves_the_admin_and_unknown_paths_alone(client, objective):
    assert "X-Page-Cache" not in client.get(reverse("admin:login"))
    assert "X-Page-Cache" not in client.get("/no-such-page/")


def test_it_honours_the_bypass_header_only_when_configured(client, objective, settings):
    url = plan_url(objective)
    get_twice(client, url)
    assert client.get(url, headers={"X-Bench-Cold": "1"})["X-Page-Cache"] == "hit"

    settings.STRATEGY_PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_COLD"
    assert "X-Page-Cache" not in client.get(url, headers={"X-Bench-Cold": "1"})


def test_it_can_be_switched_off(client, objective, settings):
    settings.STRATEGY_PAGE_CACHE = False
    assert "X-Page-Cache" not in client.get(plan_url(objective))


def make_internal(check_in):
    check_in.visibility = CheckIn.Visibility.INTERNAL
    check_in.save()


@pytest.mark.parametrize("edit", [make_internal, CheckIn.delete], ids=["made-internal", "deleted"])
@pytest.mark.parametrize("url_of", [objective_url, lambda o: f"{plan_url(o)}feed.atom"], ids=["page", "feed"])
def test_a_check_in_taken_out_of_public_view_leaves_at_once(client, objective, url_of, edit):
    check_in, _ = record_check_in(objective, note="Posted in public.")
    url = url_of(objective)
    assert "Posted in public." in get_twice(client, url).text

    edit(CheckIn.objects.get(pk=check_in.pk))  # an edit in the admin: the check-in alone is saved

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Posted in public." not in response.text
