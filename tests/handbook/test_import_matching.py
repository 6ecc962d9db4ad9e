"""Which record a line of the file updates: a reworded goal or objective keeps its record and URL;
a different one starts fresh, and the record it replaced keeps what was recorded on it."""

from io import StringIO

import pytest
from django.core.management import call_command

from goals.content_version import content_version
from goals.models import Evidence, Goal, Objective, Plan
from tests.factories import EvidenceFactory, OwnerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PLAN = """\
# Matching plan

The following objectives should be accomplished by **December 2027**.

## Reach researchers

**Rationale:**

**Objectives:**

- Alpha one
- Hubs serve ten universities.
- The documentation is translated into Spanish.

## Grow the team

**Rationale:**

**Objectives:**

- Two engineers are hired.
"""


def run(path, *args):
    out = StringIO()
    call_command("import_plan", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(PLAN)
    run(path)
    return path


def record(objective, evidence="Launch post", status=Objective.Status.DONE):
    """Give the objective what the admin owns: a status, an owner, evidence."""
    objective.status = status
    objective.save()
    owner = OwnerFactory(name="Ada")
    objective.owners.add(owner)
    if evidence:
        EvidenceFactory(objective=objective, title=evidence)
    return owner


def everything():
    """Every row an import could touch, and the history and content version, as values."""
    return (
        list(Plan.objects.values_list("slug", "title", "introduction", "starts_on", "due_on", "status")),
        list(Goal.objects.values_list("pk", "slug", "title", "rationale", "order", "is_archived")),
        list(
            Objective.objects.values_list("pk", "goal_id", "slug", "statement", "order", "status", "version")
        ),
        list(Evidence.objects.values_list("objective_id", "title")),
        list(Objective.owners.through.objects.values_list("objective_id", "owner_id")),
        Plan.history.count() + Goal.history.count() + Objective.history.count(),
        content_version(),
    )


def test_a_replaced_objective_starts_fresh_and_the_old_one_keeps_its_record(plan_file):
    alpha = Objective.objects.get(statement="Alpha one")
    owner = record(alpha)
    plan_file.write_text(PLAN.replace("- Alpha one\n", "- Gamma launches a podcast.\n"))

    output = run(plan_file)

    new = Objective.objects.get(statement="Gamma launches a podcast.")
    assert new.pk != alpha.pk
    assert (new.slug, new.status, new.progress) == ("gamma-launches-a-podcast", "not_started", 0)
    assert list(new.owners.all()) == []
    assert list(new.evidence.all()) == []
    alpha.refresh_from_db()
    assert (alpha.statement, alpha.slug, alpha.status) == ("Alpha one", "alpha-one", "dropped")
    assert list(alpha.owners.all()) == [owner]
    assert list(alpha.evidence.values_list("title", flat=True)) == ["Launch post"]
    assert alpha.get_absolute_url() == "/plans/matching-plan/goals/reach-researchers/objectives/alpha-one/"
    assert "+ new objective: “Gamma launches a podcast.”" in output
    assert "- objective dropped: “Alpha one” (kept, with its evidence)" in output
    assert "reworded" not in output


def test_a_replaced_objective_without_evidence_is_deleted_and_gives_nothing_away(plan_file):
    alpha = Objective.objects.get(statement="Alpha one")
    record(alpha, evidence=None)
    plan_file.write_text(PLAN.replace("- Alpha one\n", "- Gamma launches a podcast.\n"))

    output = run(plan_file)

    new = Objective.objects.get(statement="Gamma launches a podcast.")
    assert (new.slug, new.status, list(new.owners.all())) == ("gamma-launches-a-podcast", "not_started", [])
    assert not Objective.objects.filter(pk=alpha.pk).exists()
    assert "- objective deleted: “Alpha one” (no evidence)" in output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Hubs serve ten universities.", "Hubs serve ten universites."),  # a typo
        ("Hubs serve ten universities.", "Hubs serve twelve universities."),  # a changed word
        ("Hubs serve ten universities.", "hubs serve ten universities"),  # case and punctuation
        (
            "The documentation is translated into Spanish.",
            "The documentation is translated into Spanish and French.",
        ),
    ],
)
def test_a_reworded_objective_keeps_its_record_and_its_url(plan_file, old, new):
    objective = Objective.objects.get(statement=old)
    owner = record(objective)
    url = objective.get_absolute_url()
    plan_file.write_text(PLAN.replace(f"- {old}\n", f"- {new}\n"))

    output = run(plan_file)

    objective.refresh_from_db()
    assert (objective.statement, objective.status) == (new, "done")
    assert objective.get_absolute_url() == url
    assert list(objective.owners.all()) == [owner]
    assert list(objective.evidence.values_list("title", flat=True)) == ["Launch post"]
    assert Objective.objects.count() == 4
    assert f"~ objective reworded: “{old}” → “{new}”" in output


def test_reworded_objectives_that_change_places_keep_their_own_records(plan_file):
    hubs = Objective.objects.get(statement="Hubs serve ten universities.")
    docs = Objective.objects.get(statement="The documentation is translated into Spanish.")
    plan_file.write_text(
        PLAN.replace(
            "- Hubs serve ten universities.\n- The documentation is translated into Spanish.\n",
            "- The documentation is translated into Spanish and French.\n- Hubs serve twelve universities.\n",
        )
    )

    run(plan_file)

    hubs.refresh_from_db()
    docs.refresh_from_db()
    assert (hubs.statement, hubs.order) == ("Hubs serve twelve universities.", 2)
    assert (docs.statement, docs.order) == ("The documentation is translated into Spanish and French.", 1)


def test_a_replaced_goal_is_archived_with_its_evidence_and_the_new_one_starts_fresh(plan_file):
    goal = Goal.objects.get(title="Grow the team")
    hiring = goal.objectives.get()
    record(hiring)
    plan_file.write_text(PLAN.replace("## Grow the team", "## Publish the yearly report"))

    output = run(plan_file)

    goal.refresh_from_db()
    assert (goal.title, goal.slug, goal.is_archived) == ("Grow the team", "grow-the-team", True)
    hiring.refresh_from_db()
    assert (hiring.goal_id, hiring.status) == (goal.pk, "dropped")
    new = Goal.objects.get(title="Publish the yearly report")
    assert (new.slug, new.is_archived) == ("publish-the-yearly-report", False)
    fresh = new.objectives.get()
    assert (fresh.statement, fresh.status, list(fresh.owners.all())) == (
        "Two engineers are hired.",
        "not_started",
        [],
    )
    assert "+ new goal: “Publish the yearly report”" in output
    assert "- goal archived: “Grow the team” (kept: 1 objective(s) have evidence)" in output


def test_a_replaced_goal_without_evidence_is_deleted(plan_file):
    goal = Goal.objects.get(title="Grow the team")
    plan_file.write_text(PLAN.replace("## Grow the team", "## Publish the yearly report"))

    output = run(plan_file)

    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert Goal.objects.get(title="Publish the yearly report").slug == "publish-the-yearly-report"
    assert "- goal deleted: “Grow the team” (no evidence; with its 1 objective(s))" in output


@pytest.mark.parametrize("new_title", ["Grow the taem", "Grow the whole team", "grow the team!"])
def test_a_reworded_goal_keeps_its_record_and_its_url(plan_file, new_title):
    goal = Goal.objects.get(title="Grow the team")
    hiring = goal.objectives.get()
    record(hiring)
    plan_file.write_text(PLAN.replace("## Grow the team", f"## {new_title}"))

    output = run(plan_file)

    goal.refresh_from_db()
    assert (goal.title, goal.slug, goal.is_archived) == (new_title, "grow-the-team", False)
    hiring.refresh_from_db()
    assert (hiring.goal_id, hiring.status) == (goal.pk, "done")
    assert Goal.objects.count() == 2
    assert f"~ goal renamed: “Grow the team” → “{new_title}”" in output


def test_dry_run_lists_every_kind_of_change_and_writes_nothing(plan_file):
    record(Objective.objects.get(statement="Alpha one"))
    plan_file.write_text(
        PLAN.replace("- Alpha one\n", "- Gamma launches a podcast.\n")
        .replace("ten universities", "twelve universities")
        .replace("- The documentation is translated into Spanish.\n", "")
        .replace("## Grow the team", "## Grow the whole team")
        + "\n## Publish the yearly report\n\n**Rationale:**\n\n**Objectives:**\n\n- The report is out.\n"
    )
    before = everything()

    output = run(plan_file, "--dry-run")

    assert everything() == before
    assert output.splitlines() == [
        "+ new objective: “Gamma launches a podcast.”",
        "~ objective reworded: “Hubs serve ten universities.” → “Hubs serve twelve universities.”",
        "- objective dropped: “Alpha one” (kept, with its evidence)",
        "- objective deleted: “The documentation is translated into Spanish.” (no evidence)",
        "~ goal renamed: “Grow the team” → “Grow the whole team”",
        "+ new goal: “Publish the yearly report”",
        "+ new objective: “The report is out.”",
        "Would change “Matching plan”: 7 change(s); nothing was written (dry run).",
    ]


def test_dry_run_lists_a_goal_that_would_be_archived_or_deleted(plan_file):
    record(Objective.objects.get(statement="Alpha one"))
    plan_file.write_text(PLAN.replace("## Reach researchers", "## Publish the yearly report"))
    before = everything()

    output = run(plan_file, "--dry-run")

    assert everything() == before
    assert "- goal archived: “Reach researchers” (kept: 1 objective(s) have evidence)" in output
    plan_file.write_text(PLAN.replace("## Grow the team", "## Publish the yearly report"))
    assert "- goal deleted: “Grow the team” (no evidence; with its 1 objective(s))" in run(
        plan_file, "--dry-run"
    )
    assert everything() == before
