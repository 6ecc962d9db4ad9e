"""Fuzzing public URLs and query strings: whatever a visitor types, never a 500, and nothing changes.

Runs on SQLite and on PostgreSQL (`make test`); PostgreSQL is where a NUL character used to give a
500 (it refuses NUL in a query). Routes are fuzzed with their real prefixes, so hostile values reach
the views, the API's filters and the evidence-file lookup rather than stopping at "no such URL".
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from goals.handbook.markdown import parse_plan
from goals.models import Evidence, Goal, Objective, Owner, Plan
from tests.conftest import SEED
from tests.fuzzing import fuzz_settings, hostile_text, rolled_back

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEED_PLAN = parse_plan(SEED.read_text(encoding="utf-8"))
PLAN = SEED_PLAN.slug
GOAL = SEED_PLAN.goals[0].slug
KNOWN = [
    "plans",
    "goals",
    "objectives",
    "owners",
    "healthz",
    "static",
    "media",
    "api",
    "feed",
    "export",
    "search",
    "updates",
    PLAN,
    *(goal.slug for goal in SEED_PLAN.goals),
    "..",
    ".",
    "%",
]
segments = st.one_of(st.sampled_from(KNOWN), st.from_regex(r"[-a-z0-9_]{1,12}", fullmatch=True), hostile_text)

# Every public route, with `{}` where the fuzzed segment goes.
ROUTES = [
    "/plans/{}/",
    f"/plans/{PLAN}/goals/{{}}/",
    f"/plans/{PLAN}/goals/{GOAL}/objectives/{{}}/",
    "/owners/{}/",
    "/plans/{}/feed.atom",
    f"/plans/{PLAN}/goals/{{}}/feed.atom",
    "/plans/{}/updates/",
    f"/plans/{PLAN}/goals/{{}}/updates/",
    "/plans/{}/badge.svg",
    f"/plans/{PLAN}/goals/{{}}/badge.svg",
    "/plans/{}/plan.md",
    "/plans/{}/objectives.csv",
    "/media/{}",
    "/media/evidence/{}",
    "/api/v1/plans/{}",
    "/api/v1/plans/{}/goals/x",
    f"/api/v1/plans/{PLAN}/goals/{{}}",
    f"/api/v1/plans/{PLAN}/goals/{GOAL}/objectives/{{}}",
    "/api/v1/owners/{}",
    "/api/v1/{}",
    "/{}",
]
# Pages whose query strings are read: the API's lists, the plan, goal and owner pages, the home
# page, the search.
LISTS = [
    "/",
    "/search/",
    "/plans/",
    f"/plans/{PLAN}/",
    f"/plans/{PLAN}/goals/{GOAL}/",
    "/api/v1/plans",
    "/api/v1/goals",
    "/api/v1/objectives",
    "/api/v1/owners",
    "/api/v1/evidence",
    f"/plans/{PLAN}/objectives.csv",
]
# The names those pages read (the API's filters and pagination, the plan page's filters), then any.
PARAMETERS = [
    "plan",
    "goal",
    "objective",
    "owner",
    "status",
    "flag",
    "kind",
    "updated_since",
    "limit",
    "offset",
    "page",
    "q",
    "sort",
    "format",
    "next",
]
query_values = st.one_of(hostile_text, st.integers(-(10**20), 10**20).map(str))
queries = st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), hostile_text), query_values, max_size=4)


def snapshot():
    return [list(model.objects.order_by("pk").values()) for model in (Plan, Goal, Objective, Owner, Evidence)]


def get(client, url):
    """GET in a savepoint of its own; the status, and whether the database is as it was."""
    with rolled_back():
        before = snapshot()
        response = client.get(url)
        return response.status_code, snapshot() == before


@fuzz_settings(max_examples=150)
@given(path=st.lists(segments, min_size=0, max_size=6), query=queries, slash=st.booleans())
def test_no_public_url_or_query_string_gives_a_server_error(client, seed_plan, path, query, slash):
    url = "/" + "/".join(quote(segment, safe="") for segment in path) + ("/" if slash and path else "")
    if query:
        url += "?" + urlencode(query)

    status, unchanged = get(client, url)

    assert status < 500, url
    assert unchanged, url


@fuzz_settings(max_examples=200)
@given(route=st.sampled_from(ROUTES), segment=hostile_text)
@example(route="/api/v1/plans/{}", segment="\x00")
@example(route="/media/{}", segment="\x00")
def test_no_hostile_value_in_a_route_gives_a_server_error(client, seed_plan, route, segment):
    url = route.format(quote(segment, safe=""))

    status, unchanged = get(client, url)

    assert status < 500, url
    assert unchanged, url


@fuzz_settings(max_examples=200)
@given(page=st.sampled_from(LISTS), query=queries)
@example(page="/api/v1/objectives", query={"plan": "\x00"})
@example(page="/plans/", query={"owner": "\x00"})
def test_no_hostile_filter_gives_a_server_error(client, seed_plan, page, query):
    url = page + "?" + urlencode(query)

    status, unchanged = get(client, url)

    assert status < 500, url
    assert unchanged, url
