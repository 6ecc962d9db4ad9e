"""Fuzzing public URLs and query strings: whatever a visitor types, never a 500, and nothing changes."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goals.handbook.markdown import parse_plan
from goals.models import Evidence, Goal, Objective, Owner, Plan
from tests.conftest import SEED

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEED_PLAN = parse_plan(SEED.read_text(encoding="utf-8"))
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
    SEED_PLAN.slug,
    *(goal.slug for goal in SEED_PLAN.goals),
    "..",
    ".",
    "%",
]
segments = st.one_of(
    st.sampled_from(KNOWN), st.from_regex(r"[-a-z0-9_]{1,12}", fullmatch=True), st.text(max_size=12)
)
# Names that list and search pages are likely to read, then anything at all.
PARAMETERS = [
    "q",
    "page",
    "status",
    "owner",
    "goal",
    "plan",
    "sort",
    "order",
    "format",
    "next",
    "limit",
    "offset",
]
query_values = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["", "0", "-1", "9" * 30, "1e9", "NaN", "' OR 1=1 --", "\x00", "%", "../../etc/passwd"]),
)
queries = st.dictionaries(
    st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=8)), query_values, max_size=4
)


def snapshot():
    return [list(model.objects.order_by("pk").values()) for model in (Plan, Goal, Objective, Owner, Evidence)]


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.lists(segments, min_size=0, max_size=6), query=queries, slash=st.booleans())
def test_no_public_url_or_query_string_gives_a_server_error(client, seed_plan, path, query, slash):
    before = snapshot()
    url = "/" + "/".join(quote(segment, safe="") for segment in path) + ("/" if slash and path else "")
    if query:
        url += "?" + urlencode(query)

    response = client.get(url)

    assert response.status_code < 500, url
    assert snapshot() == before
