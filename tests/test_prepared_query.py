"""goals/prepared.py: SQL compiled once, run with new values; prepared on the server on PostgreSQL."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from goals.models import Goal
from goals.prepared import PreparedQuery, _numbered_placeholders
from tests.factories import GoalFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side PREPARE is PostgreSQL's"
)


def goals_of_plan():
    return PreparedQuery(
        lambda plan_id: (
            Goal.objects.filter(plan_id=plan_id).order_by("order").values_list("slug", "plan__starts_on")
        ),
        plan_id=-42,
    )


@pytest.fixture
def plans():
    first = PlanFactory(starts_on=date(2026, 1, 1))
    second = PlanFactory(starts_on=date(2025, 6, 1))
    GoalFactory(plan=first, slug="a", order=1)
    GoalFactory(plan=first, slug="b", order=2)
    GoalFactory(plan=second, slug="c", order=1)
    return first, second


def test_each_run_uses_its_own_values(plans):
    first, second = plans
    query = goals_of_plan()
    assert [tuple(row) for row in query.rows(plan_id=first.pk)] == [
        ("a", date(2026, 1, 1)),
        ("b", date(2026, 1, 1)),
    ]
    assert [tuple(row) for row in query.rows(plan_id=second.pk)] == [("c", date(2025, 6, 1))]
    assert query.rows(plan_id=first.pk + second.pk + 100) == []


def test_dates_come_back_as_dates_on_every_database(plans):
    (_, starts_on), *_ = goals_of_plan().rows(plan_id=plans[0].pk)
    assert isinstance(starts_on, date)


def test_a_placeholder_must_appear_exactly_once():
    missing = PreparedQuery(lambda plan_id: Goal.objects.values_list("slug"), plan_id=-42)
    with pytest.raises(ValueError, match="appears 0 times"):
        missing.rows(plan_id=1)
    twice = PreparedQuery(
        lambda plan_id: Goal.objects.filter(Q(plan_id=plan_id) | Q(pk=plan_id)).values_list("slug"),
        plan_id=-42,
    )
    with pytest.raises(ValueError, match="appears 2 times"):
        twice.rows(plan_id=1)


def test_placeholders_are_numbered_and_literal_percent_signs_kept():
    assert (
        _numbered_placeholders("a = %s AND b LIKE '10%%' AND c = %s") == "a = $1 AND b LIKE '10%%' AND c = $2"
    )


@on_postgres
@pytest.mark.django_db(transaction=True)  # closes the connection
def test_postgres_prepares_once_per_database_session(plans):
    query = goals_of_plan()
    with CaptureQueriesContext(connection) as first_runs:
        query.rows(plan_id=plans[0].pk)
        query.rows(plan_id=plans[1].pk)
    assert first_runs[0]["sql"].startswith("PREPARE ")
    assert first_runs[1]["sql"].startswith("EXECUTE ")

    connection.close()  # a new session knows nothing of the old one's statements
    with CaptureQueriesContext(connection) as after_reconnect:
        assert len(query.rows(plan_id=plans[1].pk)) == 1
    assert after_reconnect[0]["sql"].startswith("PREPARE ")


@on_postgres
def test_postgres_recovers_when_the_statement_is_gone(plans):
    query = goals_of_plan()
    query.rows(plan_id=plans[0].pk)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler handing over another session would
    with pytest.raises(DatabaseError), transaction.atomic():
        query.rows(plan_id=plans[0].pk)
    assert [row[0] for row in query.rows(plan_id=plans[0].pk)] == ["a", "b"]  # prepared again, new name


@on_postgres
def test_postgres_statements_can_be_turned_off(plans, settings):
    settings.STRATEGY_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as runs:
        goals_of_plan().rows(plan_id=plans[0].pk)
    assert runs[0]["sql"].startswith("SELECT ")
