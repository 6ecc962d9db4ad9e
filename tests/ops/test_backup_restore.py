"""The backup command pair (docs/reliability.md, "Backups") restores into an empty database, same pages."""

import pytest
from django.core.management import call_command

from goals.models import Evidence, Goal, Objective, Owner, Plan
from tests.factories import EvidenceFactory, OwnerFactory, UserFactory

# flush TRUNCATEs tables, which PostgreSQL refuses inside the test's transaction: use a real one.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Exactly what docs/reliability.md, "Backups", tells people to run (the README links it).
BACKUP_ARGS = [
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
]


def pages(client, urls):
    return {url: client.get(url).content.decode() for url in urls}


def test_a_backup_restored_into_an_empty_database_gives_identical_pages(client, seed_plan, tmp_path):
    goal = seed_plan.goals.order_by("order").first()
    objective = goal.objectives.order_by("order").first()
    owner = OwnerFactory(name="Ada Owner")
    objective.owners.add(owner)
    EvidenceFactory(objective=objective, title="Launched the hub", added_by=UserFactory(username="editor"))
    urls = ["/", "/plans/", seed_plan.get_absolute_url(), goal.get_absolute_url()]
    urls += [objective.get_absolute_url(), owner.get_absolute_url()]
    before = pages(client, urls)
    counts = {model: model.objects.count() for model in (Plan, Goal, Objective, Owner, Evidence)}
    backup = tmp_path / "backup.json.gz"

    call_command("dumpdata", *BACKUP_ARGS, output=str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert Plan.objects.count() == 0
    assert client.get(seed_plan.get_absolute_url()).status_code == 404
    call_command("loaddata", str(backup), verbosity=0)

    assert {model: model.objects.count() for model in counts} == counts
    assert pages(client, urls) == before
    assert "Launched the hub" in before[objective.get_absolute_url()]
    # Sequences were moved past the restored ids: new rows can be added.
    assert Owner.objects.create(name="New", slug="new").pk > owner.pk
