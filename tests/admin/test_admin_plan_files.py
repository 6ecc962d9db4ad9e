"""A plan's Markdown in the admin: a file uploaded as the same dry run a file on GitHub makes (its
changes shown, then confirmed or discarded), and a plan downloaded as `export_plan` writes it."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from goals.models import Goal, Objective, Plan, PlanImport
from tests.factories import PlanFactory, UserFactory
from tests.roles import admin_url, make_role_user

pytestmark = pytest.mark.integration

IMPORT_URL = "/admin/goals/plan/import/"
MAX_BYTES = 1_000_000  # the limit the form states: 1 MB
# Line 7 is where the file says why instead of "**Rationale:**".
BAD_PLAN = """# Plan 2030

The objectives should be accomplished by **31 December 2030**.

## Grow the community

Rationale without the bold label.

**Objectives:**

- More people join.
"""
BAD_PLAN_ERROR = "name.md:7: expected “**Rationale:**” under the goal “Grow the community”"


def upload(client, content, *, name="strategy.md", slug="", url=IMPORT_URL):
    data = content.encode() if isinstance(content, str) else content
    return client.post(url, {"file": SimpleUploadedFile(name, data), "slug": slug})


def shown_changes(client, plan_import):
    """The fingerprint of the changes the import's page showed (a hidden field of its form)."""
    page = client.get(admin_url(plan_import)).content.decode()
    return re.search(r'name="changes" value="([0-9a-f]+)"', page).group(1)


def confirm(client, plan_import, digest=None):
    return client.post(
        reverse("admin:goals_planimport_decide", args=[plan_import.pk]),
        {"decision": "confirm", "changes": digest or shown_changes(client, plan_import)},
        follow=True,
    )


def export_command(slug):
    out = StringIO()
    call_command("export_plan", slug, stdout=out)
    return out.getvalue().encode()


@pytest.fixture
def founder(roles):
    return make_role_user("founder", "fiona")


@pytest.fixture
def founder_client(client, founder):
    client.force_login(founder)
    return client


def test_it_shows_the_changes_of_an_uploaded_file_then_imports_it_on_confirmation(
    founder_client, founder, seed_text
):
    response = upload(founder_client, seed_text, slug="bootstrap")

    plan_import = PlanImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == admin_url(plan_import)
    page = founder_client.get(response["Location"]).content.decode()
    assert "What the import would change" in page
    assert "+ new plan" in page
    assert "Uploaded as <code>strategy.md</code> by" in page
    assert not Plan.objects.filter(slug="bootstrap").exists()  # nothing before the confirmation

    page = confirm(founder_client, plan_import).content.decode()

    plan = Plan.objects.get(slug="bootstrap")
    plan_import.refresh_from_db()
    assert "Imported “Strategy and goals”" in page
    assert Goal.objects.filter(plan=plan).count() == 3
    assert Objective.objects.filter(goal__plan=plan).count() == 15
    assert (plan_import.state, plan_import.file_name, plan_import.source_url) == (
        "confirmed",
        "strategy.md",
        "",
    )
    assert (plan_import.uploaded_by, plan_import.decided_by, plan_import.plan) == (
        founder,
        founder,
        plan,
    )


def test_it_reimports_a_file_into_the_plan_from_its_page(founder_client, seed_plan, seed_text):
    change_page = founder_client.get(admin_url(seed_plan)).content.decode()
    reimport_url = reverse("admin:goals_plan_reimport", args=[seed_plan.pk])
    assert f'href="{reimport_url}"' in change_page
    form = founder_client.get(reimport_url).content.decode()
    assert f'value="{seed_plan.slug}"' in form  # the plan's slug, filled in
    edited = seed_text.replace(
        "2i2c has a governing body and rules for governance.", "2i2c has a board and rules for governance."
    )

    response = upload(founder_client, edited, slug=seed_plan.slug, url=reimport_url)
    plan_import = PlanImport.objects.get()
    confirm(founder_client, plan_import)

    assert response["Location"] == admin_url(plan_import)
    assert plan_import.changes == [
        next(change for change in plan_import.changes if "2i2c has a board and rules" in change)
    ]
    assert Objective.objects.filter(statement="2i2c has a board and rules for governance.").count() == 1
    assert not Objective.objects.filter(statement__contains="governing body and rules").exists()
    assert Objective.objects.filter(goal__plan=seed_plan).count() == 15


def test_a_downloaded_plan_uploaded_again_changes_nothing(founder_client, seed_plan):
    Plan.objects.filter(pk=seed_plan.pk).update(status=Plan.Status.DRAFT)
    download = founder_client.get(reverse("admin:goals_plan_markdown", args=[seed_plan.pk]))

    response = upload(founder_client, download.content, name=f"{seed_plan.slug}.md", slug=seed_plan.slug)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing would change: the plan is already as the file says." in page
    assert "already up to date, nothing to import" in page
    assert PlanImport.objects.count() == 0


def test_a_plan_changed_after_the_page_showed_the_upload_is_not_overwritten(
    founder_client, seed_plan, seed_text
):
    edited = seed_text.replace("2i2c has a governing body", "2i2c has a board")
    upload(founder_client, edited, slug=seed_plan.slug)
    plan_import = PlanImport.objects.get()
    seen = shown_changes(founder_client, plan_import)
    objective = (
        Objective.objects.filter(goal__plan=seed_plan).exclude(statement__contains="governing").first()
    )
    objective.statement = "Reworded in the admin after the page was read"
    objective.save()

    page = confirm(founder_client, plan_import, seen).content.decode()

    objective.refresh_from_db()
    plan_import.refresh_from_db()
    assert objective.statement == "Reworded in the admin after the page was read"
    assert plan_import.state == "waiting"
    assert "The plan changed since this page was shown: nothing was imported." in page


def test_an_upload_replaces_the_import_still_waiting_for_the_plan(founder_client, seed_plan, seed_text):
    upload(founder_client, seed_text.replace("2i2c has a governing body", "2i2c has a board"), slug="x")
    upload(founder_client, seed_text.replace("2i2c has a governing body", "2i2c has a council"), slug="x")

    plan_import = PlanImport.objects.get()
    assert "2i2c has a council" in plan_import.text
    assert "2i2c has a board" not in plan_import.text


def test_a_bad_file_is_refused_with_its_name_and_line_as_the_command_says_it(founder_client, tmp_path):
    plans_before = Plan.objects.count()

    response = upload(founder_client, BAD_PLAN, name="name.md")

    page = response.content.decode()
    assert response.status_code == 200
    assert BAD_PLAN_ERROR in page
    assert "Nothing was stored. Correct the file and upload it again." in page
    assert (PlanImport.objects.count(), Plan.objects.count()) == (0, plans_before)
    (tmp_path / "name.md").write_text(BAD_PLAN, encoding="utf-8")
    with pytest.raises(CommandError) as command:
        call_command("import_plan", str(tmp_path / "name.md"))
    assert str(command.value) == str(tmp_path / BAD_PLAN_ERROR)


@pytest.mark.parametrize(
    "content, words",
    [
        ("# Café 2030\n".encode("latin-1"), "The file is not UTF-8 text"),
        (b"# Plan\n" + b"a" * MAX_BYTES, "The file is larger than 1 MB"),
        (b"", "The submitted file is empty."),
    ],
    ids=["not-utf-8", "too-large", "empty"],
)
def test_a_file_that_is_not_a_plan_text_is_refused_in_plain_words(founder_client, content, words):
    response = upload(founder_client, content, slug="cafe")

    page = response.content.decode()
    assert response.status_code == 200
    assert words in page
    assert "Traceback" not in page
    assert (PlanImport.objects.count(), Plan.objects.count()) == (0, 0)


def test_a_bad_slug_is_refused_in_plain_words(founder_client, seed_text):
    response = upload(founder_client, seed_text, slug="not a slug!")

    assert "Enter a valid “slug”" in response.content.decode()
    assert PlanImport.objects.count() == 0


def staff_with_plan_permissions(username="stan"):
    """Staff who may change plans by Django's model permissions, but is no founder."""
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_plan", "change_plan", "add_plan", "change_planimport"])
    )
    return user


def role_user(role):
    return staff_with_plan_permissions() if role == "staff_with_plan_permissions" else make_role_user(role)


@pytest.mark.parametrize(
    "role, may_import",
    [
        ("founder", True),
        ("superuser", True),
        ("board", False),
        ("owner", False),
        ("staff", False),
        ("staff_with_plan_permissions", False),
    ],
)
def test_only_founders_may_upload_a_plan(client, roles, seed_text, role, may_import):
    plan = PlanFactory(slug="plan-2026")
    client.force_login(role_user(role))
    reimport_url = reverse("admin:goals_plan_reimport", args=[plan.pk])

    pages = [client.get(IMPORT_URL), client.get(reimport_url)]
    posted = upload(client, seed_text, slug="bootstrap")

    assert [page.status_code for page in pages] == ([200, 200] if may_import else [403, 403])
    assert posted.status_code == (302 if may_import else 403)
    assert PlanImport.objects.exists() is may_import
    changelist = client.get(reverse("admin:goals_plan_changelist"))
    if changelist.status_code == 200:
        assert (IMPORT_URL in changelist.content.decode()) is may_import
    change_page = client.get(admin_url(plan))
    if change_page.status_code == 200:
        assert (reimport_url in change_page.content.decode()) is may_import


@pytest.mark.parametrize(
    "role, may_download",
    [
        ("founder", True),
        ("superuser", True),
        ("board", True),
        ("owner", False),
        ("staff", False),
    ],
)
def test_staff_who_may_view_the_plan_may_download_it(client, roles, role, may_download):
    plan = PlanFactory(slug="plan-2026", status=Plan.Status.DRAFT)
    client.force_login(make_role_user(role))

    response = client.get(reverse("admin:goals_plan_markdown", args=[plan.pk]))

    assert response.status_code == (200 if may_download else 403)
    if may_download:
        assert response.content == export_command("plan-2026")
        change_page = client.get(admin_url(plan)).content.decode()
        assert "Download as Markdown" in change_page


def test_the_download_is_export_plans_output_byte_for_byte(founder_client, seed_plan):
    Plan.objects.filter(pk=seed_plan.pk).update(status=Plan.Status.DRAFT)  # drafts too

    response = founder_client.get(reverse("admin:goals_plan_markdown", args=[seed_plan.pk]))

    assert response.content == export_command(seed_plan.slug)
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{seed_plan.slug}.md"'


def test_the_admin_action_downloads_the_selected_plan(founder_client, seed_plan):
    response = founder_client.post(
        reverse("admin:goals_plan_changelist"),
        {"action": "download_markdown", "_selected_action": [seed_plan.pk]},
    )

    assert response.content == export_command(seed_plan.slug)
    assert response["Content-Disposition"] == f'attachment; filename="{seed_plan.slug}.md"'


def test_the_admin_action_asks_for_one_plan_at_a_time(founder_client, seed_plan):
    other = PlanFactory(slug="other")
    response = founder_client.post(
        reverse("admin:goals_plan_changelist"),
        {"action": "download_markdown", "_selected_action": [seed_plan.pk, other.pk]},
        follow=True,
    )

    assert "Choose one plan to download." in response.content.decode()
    assert "Content-Disposition" not in response


@pytest.mark.parametrize(
    "slug, header",
    [
        ('say"hi\\', 'attachment; filename="say\\"hi\\\\.md"'),
        ("año", "attachment; filename*=utf-8''a%C3%B1o.md"),
    ],
    ids=["quote-and-backslash", "not-ascii"],
)
def test_the_file_name_is_escaped(founder_client, slug, header):
    plan = PlanFactory(slug=slug)  # written past the form's slug check

    response = founder_client.get(reverse("admin:goals_plan_markdown", args=[plan.pk]))

    assert response["Content-Disposition"] == header


def test_a_missing_plan_is_a_404(founder_client):
    pages = [
        founder_client.get(reverse("admin:goals_plan_markdown", args=[999])),
        founder_client.get(reverse("admin:goals_plan_reimport", args=[999])),
        founder_client.get("/admin/goals/plan/abc/markdown/"),
    ]

    assert [page.status_code for page in pages] == [404, 404, 404]


def test_a_relative_link_in_an_uploaded_file_is_a_warning_with_its_place(founder_client, seed_text):
    response = upload(founder_client, seed_text, slug="bootstrap")

    page = founder_client.get(response["Location"]).content.decode()
    assert "The relative link “../projects/index.md” (strategy.md:3) leads nowhere on this site" in page


def test_an_upload_that_no_longer_imports_names_its_file_and_line_on_its_page(founder_client, founder):
    plan_import = PlanImport.objects.create(
        slug="plan-2030", text=BAD_PLAN, file_name="name.md", uploaded_by=founder, changes=["+ new plan"]
    )

    page = founder_client.get(admin_url(plan_import)).content.decode()

    assert f"The file cannot be imported: {BAD_PLAN_ERROR}" in page
    assert "Confirm: import these changes" not in page


def test_an_import_names_where_its_text_came_from(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PlanImport.objects.create(slug="plan-2030", text=BAD_PLAN)
