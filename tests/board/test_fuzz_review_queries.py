"""Fuzzing the review pages' query strings (since, a, b) as a signed-in board member: never a 500,
and reading a page changes nothing. Runs on SQLite and PostgreSQL (`make test`)."""

from datetime import date
from urllib.parse import urlencode

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from goals.board import snapshots
from goals.models import Goal, Objective, Plan, Review, ReviewSnapshot
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory
from tests.fuzzing import fuzz_settings, hostile_text, rolled_back
from tests.roles import make_role_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PAGES = ["/review/", "/review/plans/p/", "/review/compare/", "/review/plans/p/objectives.csv"]
dates = st.one_of(
    st.dates().map(date.isoformat),
    st.dates().map(lambda day: f"{day.day}/{day.month}/{day.year}"),
    st.from_regex(r"[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}", fullmatch=True),
)
review_ids = st.one_of(
    st.sampled_from(["now", "1", "2", "0", "-1", "²", "١", "1.0", "1e3", "9" * 25]),
    st.integers(-(10**20), 10**20).map(str),
)
values = {"since": st.one_of(dates, hostile_text), "a": st.one_of(review_ids, hostile_text)}
values["b"] = values["a"]
queries = st.fixed_dictionaries({}, optional={name: strategy for name, strategy in values.items()})


@pytest.fixture
def reviewed(client):
    plan = PlanFactory(slug="p", status="active", starts_on=date(2026, 1, 1), due_on=date(2026, 12, 31))
    goal = GoalFactory(plan=plan, title="Grow")
    objective = ObjectiveFactory(goal=goal, statement="Ten hubs run.", status="at_risk")
    snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    objective.status = Objective.Status.OFF_TRACK
    objective.save()
    snapshots.record_review(plan, held_on=date(2026, 7, 1), attendees="Ann")
    client.force_login(make_role_user("board"))
    return client


def snapshot():
    models = (Plan, Goal, Objective, Review, ReviewSnapshot)
    return [list(model.objects.order_by("pk").values()) for model in models]


@fuzz_settings(max_examples=200)
@given(page=st.sampled_from(PAGES), query=queries)
@example(page="/review/compare/", query={"a": "²"})
@example(page="/review/plans/p/", query={"since": "0001-01-01"})
@example(page="/review/plans/p/", query={"since": "9999-12-31"})
def test_no_review_query_string_gives_a_server_error(reviewed, page, query):
    url = page + "?" + urlencode(query)

    with rolled_back():
        before = snapshot()
        response = reviewed.get(url)
        unchanged = snapshot() == before

    assert response.status_code < 500, url
    assert unchanged, url
