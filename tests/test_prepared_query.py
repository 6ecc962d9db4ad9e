"""goals/prepared.py: SQL compiled once, run with new values; prepared on the server on PostgreSQL."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, connections, transaction
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
@pytest.mark.django_db(transaction=True)  # outside a transaction, as a request runs
def test_postgres_prepares_again_when_the_session_lost_it(plans):
    query = goals_of_plan()
    query.rows(plan_id=plans[0].pk)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as DISCARD ALL or a pooler's hand-over would
    with CaptureQueriesContext(connection) as runs:
        assert [row[0] for row in query.rows(plan_id=plans[0].pk)] == ["a", "b"]
    assert [run["sql"].split()[0] for run in runs] == ["EXECUTE", "PREPARE"]  # failed, then prepared again
    connection.close()  # the other tests' statements went with DEALLOCATE ALL too


@on_postgres
def test_postgres_inside_a_transaction_a_lost_statement_fails_once_then_prepares_again(plans):
    query = goals_of_plan()
    query.rows(plan_id=plans[0].pk)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        query.rows(plan_id=plans[0].pk)  # the transaction is aborted: nothing more can run in it
    assert [row[0] for row in query.rows(plan_id=plans[0].pk)] == ["a", "b"]
    connection.close()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_sessions_keep_their_own_statement_names(plans):
    """A failure in one thread's session does not change what another thread's session uses."""
    import threading

    query = goals_of_plan()
    query.rows(plan_id=plans[0].pk)
    names = {}

    def other_thread():
        query.rows(plan_id=plans[1].pk)
        names["other"] = query._prepared_names[connections["default"].connection]
        connections["default"].close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert names["other"] != query._prepared_names[connection.connection]
    assert [row[0] for row in query.rows(plan_id=plans[1].pk)] == ["c"]


@on_postgres
def test_postgres_statements_can_be_turned_off(plans, settings):
    settings.STRATEGY_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as runs:
        goals_of_plan().rows(plan_id=plans[0].pk)
    assert runs[0]["sql"].startswith("SELECT ")
