"""The plan from a repository file: `import_plan --from-github`, a push that changes the file, and
the admin page where a founder reads the changes and confirms. Nothing changes before that."""

import hashlib
import hmac
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from goals.models import Goal, Objective, Plan, PlanImport
from tests.roles import admin_url

pytestmark = pytest.mark.integration

FILE_URL = "https://github.com/2i2c-org/team-compass/blob/main/organization/strategy.md"
SECRET = "hook secret"


def run(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seed_plan(db, seed_text):
    """The 2i2c plan as imported from FILE_URL: its relative links resolved against that address."""
    from goals.handbook.importer import import_plan
    from goals.handbook.links import resolve_relative_links
    from goals.handbook.markdown import parse_plan

    return import_plan(parse_plan(resolve_relative_links(seed_text, FILE_URL)), status="active").plan


@pytest.fixture
def handbook(db, fake_github, seed_text):
    fake_github.add_file("2i2c-org", "team-compass", "organization/strategy.md", "main", seed_text)
    return fake_github


def test_import_from_github_prepares_a_dry_run_and_changes_nothing(handbook):
    output = run("import_plan", from_github=FILE_URL, slug="bootstrap")

    plan_import = PlanImport.objects.get()
    assert (plan_import.state, plan_import.slug, plan_import.source_url) == ("waiting", "bootstrap", FILE_URL)
    assert plan_import.changes[0].startswith("+ new plan")
    assert "a founder confirms it in the admin" in output
    assert f"/admin/goals/planimport/{plan_import.pk}/change/" in output
    assert not Plan.objects.exists() and not Goal.objects.exists()
    assert handbook.requests_to("/contents/organization/strategy.md?ref=main")


def test_a_founder_sees_the_changes_first_then_confirms(client, world, handbook):
    run("import_plan", from_github=FILE_URL, slug="bootstrap")
    plan_import = PlanImport.objects.get()
    client.force_login(world["founder"])

    page = client.get(admin_url(plan_import)).content.decode()

    assert "What the import would change" in page
    assert "+ new plan: “Strategy and goals”" in page
    assert "Build a foundation for 2i2c" in page
    assert not Plan.objects.filter(slug="bootstrap").exists()

    response = client.post(f"/admin/goals/planimport/{plan_import.pk}/decide/", {"decision": "confirm"})

    assert response.status_code == 302
    plan = Plan.objects.get(slug="bootstrap")
    assert plan.goals.count() == 3
    assert Objective.objects.filter(goal__plan=plan).count() > 10
    plan_import.refresh_from_db()
    assert (plan_import.state, plan_import.decided_by, plan_import.plan) == (
        "confirmed",
        world["founder"],
        plan,
    )
    # Confirming twice imports once.
    client.post(f"/admin/goals/planimport/{plan_import.pk}/decide/", {"decision": "confirm"})
    assert Plan.objects.filter(slug="bootstrap").count() == 1


def test_a_discarded_import_changes_nothing(client, world, handbook):
    run("import_plan", from_github=FILE_URL, slug="bootstrap")
    plan_import = PlanImport.objects.get()
    client.force_login(world["founder"])

    client.post(f"/admin/goals/planimport/{plan_import.pk}/decide/", {"decision": "discard"})

    plan_import.refresh_from_db()
    assert plan_import.state == "discarded"
    assert not Plan.objects.filter(slug="bootstrap").exists()


@pytest.mark.parametrize("who", ["board", "owner_user"])
def test_only_founders_may_confirm(client, world, handbook, who):
    run("import_plan", from_github=FILE_URL, slug="bootstrap")
    plan_import = PlanImport.objects.get()
    client.force_login(world[who])

    response = client.post(f"/admin/goals/planimport/{plan_import.pk}/decide/", {"decision": "confirm"})

    assert response.status_code == 403
    assert not Plan.objects.filter(slug="bootstrap").exists()
    assert client.get(admin_url(plan_import)).status_code in (302, 403)


def test_a_push_that_changes_the_file_prepares_an_import_at_the_next_sync(
    client, handbook, seed_plan, settings
):
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    seed_plan.github_source = FILE_URL
    seed_plan.save()
    edited = handbook.files[("2i2c-org", "team-compass", "organization/strategy.md", "main")].replace(
        "2i2c has a governing body and rules for governance.", "2i2c has a board and rules for governance."
    )
    handbook.add_file("2i2c-org", "team-compass", "organization/strategy.md", "main", edited)
    push = {
        "ref": "refs/heads/main",
        "repository": {"full_name": "2i2c-org/team-compass"},
        "commits": [{"id": "abc", "added": [], "modified": ["organization/strategy.md"], "removed": []}],
    }
    body = json.dumps(push).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()

    response = client.post(
        "/hooks/github",
        body,
        content_type="application/json",
        headers={"X-GitHub-Event": "push", "X-GitHub-Delivery": "p-1", "X-Hub-Signature-256": signature},
    )
    assert (response.status_code, response.json()["queued"]) == (202, 1)
    assert not handbook.log  # the hook itself reads nothing from GitHub

    output = run("sync_github")

    plan_import = PlanImport.objects.get()
    assert len(plan_import.changes) == 1
    assert "2i2c has a board and rules for governance." in plan_import.changes[0]
    assert "a founder confirms it in the admin" in output
    seed_plan.refresh_from_db()
    assert not seed_plan.github_source_due
    assert Objective.objects.filter(statement="2i2c has a governing body and rules for governance.").exists()


def test_a_push_to_another_file_or_branch_prepares_nothing(client, handbook, seed_plan, settings):
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    seed_plan.github_source = FILE_URL
    seed_plan.save()
    for ref, path in [("refs/heads/main", "README.md"), ("refs/heads/draft", "organization/strategy.md")]:
        body = json.dumps(
            {
                "ref": ref,
                "repository": {"full_name": "2i2c-org/team-compass"},
                "commits": [{"modified": [path]}],
            }
        ).encode()
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        response = client.post(
            "/hooks/github",
            body,
            content_type="application/json",
            headers={
                "X-GitHub-Event": "push",
                "X-GitHub-Delivery": ref + path,
                "X-Hub-Signature-256": signature,
            },
        )
        assert response.json()["queued"] == 0
    seed_plan.refresh_from_db()
    assert not seed_plan.github_source_due


def test_an_unchanged_file_prepares_nothing(handbook, seed_plan):
    output = run("import_plan", from_github=FILE_URL, slug=seed_plan.slug)
    assert "already up to date" in output
    assert not PlanImport.objects.exists()


@pytest.mark.parametrize(
    "url, words",
    [
        ("https://github.com/2i2c-org/team-compass/blob/main/missing.md", "was not found on GitHub"),
        ("https://example.org/plan.md", "not the URL of a file on GitHub"),
    ],
)
def test_a_bad_source_is_said_in_plain_words(handbook, url, words):
    with pytest.raises(CommandError, match=words):
        run("import_plan", from_github=url)
    assert not PlanImport.objects.exists()


def test_a_file_that_is_not_a_plan_is_refused_with_its_line(db, fake_github):
    fake_github.add_file("o", "r", "plan.md", "main", "no heading here\n")
    with pytest.raises(CommandError, match="line 1"):
        run("import_plan", from_github="https://github.com/o/r/blob/main/plan.md")


def test_the_plan_admin_refuses_a_source_that_is_not_a_github_file(client, world):
    from tests.roles import form_data

    client.force_login(world["founder"])
    plan = world["plan"]
    data = form_data(client.get(admin_url(plan)), "plan_form")
    data["github_source"] = "https://example.org/plan.md"

    response = client.post(admin_url(plan), data)

    assert response.status_code == 200
    assert "This is not the URL of a file on GitHub" in response.content.decode()


def test_relative_links_in_a_file_from_github_point_into_its_repository(handbook):
    run("import_plan", from_github=FILE_URL, slug="bootstrap")

    text = PlanImport.objects.get().text
    assert "https://github.com/2i2c-org/team-compass/blob/main/projects/index.md" in text
    assert "](../projects/index.md)" not in text
