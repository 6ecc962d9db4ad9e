"""A large plan imports in bulk: the queries do not grow with the objectives, the history is as
complete as one save per row would make it, and the content version goes up once, not per row.
(Seconds are measured by bench/import_plan.py, not here.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.content_version import content_version
from goals.handbook.importer import import_plan
from goals.handbook.markdown import parse_plan
from goals.models import Goal, Objective, Plan
from tests.factories import OwnerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def plan_text(objectives, goals=4, edited=False):
    """`objectives` objectives over `goals` goals; `edited`: one new objective at the top of each
    goal (so every objective moves), and every third one reworded."""
    lines = ["# Big plan", "", "The following objectives should be accomplished by **December 2027**."]
    per_goal = objectives // goals
    for goal in range(goals):
        lines += ["", f"## Goal number {goal}", "", "**Rationale:**", "", "**Objectives:**", ""]
        if edited:
            lines.append(f"- A brand new first objective for goal {goal}.")
        for number in range(goal * per_goal, (goal + 1) * per_goal):
            verb = "greatly improves" if edited and number % 3 == 0 else "improves"
            lines.append(f"- Objective {number} {verb} the hubs.")
    return "\n".join(lines) + "\n"


def queries(text):
    with CaptureQueriesContext(connection) as captured:
        import_plan(parse_plan(text))
    return len(captured)


def queries_for(objectives):
    Plan.objects.all().delete()
    fresh = queries(plan_text(objectives))
    edited = queries(plan_text(objectives, edited=True))
    return fresh, edited


def test_the_queries_of_an_import_do_not_grow_with_the_objectives():
    small_fresh, small_edited = queries_for(100)
    big_fresh, big_edited = queries_for(400)
    # Only the number of batches grows (SQLite takes 999 values a statement): a handful of queries.
    assert big_fresh - small_fresh <= 20
    assert big_edited - small_edited <= 20
    assert big_fresh < 60


def test_the_content_version_goes_up_once_per_import_not_once_per_objective():
    version = content_version()[0]
    import_plan(parse_plan(plan_text(100)))
    after_fresh = content_version()[0]
    import_plan(parse_plan(plan_text(100, edited=True)))
    assert after_fresh - version <= 2  # the plan's own save, then the bulk writes
    assert content_version()[0] - after_fresh == 1


def test_a_bulk_import_keeps_the_history_complete_and_the_versions_moving():
    import_plan(parse_plan(plan_text(8, goals=2)))
    owned = Objective.objects.get(statement="Objective 0 improves the hubs.")
    owner = OwnerFactory(name="Ada")
    owned.owners.add(owner)
    assert owned.history.count() == 2  # created, then the owner added

    import_plan(parse_plan(plan_text(8, goals=2, edited=True)))

    owned.refresh_from_db()
    assert (owned.statement, owned.order, owned.version) == ("Objective 0 greatly improves the hubs.", 1, 1)
    latest = owned.history.first()
    assert (latest.history_type, latest.statement, latest.version) == ("~", owned.statement, 1)
    assert [link.owner for link in latest.owners.all()] == [owner]
    assert latest.prev_record.statement == "Objective 0 improves the hubs."
    assert [record.history_type for record in Goal.objects.first().history.all()] == ["+"]
    for objective in Objective.objects.all():
        types = [record.history_type for record in objective.history.all()]
        assert types[-1] == "+"
        assert objective.history.first().statement == objective.statement
    assert Objective.history.filter(history_type="+").count() == 10  # 8, then 2 new ones


def test_a_refused_import_leaves_a_large_plan_as_it_was():
    import_plan(parse_plan(plan_text(400)))
    before = (
        list(Objective.objects.values_list("pk", "statement", "order", "version")),
        Objective.history.count(),
    )
    parsed = parse_plan(plan_text(400, edited=True))
    parsed.goals[3].objectives[-1].statement = "x" * 501  # past the parser's checks, refused by the model's

    with pytest.raises(Exception, match="line 435: statement: Ensure this value has at most 500 characters"):
        import_plan(parsed)

    assert (
        list(Objective.objects.values_list("pk", "statement", "order", "version")),
        Objective.history.count(),
    ) == before
