"""The search reads its indexes on PostgreSQL (migration 0016), and SQLite migrates without them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from goals.check_ins import record_check_in
from goals.management.commands.generate_plan import generate_plan
from goals.models import CheckIn, Evidence, Goal, Objective, Plan
from goals.querysets import OTHER_LANGUAGES_SEARCH_CONFIG, SEARCH_CONFIGS
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search")

CONFIGS = [*SEARCH_CONFIGS.values(), OTHER_LANGUAGES_SEARCH_CONFIG]
SEARCHED = [
    (Plan, "plan"),
    (Goal, "goal"),
    (Objective, "objective"),
    (Evidence, "evidence"),
    (CheckIn, "checkin"),
]


@pytest.fixture
def big_plan():
    """A public plan of 1,000 objectives, 2,000 evidence items and 1,000 check-ins, one of each kind
    (and a plan) about zebras, with the planner's statistics gathered."""
    plan = generate_plan(
        slug="big", goals=50, objectives=20, evidence=2, owners=3, status=Plan.Status.ARCHIVED
    )
    CheckIn.objects.bulk_create(
        CheckIn(objective=objective, note=objective.statement) for objective in Objective.objects.all()
    )
    zebra = ObjectiveFactory(
        goal=GoalFactory(plan=plan, title="Zebra goal", slug="zebra"), statement="Zebra crossings"
    )
    EvidenceFactory(objective=zebra, title="Zebra sighting")
    record_check_in(zebra, note="Zebras seen.")
    PlanFactory(title="Zebra plan", slug="zebra", status=Plan.Status.ARCHIVED)
    with connection.cursor() as cursor:
        # What autovacuum does on a live site: new rows wait in each GIN index's pending list, which
        # every search reads whole (and which rolled-back tests leave behind) until it is merged.
        for _, prefix in SEARCHED:
            for config in CONFIGS:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [f"{prefix}_search_{config}"])
        cursor.execute("ANALYZE")
    return plan


def call_command_output(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@on_postgresql
@pytest.mark.parametrize(("model", "prefix"), SEARCHED, ids=[prefix for _, prefix in SEARCHED])
def test_on_postgresql_each_search_reads_an_index_per_language(big_plan, model, prefix):
    with connection.cursor() as cursor:
        # Whether the planner reads a table of 52 goals (or two plans) whole is its own choice, made
        # from statistics that vary from run to run (CI once read the goals whole). What this test
        # pins is that the search's expressions match the indexes, so that it can read them.
        cursor.execute("SET LOCAL enable_seqscan = off")
    search = model.objects.public().matching('zebra -cloud or "open crossings"')

    plan = search.explain()
    found = list(search)

    assert "BitmapOr" in plan
    for config in CONFIGS:
        assert f"Bitmap Index Scan on {prefix}_search_{config}" in plan
    assert f"Seq Scan on goals_{prefix}" not in plan
    assert len(found) == 1
    assert "Zebra" in (found[0].note if model is CheckIn else str(found[0]))


def search_indexes():
    with connection.cursor() as cursor:
        return {
            name
            for _, prefix in SEARCHED
            for name in connection.introspection.get_constraints(cursor, f"goals_{prefix}")
            if name.startswith(f"{prefix}_search_")
        }


@pytest.mark.django_db(transaction=True)
def test_it_migrates_back_to_before_the_indexes_and_forward_again():
    call_command("migrate", "goals", "0015", verbosity=0)
    assert search_indexes() == set()

    call_command("migrate", "goals", verbosity=0)

    expected = {f"{prefix}_search_{config}" for _, prefix in SEARCHED for config in CONFIGS}
    assert search_indexes() == (expected if connection.vendor == "postgresql" else set())


@on_postgresql
def test_on_postgresql_the_migration_creates_gin_indexes():
    sql = call_command_output("sqlmigrate", "goals", "0016")

    for _, prefix in SEARCHED:
        for config in CONFIGS:
            assert f'CREATE INDEX "{prefix}_search_{config}" ON "goals_{prefix}" USING gin' in sql
