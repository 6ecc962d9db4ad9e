"""GITHUB_REPOSITORIES: which repositories objectives may link. Outside it a link is refused, on
/me/ and in the admin, and a stored one is not read; while it is empty, owners who are not founders
may link only while the site has no GITHUB_TOKEN (GitHub then shows it nothing private)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from goals.models import Evidence, GitHubLink
from goals.models.github_urls import is_within_repositories
from tests.roles import admin_url, form_data

pytestmark = pytest.mark.integration

OUTSIDE = (
    "This site links only to the GitHub repositories 2i2c-org/infrastructure, and %s is not one of them. "
    "A founder can add it to the GITHUB_REPOSITORIES setting."
)
FOUNDERS_ONLY = (
    "Only founders can link GitHub items until the site names the repositories it may read "
    "(the GITHUB_REPOSITORIES setting): ask a founder to link it, or to set it."
)
NOT_READ = "Not read: its repository is not one of those the site may link (the GITHUB_REPOSITORIES setting)."
MERGED = "2026-03-02T10:00:00Z"


@pytest.mark.unit
@pytest.mark.parametrize(
    "repository, patterns, within",
    [
        ("2i2c-org/infrastructure", ["2i2c-org"], True),
        ("2i2c-org", ["2i2c-org"], True),  # a project of the organization
        ("2I2C-org/Infrastructure", ["2i2c-org/infrastructure"], True),
        ("2i2c-org/infrastructure", [" 2i2c-org/infrastructure "], True),
        ("2i2c-org/team-compass", ["2i2c-org/infrastructure"], False),
        ("2i2c-org", ["2i2c-org/infrastructure"], False),  # a repository does not take in the projects
        ("2i2c-org-evil/infrastructure", ["2i2c-org"], False),
        ("2i2c/infrastructure", ["2i2c-org"], False),
        ("other/infrastructure", ["2i2c-org/infrastructure", "other/docs"], False),
        ("other/docs", ["2i2c-org/infrastructure", "other/docs"], True),
        ("2i2c-org/infrastructure", [], False),
    ],
)
def test_it_matches_owners_and_repositories(repository, patterns, within):
    assert is_within_repositories(repository, patterns) is within


def post_on_my_page(client, objective, url):
    return client.post(
        reverse("workspace:add-github-link", args=[objective.pk]), {f"github-{objective.pk}-url": url}
    )


@pytest.mark.parametrize(
    "url, repository",
    [
        ("https://github.com/2i2c-org/team-compass/issues/3", "2i2c-org/team-compass"),
        ("https://github.com/private-org/secrets/pull/1", "private-org/secrets"),
        ("https://github.com/orgs/2i2c-org/projects/5/views/1?pane=issue&itemId=77", "2i2c-org"),
    ],
)
def test_an_owner_may_not_link_outside_the_repositories(client, world, settings, url, repository):
    settings.GITHUB_REPOSITORIES = ["2i2c-org/infrastructure"]
    client.force_login(world["owner_user"])

    response = post_on_my_page(client, world["my_objective"], url)

    assert response.status_code == 400
    assert OUTSIDE % repository in response.content.decode()
    assert not GitHubLink.objects.exists()


@pytest.mark.parametrize("patterns", [["2i2c-org/infrastructure"], ["2i2c-org"], ["other", "2I2C-ORG"]])
def test_an_owner_links_inside_the_repositories(client, world, settings, patterns):
    settings.GITHUB_REPOSITORIES = patterns
    settings.GITHUB_TOKEN = "a-token-that-reads-private-repositories"
    client.force_login(world["owner_user"])

    response = post_on_my_page(
        client, world["my_objective"], "https://github.com/2i2c-org/infrastructure/issues/12"
    )

    assert response.status_code == 302
    assert list(GitHubLink.objects.values_list("owner", "repo", "number")) == [
        ("2i2c-org", "infrastructure", 12)
    ]


def test_without_repositories_an_owner_may_not_link_while_the_site_has_a_token(client, world, settings):
    settings.GITHUB_REPOSITORIES = []
    settings.GITHUB_TOKEN = "a-token-that-reads-private-repositories"
    client.force_login(world["owner_user"])

    response = post_on_my_page(
        client, world["my_objective"], "https://github.com/private-org/secrets/issues/1"
    )

    assert response.status_code == 400
    assert FOUNDERS_ONLY in response.content.decode()
    assert not GitHubLink.objects.exists()


def test_without_repositories_or_a_token_an_owner_links_any_repository(client, world, settings):
    settings.GITHUB_REPOSITORIES = []
    settings.GITHUB_TOKEN = ""
    client.force_login(world["owner_user"])

    response = post_on_my_page(client, world["my_objective"], "https://github.com/anyone/anything/issues/1")

    assert response.status_code == 302
    assert GitHubLink.objects.count() == 1


def post_inline(client, objective, url):
    data = form_data(client.get(admin_url(objective)), "objective_form")
    data.update(
        {
            "github_links-TOTAL_FORMS": "1",
            "github_links-0-url": url,
            "github_links-0-objective": str(objective.pk),
        }
    )
    return client.post(admin_url(objective), data)


def test_the_admin_refuses_a_founders_link_outside_the_repositories(client, world, settings):
    settings.GITHUB_REPOSITORIES = ["2i2c-org/infrastructure"]
    client.force_login(world["founder"])

    inline = post_inline(client, world["objective"], "https://github.com/private-org/secrets/issues/1")
    alone = client.post(
        reverse("admin:goals_githublink_add"),
        {"objective": world["objective"].pk, "url": "https://github.com/private-org/secrets/issues/2"},
    )

    assert (inline.status_code, alone.status_code) == (200, 200)
    assert OUTSIDE % "private-org/secrets" in inline.content.decode()
    assert OUTSIDE % "private-org/secrets" in alone.content.decode()
    assert not GitHubLink.objects.exists()


def test_the_admin_takes_a_founders_link_inside_the_repositories_or_any_while_there_are_none(
    client, world, settings
):
    settings.GITHUB_TOKEN = "a-token-that-reads-private-repositories"
    client.force_login(world["founder"])

    settings.GITHUB_REPOSITORIES = ["2i2c-org/infrastructure"]
    inside = post_inline(client, world["objective"], "https://github.com/2i2c-org/infrastructure/issues/1")
    settings.GITHUB_REPOSITORIES = []
    unlisted = post_inline(client, world["my_objective"], "https://github.com/private-org/secrets/issues/1")

    assert (inside.status_code, unlisted.status_code) == (302, 302)
    assert sorted(GitHubLink.objects.values_list("repo", flat=True)) == ["infrastructure", "secrets"]


def test_a_stored_link_outside_the_repositories_is_not_read(client, world, settings, fake_github):
    fake_github.add_repo("private-org", "secrets", private=True)
    fake_github.add_issue("private-org", "secrets", 1, title="Secret plan", state="closed", closed_at=MERGED)
    fake_github.add_issue("o", "r", 2, title="Public work", state="closed", closed_at=MERGED)
    objective = world["my_objective"]
    stored = GitHubLink.objects.create(
        objective=objective, url="https://github.com/private-org/secrets/issues/1"
    )
    GitHubLink.objects.filter(pk=stored.pk).update(title="Secret plan")  # read before the setting was set
    inside = GitHubLink.objects.create(objective=objective, url="https://github.com/o/r/issues/2")
    settings.GITHUB_REPOSITORIES = ["o/r"]

    out = StringIO()
    call_command("sync_github", stdout=out)

    stored.refresh_from_db()
    inside.refresh_from_db()
    assert (stored.failure, stored.title, stored.read_at) == (NOT_READ, "", None)
    assert (inside.failure, inside.title) == ("", "Public work")
    assert fake_github.requests_to("private-org") == []
    assert list(Evidence.objects.filter(from_github=True).values_list("url", flat=True)) == [
        "https://github.com/o/r/issues/2"
    ]
    assert f"https://github.com/private-org/secrets/issues/1: {NOT_READ}" in out.getvalue()
    client.force_login(world["owner_user"])
    assert "Secret plan" not in client.get(reverse("workspace:mine")).content.decode()
    client.force_login(world["founder"])
    failing = client.get(reverse("admin:goals_githublink_changelist"), {"failing": "yes"}).content.decode()
    assert f"never read: {NOT_READ}" in failing


def test_a_sub_issue_outside_the_repositories_records_no_evidence(world, settings, fake_github):
    fake_github.add_issue("o", "r", 20, title="Epic")
    fake_github.add_sub_issue("o", "r", 20, 21, title="Inside part", state="closed", closed_at=MERGED)
    secret = fake_github.add_issue("o", "secret", 5, title="Secret part", state="closed", closed_at=MERGED)
    fake_github.add_repo("o", "secret", private=True)
    fake_github.sub_issues[("o", "r", 20)].append(5)
    fake_github.issues[("o", "r", 5)] = secret
    for issue in fake_github.issues.values():
        owner, repo = issue["html_url"].split("/")[3:5]
        issue["repository_url"] = f"{fake_github.url}/repos/{owner}/{repo}"
    GitHubLink.objects.create(objective=world["my_objective"], url="https://github.com/o/r/issues/20")
    settings.GITHUB_REPOSITORIES = ["o/r"]

    call_command("sync_github", stdout=StringIO())

    titles = list(Evidence.objects.filter(from_github=True).values_list("title", flat=True))
    assert titles == ["Closed: Inside part"]
