"""Downloads of a public plan: the handbook Markdown (round trip) and a CSV of its objectives."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from goals import rules
from goals.check_ins import record_check_in
from goals.handbook.importer import import_plan
from goals.handbook.markdown import parse_plan
from goals.models import Evidence, GitHubLink, KeyResult, KeyResultTarget, Objective, Plan
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_markdown_export_round_trips(client, seed_plan):
    url = f"/plans/{seed_plan.slug}/plan.md"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{seed_plan.slug}.md"'
    exported = response.content.decode()

    copy = import_plan(parse_plan(exported), slug="copy", status=Plan.Status.ARCHIVED).plan
    assert [g.title for g in copy.goals.order_by("order")] == [
        g.title for g in seed_plan.goals.order_by("order")
    ]
    assert client.get("/plans/copy/plan.md").content.decode() == exported

    report = import_plan(parse_plan(exported), slug=seed_plan.slug)
    assert report.changes == []


@pytest.fixture
def plan():
    plan = PlanFactory(slug="tabular", due_on=date(2026, 12, 31))
    goal = GoalFactory(plan=plan, title="Grow, carefully")
    ada = OwnerFactory(name="Ada Lovelace", email="ada@private.example.org")
    bob = OwnerFactory(name="Bob", email="bob@private.example.org")
    first = ObjectiveFactory(
        goal=goal,
        statement='Say "hello", then leave.',
        status=Objective.Status.AT_RISK,
        owners=[bob, ada],
        due_on=date(2026, 6, 30),
    )
    EvidenceFactory(objective=first, happened_on=date(2026, 3, 1))
    EvidenceFactory(
        objective=first,
        happened_on=date(2026, 5, 1),
        visibility=Evidence.Visibility.INTERNAL,
        title="Internal",
    )
    ObjectiveFactory(goal=goal, statement='=HYPERLINK("http://evil.example")', status=Objective.Status.DONE)
    return plan


def test_the_csv_lists_objectives_with_public_data_only(client, plan):
    response = client.get("/plans/tabular/objectives.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tabular-objectives.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    # The second objective is due with the plan: its expected figure moves with today's date.
    expected = round(rules.expected_progress(plan.starts_on, plan.due_on, timezone.localdate()))
    assert rows == [
        [
            "goal",
            "objective",
            "status",
            "progress",
            "expected",
            "flags",
            "owners",
            "due date",
            "last public evidence date",
            "key result",
            "current value",
            "github links",
            "github read at",
            "targets on the way",
        ],  # fmt: skip
        [
            "Grow, carefully",
            'Say "hello", then leave.',
            "At risk",
            "50",
            "100",  # due on 30 June 2026: overdue
            "overdue",
            "Ada Lovelace; Bob",
            "2026-06-30",
            "2026-03-01",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "Grow, carefully",
            '\'=HYPERLINK("http://evil.example")',
            "Done",
            "100",
            str(expected),
            "",
            "",
            "2026-12-31",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    assert b"private.example.org" not in response.content


def test_the_csv_says_where_progress_from_github_came_from_and_when_it_was_read(client, plan):
    objective = Objective.objects.get(statement='Say "hello", then leave.')
    objective.progress_source = Objective.ProgressSource.GITHUB
    objective.save()
    read = timezone.make_aware(datetime(2026, 11, 20, 9, 30))
    GitHubLink.objects.create(
        objective=objective, url="https://github.com/o/r/issues/1", title="Open the hub", state="closed",
        done_count=1, total_count=1, read_at=read,
    )  # fmt: skip
    GitHubLink.objects.create(
        objective=objective, url="https://github.com/o/secret/issues/2", title="PRIVATE-TITLE",
        is_private=True, state="open", done_count=0, total_count=1, read_at=read + timedelta(days=1),
    )  # fmt: skip

    body = client.get("/plans/tabular/objectives.csv").content.decode()

    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(row["github links"], row["github read at"]) for row in rows] == [
        (
            "Open the hub (https://github.com/o/r/issues/1); o/secret#2 (https://github.com/o/secret/issues/2)",
            timezone.localtime(read).isoformat(timespec="seconds"),  # the oldest read of the two
        ),
        ("", ""),  # progress not from GitHub
    ]
    assert "PRIVATE-TITLE" not in body


def test_the_csv_carries_the_key_result_and_the_newest_public_value(client, plan):
    objective = Objective.objects.get(statement='Say "hello", then leave.')
    KeyResult.objects.create(
        objective=objective, metric="hubs running", unit="hubs", baseline=1, target="12.5"
    )
    record_check_in(objective, value="-2.5", happened_on=date(2026, 4, 1))
    record_check_in(objective, value="7", happened_on=date(2026, 5, 1), visibility="internal")

    rows = list(csv.DictReader(io.StringIO(client.get("/plans/tabular/objectives.csv").content.decode())))

    assert [(row["key result"], row["current value"], row["progress"]) for row in rows] == [
        ("hubs running: from 1 to at least 12.5 hubs", "-2.5", "0"),
        ("", "", "100"),
    ]


def test_the_csv_carries_the_targets_on_the_way_in_one_cell_by_date(client, plan):
    objective = Objective.objects.get(statement='Say "hello", then leave.')
    key_result = KeyResult.objects.create(
        objective=objective, metric="outages a month", baseline=6, target=1, direction="at_most"
    )
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 9, 30), value="-0.5")
    KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 3, 31), value=3)

    rows = list(csv.DictReader(io.StringIO(client.get("/plans/tabular/objectives.csv").content.decode())))

    # ISO dates and plain numbers, whatever the reader's language: "2026-03-31: 3; 2026-09-30: -0.5".
    assert [row["targets on the way"] for row in rows] == ["2026-03-31: 3; 2026-09-30: -0.5", ""]
    cells = [pair.split(": ") for pair in rows[0]["targets on the way"].split("; ")]
    assert [(date.fromisoformat(day), Decimal(value)) for day, value in cells] == [
        (date(2026, 3, 31), Decimal(3)),
        (date(2026, 9, 30), Decimal("-0.5")),
    ]


@pytest.mark.parametrize("path", ["plan.md", "objectives.csv"])
def test_downloads_answer_304_and_allow_any_origin(client, plan, path):
    first = client.get(f"/plans/tabular/{path}", headers={"origin": "https://handbook.example.org"})
    assert first["Access-Control-Allow-Origin"] == "*"

    again = client.get(f"/plans/tabular/{path}", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


@pytest.mark.parametrize("path", ["plan.md", "objectives.csv"])
@pytest.mark.parametrize("size", [1, 3])
def test_downloads_make_a_constant_number_of_queries(client, django_assert_num_queries, path, size):
    plan = PlanFactory(slug="many")
    for number in range(size):
        objective = ObjectiveFactory(
            goal=GoalFactory(plan=plan), owners=[OwnerFactory(), OwnerFactory()], progress_source="github"
        )
        EvidenceFactory(objective=objective)
        GitHubLink.objects.create(objective=objective, url=f"https://github.com/o/r/issues/{number + 1}")
        key_result = KeyResult.objects.create(objective=objective, metric="hubs", target=10)
        KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 6, 30), value=5)

    # content version, plan, goals, objectives, owners, the key results' targets; the CSV's GitHub links
    with django_assert_num_queries({"plan.md": 6, "objectives.csv": 7}[path]):
        client.get(f"/plans/many/{path}")
