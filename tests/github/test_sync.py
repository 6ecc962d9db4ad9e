"""`manage.py sync_github` against the local GitHub: link values, evidence once each, progress from
GitHub, conditional requests, a failure that keeps the last values, the rate limit, claims."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from goals.github.client import MAX_PAGES, GitHub
from goals.github.sync import sync_links
from goals.models import Evidence, GitHubLink, Objective
from tests.factories import ObjectiveFactory
from tests.github import fake_github as fake_github_module

pytestmark = pytest.mark.integration

MERGED = "2026-03-02T10:00:00Z"


def sync(**options):
    out = StringIO()
    call_command("sync_github", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def objective(world):
    objective = world["objective"]
    objective.progress_source = Objective.ProgressSource.GITHUB
    objective.save()
    return objective


def link(objective, url):
    return GitHubLink.objects.create(objective=objective, url=url)


def site_day(github_time):
    """The day of a GitHub time (UTC) where the site is, as evidence is dated: 10:00 UTC is already
    the next day in Kiritimati (UTC+14), 09:00 UTC still the day before in Pago Pago (UTC-11)."""
    return timezone.localdate(datetime.fromisoformat(github_time)).isoformat()


@pytest.fixture
def repository(fake_github):
    """An issue closed, one open, a merged pull request, and a milestone with 1 of 3 issues closed."""
    fake_github.add_issue("o", "r", 1, title="Closed issue", state="closed", author="ada", closed_at=MERGED)
    fake_github.add_issue("o", "r", 2, title="Open issue")
    fake_github.add_pull("o", "r", 3, title="Add the hub", merged_at=MERGED, author="grace")
    fake_github.add_milestone("o", "r", 4, title="Launch")
    fake_github.add_issue("o", "r", 10, title="M closed", state="closed", closed_at=MERGED, milestone=4)
    fake_github.add_issue("o", "r", 11, title="M open 1", milestone=4)
    fake_github.add_issue("o", "r", 12, title="M open 2", milestone=4)
    return fake_github


def test_a_sync_reads_each_link_and_records_evidence_once(objective, repository):
    for path in ["issues/1", "issues/2", "pull/3", "milestone/4"]:
        link(objective, f"https://github.com/o/r/{path}")

    output = sync()

    states = dict(GitHubLink.objects.values_list("number", "state"))
    assert states == {1: "closed", 2: "open", 3: "merged", 4: "open"}
    assert all(GitHubLink.objects.values_list("read_at", flat=True))
    evidence = Evidence.objects.filter(from_github=True).order_by("url")
    merged_on = site_day(MERGED)
    assert [(e.url, e.title, e.happened_on.isoformat()) for e in evidence] == [
        ("https://github.com/o/r/issues/1", "Closed: Closed issue", merged_on),
        ("https://github.com/o/r/issues/10", "Closed: M closed", merged_on),
        ("https://github.com/o/r/pull/3", "Merged: Add the hub", merged_on),
    ]
    assert "@grace" in evidence.get(url__endswith="pull/3").summary
    assert "3 evidence added" in output

    sync()  # a rerun records nothing twice
    assert Evidence.objects.filter(from_github=True).count() == 3


def test_progress_from_github_is_the_share_of_linked_items_done(objective, repository):
    for path in ["issues/1", "issues/2", "pull/3", "milestone/4"]:
        link(objective, f"https://github.com/o/r/{path}")

    sync()

    objective.refresh_from_db()
    # issue 1 done of 1, issue 2 of 1, the pull request 1 of 1, the milestone 1 of 3: 3 of 6
    assert objective.progress == 50
    assert objective.standing().progress == 50


def test_an_objective_with_another_source_keeps_its_progress(world, repository):
    objective = world["objective"]  # derived from status: not started, 0
    link(objective, "https://github.com/o/r/issues/1")

    sync()

    objective.refresh_from_db()
    assert (objective.progress_source, objective.progress) == ("status", 0)


def test_a_parent_issue_counts_its_sub_issues(objective, fake_github):
    fake_github.add_issue("o", "r", 20, title="Epic")
    fake_github.add_sub_issue("o", "r", 20, 21, title="Part one", state="closed", closed_at=MERGED)
    fake_github.add_sub_issue("o", "r", 20, 22, title="Part two")
    fake_github.add_sub_issue("o", "r", 20, 23, title="Part three")
    fake_github.add_sub_issue("o", "r", 20, 24, title="Part four", state="closed", closed_at=MERGED)
    epic = link(objective, "https://github.com/o/r/issues/20")

    sync()

    epic.refresh_from_db()
    objective.refresh_from_db()
    assert (epic.done_count, epic.total_count, objective.progress) == (2, 4, 50)
    assert sorted(Evidence.objects.values_list("title", flat=True).filter(from_github=True)) == [
        "Closed: Part four",
        "Closed: Part one",
    ]
    assert len(fake_github.requests_to("/sub_issues")) == 1


def test_a_project_item_reads_its_status_over_graphql(objective, fake_github):
    fake_github.page_size = 1  # the item is on the second page of the project's items
    fake_github.add_project_item("2i2c-org", 5, 100, status="In progress", content={"title": "Other"})
    content = {
        "__typename": "Issue",
        "title": "Hub for X",
        "url": "https://github.com/o/r/issues/9",
        "state": "OPEN",
    }
    fake_github.add_project_item("2i2c-org", 5, 200, status="Done", content=content)
    item = link(objective, "https://github.com/orgs/2i2c-org/projects/5/views/1?pane=issue&itemId=200")

    sync()

    item.refresh_from_db()
    objective.refresh_from_db()
    assert (item.title, item.state, item.counts, objective.progress) == ("Hub for X", "Done", (1, 1), 100)
    assert len(fake_github.requests_to("/graphql")) == 2


def test_unchanged_items_are_answered_304_and_cost_no_rate_limit(objective, repository):
    for path in ["issues/1", "issues/2", "pull/3", "milestone/4"]:
        link(objective, f"https://github.com/o/r/{path}")

    first = sync()
    requests_first = len(repository.log)
    second = sync()

    # 1 repository read + 4 items + the milestone's closed issues = 6 requests each run
    assert requests_first == 6
    assert len(repository.log) - requests_first == 6
    assert "6 request(s) to GitHub, 0 answered 304" in first
    assert "6 request(s) to GitHub, 6 answered 304" in second
    assert Evidence.objects.filter(from_github=True).count() == 3


def test_a_change_on_github_is_read_at_the_next_sync(objective, repository):
    issue = link(objective, "https://github.com/o/r/issues/2")
    sync()
    closed_at = "2026-04-01T09:00:00Z"
    repository.issues[("o", "r", 2)].update(state="closed", closed_at=closed_at)

    sync()

    issue.refresh_from_db()
    objective.refresh_from_db()
    assert (issue.state, objective.progress) == ("closed", 100)
    assert Evidence.objects.get(from_github=True).happened_on.isoformat() == site_day(closed_at)


def test_a_deleted_repository_marks_the_link_failed_and_keeps_its_values(client, objective, repository):
    issue = link(objective, "https://github.com/o/r/issues/1")
    sync()
    issue.refresh_from_db()
    read_at = issue.read_at
    repository.delete_repo("o", "r")

    output = sync()

    issue.refresh_from_db()
    objective.refresh_from_db()
    assert (issue.state, issue.counts, issue.read_at, objective.progress) == ("closed", (1, 1), read_at, 100)
    assert issue.failure.startswith("The repository o/r was not found on GitHub")
    assert issue.failure in output
    page = client.get(objective.get_absolute_url()).content.decode()
    assert f"not updated since {timezone.localdate(read_at):%-d %B %Y}" in page


def test_the_rate_limit_stops_the_run_and_says_when_it_can_resume(objective, repository):
    first = link(objective, "https://github.com/o/r/issues/1")
    second = link(objective, "https://github.com/o/r/issues/2")
    repository.rate_limited = True

    with pytest.raises(CommandError, match="run again after 2030-01-01 00:00 UTC"):
        sync()

    assert len(repository.log) == 1  # stopped at the first refusal
    for each in (first, second):
        each.refresh_from_db()
        assert (each.state, each.read_at, each.failure, each.claimed_until) == ("", None, "", None)


def test_a_dry_run_reads_and_writes_nothing(objective, repository):
    issue = link(objective, "https://github.com/o/r/issues/1")

    output = sync(dry_run=True)

    issue.refresh_from_db()
    assert (issue.state, issue.read_at) == ("", None)
    assert not Evidence.objects.filter(from_github=True).exists()
    assert "https://github.com/o/r/issues/1: closed" in output


def test_a_link_claimed_by_another_run_is_left_to_it(objective, repository):
    issue = link(objective, "https://github.com/o/r/issues/1")
    GitHubLink.objects.filter(pk=issue.pk).update(claimed_until=timezone.now() + timedelta(minutes=5))

    report = sync_links(GitHubLink.objects.all(), client=GitHub())

    assert (report.read, report.skipped, len(repository.log)) == (0, 1, 0)


def test_an_abandoned_claim_is_taken_over(objective, repository):
    issue = link(objective, "https://github.com/o/r/issues/1")
    GitHubLink.objects.filter(pk=issue.pk).update(claimed_until=timezone.now() - timedelta(minutes=1))

    report = sync_links(GitHubLink.objects.all(), client=GitHub())

    assert report.read == 1


def test_the_same_item_from_two_links_is_evidence_once(objective, repository):
    link(objective, "https://github.com/o/r/issues/10")
    link(objective, "https://github.com/o/r/milestone/4")

    sync()

    assert list(Evidence.objects.filter(from_github=True).values_list("url", flat=True)) == [
        "https://github.com/o/r/issues/10"
    ]


def test_a_private_repository_gives_internal_evidence_and_no_public_title(client, objective, fake_github):
    fake_github.add_repo("o", "secret", private=True)
    fake_github.add_pull("o", "secret", 1, title="Secret deal", merged_at=MERGED)
    link(objective, "https://github.com/o/secret/pull/1")

    sync()

    assert Evidence.objects.get(from_github=True).visibility == "internal"
    assert "Secret deal" not in client.get(objective.get_absolute_url()).content.decode()


def test_a_queued_run_reads_only_what_a_delivery_asked_for(objective, repository):
    queued = link(objective, "https://github.com/o/r/issues/1")
    other = link(objective, "https://github.com/o/r/issues/2")
    GitHubLink.objects.filter(pk=queued.pk).update(sync_requested_at=timezone.now() - timedelta(seconds=1))

    sync(queued=True)

    queued.refresh_from_db()
    other.refresh_from_db()
    assert (queued.state, queued.sync_requested_at, other.state) == ("closed", None, "")


def test_the_admin_lists_failing_links(client, world, objective, repository):
    link(objective, "https://github.com/o/r/issues/1")
    link(objective, "https://github.com/gone/away/issues/1")
    sync()
    client.force_login(world["founder"])

    failing = client.get("/admin/goals/githublink/?failing=yes").content.decode()
    objectives = client.get("/admin/goals/objective/?github=failing").content.decode()

    assert "gone/away#1" in failing and "o/r#1" not in failing
    assert "not updated since" in failing or "never read" in failing
    assert objective.statement in objectives
    assert world["my_objective"].statement not in objectives


def test_an_objective_without_links_has_no_progress_from_github(world):
    objective = ObjectiveFactory(goal=world["goal"], progress_source=Objective.ProgressSource.GITHUB)
    assert objective.progress == 0
    assert objective.github_source()["total"] == 0


@pytest.mark.parametrize(
    "change",
    [
        {"state": None},
        {"title": {"html": "<b>"}},
        {"sub_issues_summary": {"total": "3", "completed": "1"}},
        {"state": "closed", "user": None, "html_url": None},
    ],
    ids=["null-state", "object-title", "string-counts", "null-user-and-url"],
)
def test_an_answer_of_an_unexpected_shape_fails_that_link_only(objective, repository, change):
    odd = link(objective, "https://github.com/o/r/issues/2")
    fine = link(objective, "https://github.com/o/r/issues/1")
    repository.issues[("o", "r", 2)].update(change)

    output = sync()

    odd.refresh_from_db()
    fine.refresh_from_db()
    assert odd.failure == "GitHub answered in a shape this site does not read."
    assert odd.failure in output
    assert (odd.read_at, fine.state, fine.failure) == (None, "closed", "")
    assert not Evidence.objects.filter(url__contains="issues/2").exists()


def test_a_milestone_without_a_title_fails_in_plain_words(objective, repository):
    milestone = link(objective, "https://github.com/o/r/milestone/4")
    repository.milestones[("o", "r", 4)]["title"] = None
    sync()
    milestone.refresh_from_db()
    assert milestone.failure == "GitHub answered in a shape this site does not read."


def test_a_repository_answer_that_is_not_an_object_fails_the_link(objective, repository, monkeypatch):
    issue = link(objective, "https://github.com/o/r/issues/1")
    real_rest = repository._rest
    monkeypatch.setattr(
        repository,
        "_rest",
        lambda o, r, rest, q: (200, ["not", "a", "repo"], False) if not rest else real_rest(o, r, rest, q),
    )
    sync()
    issue.refresh_from_db()
    assert issue.failure == "GitHub answered in a shape this site does not read."


def test_a_sub_issue_in_a_private_repository_is_internal_evidence(client, objective, fake_github):
    fake_github.add_issue("o", "r", 20, title="Public epic")
    fake_github.add_repo("o", "secret", private=True)
    fake_github.add_sub_issue("o", "r", 20, 21, title="Public part", state="closed", closed_at=MERGED)
    # GitHub lets a parent issue have sub-issues in another repository of its organization.
    secret = fake_github.add_issue("o", "secret", 5, title="Secret part", state="closed", closed_at=MERGED)
    fake_github.sub_issues[("o", "r", 20)].append(5)
    fake_github.issues[("o", "r", 5)] = secret
    for issue in fake_github.issues.values():
        owner, repo = issue["html_url"].split("/")[3:5]
        issue["repository_url"] = f"{fake_github.url}/repos/{owner}/{repo}"
    link(objective, "https://github.com/o/r/issues/20")

    sync()

    visibility = dict(Evidence.objects.filter(from_github=True).values_list("title", "visibility"))
    assert visibility == {"Closed: Public part": "public", "Closed: Secret part": "internal"}
    assert "Secret part" not in client.get(objective.get_absolute_url()).content.decode()


def test_a_public_projects_item_from_a_private_repository_stays_off_public_pages(
    client, objective, fake_github
):
    content = {
        "__typename": "PullRequest",
        "title": "Secret contract",
        "url": "https://github.com/o/secret/pull/3",
        "state": "MERGED",
        "merged": True,
        "mergedAt": MERGED,
        "repository": {"isPrivate": True},
    }
    fake_github.add_project_item("2i2c-org", 5, 300, status="Done", content=content, public=True)
    item = link(objective, "https://github.com/orgs/2i2c-org/projects/5/views/1?pane=issue&itemId=300")

    sync()

    item.refresh_from_db()
    assert item.is_private
    assert Evidence.objects.get(from_github=True).visibility == "internal"
    assert "Secret contract" not in client.get(objective.get_absolute_url()).content.decode()


def test_titles_and_logins_from_github_are_escaped_on_the_page(client, objective, fake_github):
    fake_github.add_pull(
        "o",
        "r",
        1,
        title='<script>alert("t")</script>',
        merged_at=MERGED,
        author="<img src=x onerror=alert(1)>",
    )
    link(objective, "https://github.com/o/r/pull/1")

    sync()

    page = client.get(objective.get_absolute_url()).content.decode()
    assert '<script>alert("t")</script>' not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("cursors", "requests"), [("new", MAX_PAGES), ("repeated", 2)], ids=["new cursors", "one cursor"]
)
def test_a_project_whose_pages_never_end_fails_that_link(
    objective, fake_github, monkeypatch, cursors, requests
):
    # A hostile or broken answer: every page says there is another, with a new cursor each time
    # (read until MAX_PAGES) or the same one (a loop, seen on the second page).
    pages = iter(range(10**6))

    def endless(request):
        cursor = str(next(pages)) if cursors == "new" else "same"
        project = {"public": True, "title": "Roadmap", "items": {"nodes": [], "pageInfo": {
            "hasNextPage": True, "endCursor": cursor}}}  # fmt: skip
        return {"data": {"organization": {"projectV2": project}}}

    monkeypatch.setattr(fake_github, "_graphql", endless)
    endless_item = link(objective, "https://github.com/orgs/2i2c-org/projects/5/views/1?pane=issue&itemId=1")
    fake_github.add_issue("o", "r", 2, title="Open issue")
    issue = link(objective, "https://github.com/o/r/issues/2")

    sync()

    endless_item.refresh_from_db()
    issue.refresh_from_db()
    assert len(fake_github.requests_to("/graphql")) == requests
    assert "more than 50 pages of items, or pages that repeat" in endless_item.failure
    assert (issue.title, issue.failure) == ("Open issue", "")  # the run went on


@pytest.mark.parametrize("reset", ["99999999999999999999", "-5"])
def test_a_rate_limit_with_a_reset_time_out_of_range_still_stops_in_plain_words(
    objective, repository, monkeypatch, reset
):
    link(objective, "https://github.com/o/r/issues/1")
    repository.rate_limited = True
    monkeypatch.setattr(fake_github_module, "RESET_AT", reset)

    with pytest.raises(CommandError, match="run again after"):
        sync()


def test_it_dates_github_evidence_in_the_sites_time_zone(settings, objective, fake_github):
    # 23:30 in UTC is already the next day in Kiritimati (UTC+14): the date on the evidence and the
    # date in its summary are the same, the site's day, not one of them UTC's.
    settings.TIME_ZONE = "Pacific/Kiritimati"
    fake_github.add_pull("o", "r", 7, title="Late merge", merged_at="2026-03-02T23:30:00Z", author="grace")
    link(objective, "https://github.com/o/r/pull/7")

    sync()

    evidence = Evidence.objects.get(from_github=True)
    assert evidence.happened_on.isoformat() == "2026-03-03"
    assert evidence.summary == "Pull request by @grace on GitHub, 2026-03-03."
    assert "2026-03-02" not in evidence.summary
