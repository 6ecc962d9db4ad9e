"""Linking objectives to GitHub: the URLs that name an item, the owners' page, the admin inline and
the objective page with each link's state and when it was read."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goals.models import GitHubLink
from goals.models.github_urls import parse_github_file_url, parse_github_url
from tests.roles import admin_url, form_data

NOT_GITHUB = "This is not a GitHub issue, pull request, milestone or project item URL."


@pytest.mark.unit
@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://github.com/2i2c-org/infrastructure/issues/12",
            ("issue", "2i2c-org", "infrastructure", 12, None),
        ),
        (
            "https://github.com/2i2c-org/infrastructure/pull/7/files",
            ("pull", "2i2c-org", "infrastructure", 7, None),
        ),
        ("https://github.com/o/r/milestone/3", ("milestone", "o", "r", 3, None)),
        ("  https://github.com/o/r.js/issues/1  ", ("issue", "o", "r.js", 1, None)),
        (
            "https://github.com/orgs/2i2c-org/projects/57/views/1?pane=issue&itemId=8812",
            ("project_item", "2i2c-org", "orgs", 57, 8812),
        ),
        (
            "https://github.com/users/ada/projects/2?pane=issue&itemId=5",
            ("project_item", "ada", "users", 2, 5),
        ),
    ],
)
def test_it_reads_what_a_url_names(url, expected):
    item = parse_github_url(url)
    assert (item.kind, item.owner, item.repo, item.number, item.item_id) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "https://gitlab.com/o/r/issues/1",
        "https://github.com.evil.example/o/r/issues/1",
        "https://github.com/o/r",
        "https://github.com/o/r/issues",
        "https://github.com/o/r/issues/abc",
        "https://github.com/o/r/commit/abc123",
        "https://github.com/orgs/o/projects/5",  # a whole project, not one item
        "https://github.com/orgs/o/projects/5?itemId=x",
        "ftp://github.com/o/r/issues/1",
        "https://github.com/o/r/issues/99999999999",
        # A browser reads a backslash as a slash: this one opens evil.example.
        "https://evil.example\\@github.com/o/r/issues/1",
        "https://evil.example@github.com/o/r/issues/1",
        "https://github.com:8443/o/r/issues/1",
        "https://g\u0456thub.com/o/r/issues/1",  # a Cyrillic i
        "javascript:alert(1)//github.com/o/r/issues/1",
    ],
)
def test_it_refuses_other_urls_in_plain_words(url):
    with pytest.raises(ValidationError) as error:
        parse_github_url(url)
    assert error.value.messages == [NOT_GITHUB]


@pytest.mark.unit
@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example\\@github.com/o/r/blob/main/plan.md",
        "https://github.com:8443/o/r/blob/main/plan.md",
    ],
)
def test_it_refuses_a_file_url_on_another_host(url):
    with pytest.raises(ValidationError):
        parse_github_file_url(url)


def test_it_reads_a_repository_file_url():
    file = parse_github_file_url("https://github.com/2i2c-org/team-compass/blob/main/strategy/plan.md")
    assert (file.owner, file.repo, file.ref, file.path) == (
        "2i2c-org",
        "team-compass",
        "main",
        "strategy/plan.md",
    )
    for bad in ["https://github.com/o/r/tree/main/x.md", "https://github.com/o/r/blob/main/../x.md"]:
        with pytest.raises(ValidationError):
            parse_github_file_url(bad)


pytestmark = pytest.mark.integration


def test_an_owner_links_their_objective_on_their_page(client, world):
    client.force_login(world["owner_user"])
    objective = world["my_objective"]
    url = "https://github.com/2i2c-org/infrastructure/issues/12"

    response = client.post(
        reverse("workspace:add-github-link", args=[objective.pk]), {f"github-{objective.pk}-url": url}
    )

    assert response.status_code == 302
    link = GitHubLink.objects.get()
    assert (link.objective, link.kind, link.owner, link.repo, link.number) == (
        objective,
        "issue",
        "2i2c-org",
        "infrastructure",
        12,
    )
    page = client.get(reverse("workspace:mine"))
    assert "2i2c-org/infrastructure#12" in page.content.decode()
    assert "not read from GitHub yet" in page.content.decode()


def test_an_owner_may_not_link_someone_elses_objective(client, world):
    client.force_login(world["owner_user"])
    theirs = world["objective"]

    response = client.post(
        reverse("workspace:add-github-link", args=[theirs.pk]),
        {f"github-{theirs.pk}-url": "https://github.com/o/r/issues/1"},
    )

    assert response.status_code == 403
    assert not GitHubLink.objects.exists()


@pytest.mark.parametrize(
    "url, words",
    [
        ("https://example.org/x", NOT_GITHUB),
        ("https://github.com/o/r/tree/main", NOT_GITHUB),
        ("", "This field is required."),
    ],
)
def test_a_bad_url_is_refused_in_plain_words(client, world, url, words):
    client.force_login(world["owner_user"])
    objective = world["my_objective"]

    response = client.post(
        reverse("workspace:add-github-link", args=[objective.pk]), {f"github-{objective.pk}-url": url}
    )

    assert response.status_code == 400
    assert words in response.content.decode()
    assert not GitHubLink.objects.exists()


def test_the_same_url_twice_is_refused(client, world):
    client.force_login(world["owner_user"])
    objective = world["my_objective"]
    GitHubLink.objects.create(objective=objective, url="https://github.com/o/r/issues/1")

    response = client.post(
        reverse("workspace:add-github-link", args=[objective.pk]),
        {f"github-{objective.pk}-url": "https://github.com/o/r/issues/1"},
    )

    assert response.status_code == 400
    assert "already linked to that URL" in response.content.decode()
    assert GitHubLink.objects.count() == 1


def test_an_owner_unlinks_only_their_own(client, world):
    mine = GitHubLink.objects.create(objective=world["my_objective"], url="https://github.com/o/r/issues/1")
    theirs = GitHubLink.objects.create(objective=world["objective"], url="https://github.com/o/r/issues/2")
    client.force_login(world["owner_user"])

    assert client.post(reverse("workspace:remove-github-link", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("workspace:remove-github-link", args=[mine.pk])).status_code == 302
    assert list(GitHubLink.objects.all()) == [theirs]


def test_a_founder_links_in_the_admin_inline(client, world):
    client.force_login(world["founder"])
    objective = world["objective"]
    page = client.get(admin_url(objective))
    data = form_data(page, "objective_form")
    data.update(
        {
            "github_links-TOTAL_FORMS": "1",
            "github_links-0-url": "https://github.com/o/r/milestone/4",
            "github_links-0-objective": str(objective.pk),
        }
    )

    response = client.post(admin_url(objective), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(GitHubLink.objects.values_list("kind", "number")) == [("milestone", 4)]


def test_the_admin_inline_refuses_a_bad_url_in_plain_words(client, world):
    client.force_login(world["founder"])
    objective = world["objective"]
    data = form_data(client.get(admin_url(objective)), "objective_form")
    data.update({"github_links-TOTAL_FORMS": "1", "github_links-0-url": "https://example.org/nope"})

    response = client.post(admin_url(objective), data)

    assert response.status_code == 200
    assert NOT_GITHUB in response.content.decode()
    assert not GitHubLink.objects.exists()


def test_the_objective_page_shows_each_link_with_its_state_and_when_it_was_read(client, world):
    objective = world["objective"]
    read = timezone.make_aware(datetime(2026, 3, 4, 12))  # noon on 4 March where the site is
    GitHubLink.objects.create(
        objective=objective,
        url="https://github.com/o/r/pull/5",
        title="Add the hub",
        state="merged",
        done_count=1,
        total_count=1,
        read_at=read,
    )
    GitHubLink.objects.create(
        objective=objective,
        url="https://github.com/o/r/issues/6",
        title="Broken hub",
        state="open",
        read_at=read,
        failure="The repository o/r was not found on GitHub (deleted, renamed or private).",
    )

    page = client.get(objective.get_absolute_url()).content.decode()

    assert "Add the hub" in page and "merged" in page
    assert "read from GitHub on 4 March 2026" in page
    assert "not updated since 4 March 2026" in page


@pytest.mark.parametrize("links", [1, 3])
def test_the_objective_page_reads_its_links_in_one_query(client, world, django_assert_num_queries, links):
    objective = world["objective"]
    for number in range(links):
        GitHubLink.objects.create(objective=objective, url=f"https://github.com/o/r/issues/{number + 1}")
    url = objective.get_absolute_url()

    # content version, objective with goal, plan and key result, owners, evidence, check-ins, links
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()

    assert page.count('class="github-link"') == links


@pytest.mark.parametrize("links", [1, 3])
def test_the_owners_page_reads_links_in_one_query(client, world, django_assert_num_queries, links):
    for number in range(links):
        GitHubLink.objects.create(
            objective=world["my_objective"], url=f"https://github.com/o/r/issues/{number + 1}"
        )
    client.force_login(world["owner_user"])
    client.get(reverse("workspace:mine"))  # the session and the user, read once

    # session, user, their owner, objectives with standing, key results, GitHub links
    with django_assert_num_queries(6):
        page = client.get(reverse("workspace:mine")).content.decode()

    assert page.count('class="github-link"') == links


def test_the_same_url_posted_twice_at_once_is_refused_not_a_500(client, world, monkeypatch):
    from goals.workspace.forms import GitHubLinkForm

    client.force_login(world["owner_user"])
    objective = world["my_objective"]
    url = "https://github.com/o/r/issues/1"
    # The other request saved its link after this one's form checked for it.
    monkeypatch.setattr(GitHubLinkForm, "clean_url", lambda form: form.cleaned_data["url"])
    GitHubLink.objects.create(objective=objective, url=url)

    response = client.post(
        reverse("workspace:add-github-link", args=[objective.pk]), {f"github-{objective.pk}-url": url}
    )

    assert response.status_code == 400
    assert "This objective is already linked to that URL." in response.content.decode()
    assert GitHubLink.objects.count() == 1
