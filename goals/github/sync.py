"""Read the linked GitHub items and bring the site in line: each link's title, state and counts,
dated evidence for merged pull requests and closed issues (once each), and the progress of
objectives that take it from GitHub. Called by `manage.py sync_github` only, never by a page.

Each link is claimed before it is read (a conditional UPDATE, as the reminders claim their
e-mails), so two runs at once read each link once; evidence is unique per objective and URL
(`evidence_from_github_once`), so a rerun or a race never records an item twice. A failed read
leaves what was read before and says why on the link ("not updated since …"). A rate limit stops
the run: what is left keeps its values and the report says when reading may resume.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals import rules
from goals.github.client import MAX_PAGES, GitHub, GitHubError, NotFound, RateLimited
from goals.models import Evidence, GitHubLink, Objective
from goals.models.github_urls import is_within_repositories

CLAIM_FOR = timedelta(minutes=10)
PER_PAGE = 100

PROJECT_ITEMS = """
query($login: String!, $number: Int!, $after: String) {
  %(scope)s(login: $login) {
    projectV2(number: $number) {
      public
      title
      items(first: 100, after: $after) {
        nodes {
          databaseId
          fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name } }
          content {
            __typename
            ... on Issue { title url state closedAt author { login } repository { isPrivate } }
            ... on PullRequest { title url state merged mergedAt author { login } repository { isPrivate } }
            ... on DraftIssue { title }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""


@dataclass
class Done:
    """A closed issue or merged pull request: evidence to record once."""

    url: str
    title: str
    author: str
    on: datetime
    merged: bool = False
    private: bool | None = None  # None: as the link's repository (another repository's item says)


@dataclass
class Reading:
    """What one link's read found (None fields: unchanged since the last read, a 304)."""

    title: str | None = None
    state: str | None = None
    counts: tuple | None = None
    private: bool | None = None
    done: list = field(default_factory=list)
    etags: dict = field(default_factory=dict)
    changed: bool = False


@dataclass
class SyncReport:
    lines: list = field(default_factory=list)
    read: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    evidence: int = 0
    requests: int = 0
    not_modified: int = 0
    resume_at: datetime | None = None

    def summary(self):
        text = _(
            "%(read)s link(s) read (%(unchanged)s unchanged), %(failed)s failed, %(evidence)s evidence "
            "added; %(requests)s request(s) to GitHub, %(not_modified)s answered 304 Not Modified."
        ) % vars(self)
        if self.resume_at:
            text += " " + _("Stopped by GitHub's rate limit: run again after %(when)s UTC.") % {
                "when": self.resume_at.strftime("%Y-%m-%d %H:%M")
            }
        return text


class UnexpectedShape(GitHubError):
    """An answer without the fields (or types) GitHub documents: that link fails, not the run."""

    def __init__(self):
        super().__init__(_("GitHub answered in a shape this site does not read."))


def _object(value):
    if not isinstance(value, dict):
        raise UnexpectedShape
    return value


def _text(data, key, *, optional=False):
    value = _object(data).get(key)
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise UnexpectedShape
    return value


def _count(data, key):
    value = _object(data).get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UnexpectedShape
    return value


def _date(value):
    moment = parse_datetime(value) if value else None
    return moment or timezone.now()


def _repo_private(client, link, cache, etags):
    """Whether the link's repository is private (its evidence is then internal); one read per run.
    A 404 here is the plain answer for a deleted, renamed or inaccessible repository."""
    key = (link.owner.lower(), link.repo.lower())
    if key not in cache:
        try:
            answer = client.get(f"repos/{link.owner}/{link.repo}", etag=etags.get("repo", ""))
        except NotFound as error:
            raise NotFound(
                _(
                    "The repository %(owner)s/%(repo)s was not found on GitHub: deleted, renamed, or "
                    "private without a token that may read it."
                )
                % {"owner": link.owner, "repo": link.repo}
            ) from error
        private = None if answer.not_modified else _object(answer.data).get("private")
        if private is not None and not isinstance(private, bool):
            raise UnexpectedShape
        cache[key] = (private, answer.etag)
    private, etag = cache[key]
    etags["repo"] = etag
    return link.is_private if private is None else private


def _author(item):
    return _text(item.get("user") or {}, "login", optional=True)


def _item_url(item):
    url = _text(item, "html_url")
    if not url.startswith("https://github.com/"):
        raise UnexpectedShape
    return url


def _closed_issue(issue):
    issue = _object(issue)
    pull = issue.get("pull_request")
    if pull is not None:
        merged_at = _text(pull, "merged_at", optional=True)
        if not merged_at:
            return None
        return Done(_item_url(issue), _text(issue, "title"), _author(issue), _date(merged_at), True)
    if _text(issue, "state") != "closed" or issue.get("state_reason") == "not_planned":
        return None
    return Done(
        _item_url(issue),
        _text(issue, "title"),
        _author(issue),
        _date(_text(issue, "closed_at", optional=True)),
    )


def _repository_of(url):
    """(owner, repo), lowercased, of a https://github.com/owner/repo/issues/N address."""
    owner, repo = url.split("/")[3:5]
    return owner.lower(), repo.lower()


def _sub_issue(client, link, child, cache):
    """A closed sub-issue, private as its own repository is: GitHub lets a parent have sub-issues in
    other repositories, and a public parent's private child must not become public evidence."""
    done = _closed_issue(child)
    if done is None or _repository_of(done.url) == (link.owner.lower(), link.repo.lower()):
        return done
    owner, repo = _repository_of(done.url)
    key = ("sub-issues", owner, repo)
    if key not in cache:
        try:
            cache[key] = _object(client.get(f"repos/{owner}/{repo}").data).get("private") is not False
        except NotFound:
            cache[key] = True  # a repository the token may not read is not public to us
    done.private = cache[key]
    return done


def read_issue(client, link, etags, repositories=None):
    base = f"repos/{link.owner}/{link.repo}/issues/{link.number}"
    answer = client.get(base, etag=etags.get("item", ""))
    reading = Reading(etags={**etags, "item": answer.etag})
    if answer.not_modified:
        summary = None
    else:
        issue = _object(answer.data)
        reading.title, reading.state, reading.changed = _text(issue, "title"), _text(issue, "state"), True
        summary = _object(issue.get("sub_issues_summary") or {})
        reading.counts = rules.github_counts(
            reading.state, _count(summary, "completed"), _count(summary, "total")
        )
        if done := _closed_issue(issue):
            reading.done.append(done)
    # A parent issue: its closed sub-issues are evidence too. The summary says it has some; on a 304,
    # that the last read found some (the sub-issues' list has an ETag of its own then).
    has_sub_issues = "sub_issues" in etags if summary is None else bool(summary.get("total"))
    if has_sub_issues:
        children = client.get_all(f"{base}/sub_issues?per_page={PER_PAGE}", etag=etags.get("sub_issues", ""))
        reading.etags["sub_issues"] = children.etag
        if not children.not_modified:
            reading.changed = True
            cache = {} if repositories is None else repositories
            reading.done += [
                done for child in children.data if (done := _sub_issue(client, link, child, cache))
            ]
    return reading


def read_pull(client, link, etags, repositories=None):
    answer = client.get(f"repos/{link.owner}/{link.repo}/pulls/{link.number}", etag=etags.get("item", ""))
    reading = Reading(etags={**etags, "item": answer.etag})
    if answer.not_modified:
        return reading
    pull = _object(answer.data)
    merged_at = _text(pull, "merged_at", optional=True)
    state = "merged" if merged_at else _text(pull, "state")
    reading.title, reading.state, reading.changed = _text(pull, "title"), state, True
    reading.counts = rules.github_counts(state)
    if merged_at:
        reading.done.append(Done(_item_url(pull), reading.title, _author(pull), _date(merged_at), True))
    return reading


def read_milestone(client, link, etags, repositories=None):
    base = f"repos/{link.owner}/{link.repo}"
    answer = client.get(f"{base}/milestones/{link.number}", etag=etags.get("item", ""))
    reading = Reading(etags={**etags, "item": answer.etag})
    if not answer.not_modified:
        milestone = _object(answer.data)
        closed, still_open = _count(milestone, "closed_issues"), _count(milestone, "open_issues")
        if closed is None or still_open is None:
            raise UnexpectedShape
        total = still_open + closed
        reading.title, reading.state = _text(milestone, "title"), _text(milestone, "state")
        reading.changed = True
        reading.counts = rules.github_counts(milestone["state"], closed, total)
    issues = client.get_all(
        f"{base}/issues?milestone={link.number}&state=closed&per_page={PER_PAGE}",
        etag=etags.get("closed", ""),
    )
    reading.etags["closed"] = issues.etag
    if not issues.not_modified:
        reading.changed = True
        reading.done += [done for issue in issues.data if (done := _closed_issue(issue))]
    return reading


def read_project_item(client, link, etags, repositories=None):
    """A project's item, found by its id among the project's items (GraphQL: REST has no such read)."""
    scope = "organization" if link.repo == "orgs" else "user"
    after, cursors = None, set()
    # At most MAX_PAGES pages, as a REST list, and a cursor seen before ends the list: an answer
    # that always has a next page would otherwise be read until the rate limit ran out.
    for _page in range(MAX_PAGES):
        data = client.graphql(
            PROJECT_ITEMS % {"scope": scope}, {"login": link.owner, "number": link.number, "after": after}
        )
        project = (data.get(scope) or {}).get("projectV2")
        if project is None:
            raise NotFound(_("This project was not found on GitHub (deleted, or private without a token)."))
        items = project["items"]
        for node in items["nodes"]:
            if node.get("databaseId") == link.item_id:
                return _project_reading(node, project)
        if not items["pageInfo"]["hasNextPage"]:
            raise NotFound(_("This item is no longer on the project."))
        after = items["pageInfo"]["endCursor"]
        if after in cursors:
            break
        cursors.add(after)
    raise GitHubError(
        _(
            "This project has more than %(pages)s pages of items, or pages that repeat: the item "
            "was not found."
        )
        % {"pages": MAX_PAGES}
    )


def _project_reading(node, project):
    content = node.get("content") or {}
    status = (node.get("fieldValueByName") or {}).get("name") or ""
    state = (content.get("state") or "").lower()
    if content.get("merged"):
        state = "merged"
    done = rules.github_counts(status)[0] or rules.github_counts(state)[0]
    # A public project can hold items of private repositories: either makes the item private.
    private = project.get("public") is not True or (content.get("repository") or {}).get("isPrivate") is True
    reading = Reading(title=_text(content, "title", optional=True), state=status or state, changed=True)
    reading.counts, reading.private = (int(done), 1), private
    moment = content.get("mergedAt") or content.get("closedAt")
    if moment and state in ("merged", "closed") and content.get("url"):
        author = _text(content.get("author") or {}, "login", optional=True)
        url = _text(content, "url")
        if not url.startswith("https://github.com/"):
            raise UnexpectedShape
        reading.done.append(Done(url, reading.title, author, _date(moment), state == "merged", private))
    return reading


READERS = {
    GitHubLink.Kind.ISSUE: read_issue,
    GitHubLink.Kind.PULL: read_pull,
    GitHubLink.Kind.MILESTONE: read_milestone,
    GitHubLink.Kind.PROJECT_ITEM: read_project_item,
}


def claim(link, now):
    """Claim one link for this run; False when another run holds it."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return GitHubLink.objects.filter(free, pk=link.pk).update(claimed_until=now + CLAIM_FOR) == 1


def record_evidence(link, done, private):
    """Evidence for a closed issue or merged pull request, once per objective; True when new."""
    words = _("Merged: %(title)s") if done.merged else _("Closed: %(title)s")
    day = timezone.localdate(done.on)
    summary = _("%(what)s by @%(author)s on GitHub, %(when)s.") % {
        "what": _("Pull request") if done.merged else _("Issue"),
        "author": done.author or "?",
        "when": day.isoformat(),
    }
    visibility = Evidence.Visibility.INTERNAL if private else Evidence.Visibility.PUBLIC
    try:
        with transaction.atomic():
            evidence, created = Evidence.objects.get_or_create(
                objective_id=link.objective_id,
                url=done.url[:500],
                from_github=True,
                defaults={
                    "title": (words % {"title": done.title})[:200],
                    "kind": Evidence.Kind.LINK,
                    "happened_on": day,
                    "summary": summary,
                    "visibility": visibility,
                },
            )
    except IntegrityError:  # another run recorded it between our look and our write
        return False
    return created


def _apply(link, reading, now):
    """Store a successful read: new values only when it brought some; the read date either way."""
    fields = {"read_at": now, "failure": "", "failed_at": None, "etags": reading.etags, "claimed_until": None}
    if link.sync_requested_at and link.sync_requested_at <= now:
        fields["sync_requested_at"] = None
    if reading.changed:
        for name, value in [
            ("title", reading.title),
            ("state", reading.state),
            ("is_private", reading.private),
        ]:
            if value is not None:
                fields[name] = value[:300] if isinstance(value, str) else value
        if reading.counts is not None:
            fields["done_count"], fields["total_count"] = reading.counts
    shown = ["title", "state", "done_count", "total_count", "failure", "is_private"]
    visible_change = any(getattr(link, name) != fields[name] for name in shown if name in fields)
    new_day = link.read_at is None or timezone.localdate(link.read_at) != timezone.localdate(now)
    for name, value in fields.items():
        setattr(link, name, value)
    if visible_change or new_day:
        link.save(update_fields=[*fields, "updated_at"])  # the public page shows these: its cache moves on
    else:
        GitHubLink.objects.filter(pk=link.pk).update(**fields)


def _fail(link, message, now):
    link.failure, link.failed_at, link.claimed_until = message[:300], now, None
    link.save(update_fields=["failure", "failed_at", "claimed_until", "updated_at"])


def _update_progress(objective_ids):
    for objective in Objective.objects.filter(
        pk__in=objective_ids, progress_source=Objective.ProgressSource.GITHUB
    ):
        if objective.github_progress() != objective.progress:
            objective.save()


OUTSIDE_REPOSITORIES = gettext_lazy(
    "Not read: its repository is not one of those the site may link (the GITHUB_REPOSITORIES setting)."
)


def _skip_outside(link, now):
    """Not read, said so, and the title it had forgotten: a link outside GITHUB_REPOSITORIES may have
    been made before the setting, to a repository whose titles its owner was not meant to see."""
    link.title = ""
    link.failure, link.failed_at, link.claimed_until = str(OUTSIDE_REPOSITORIES), now, None
    link.save(update_fields=["title", "failure", "failed_at", "claimed_until", "updated_at"])


def _outside_repositories(done):
    """Whether an item found through a link (a sub-issue, a project's issue) is in a repository
    outside GITHUB_REPOSITORIES: its evidence is not recorded."""
    patterns = settings.GITHUB_REPOSITORIES
    return bool(patterns) and not is_within_repositories("/".join(_repository_of(done.url)), patterns)


def sync_links(links, *, client=None, dry_run=False, now=None):
    """Read every link of `links` (a GitHubLink queryset); see the module's docstring."""
    client = client or GitHub()
    now = now or timezone.now()
    report = SyncReport()
    repositories = {}
    touched = set()
    for link in links.select_related("objective").order_by("pk"):
        if not dry_run and not claim(link, now):
            report.skipped += 1
            continue
        if link.is_outside_repositories():
            report.failed += 1
            report.lines.append(_("%(link)s: %(why)s") % {"link": link.url, "why": OUTSIDE_REPOSITORIES})
            if not dry_run:
                _skip_outside(link, now)
            continue
        try:
            private = link.is_private
            if link.kind != GitHubLink.Kind.PROJECT_ITEM:
                private = _repo_private(client, link, repositories, link.etags)
            try:
                reading = READERS[link.kind](client, link, dict(link.etags), repositories)
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
                raise UnexpectedShape from error
            if reading.private is None:
                reading.private = private
        except RateLimited as stop:
            report.resume_at = stop.resume_at
            GitHubLink.objects.filter(pk=link.pk).update(claimed_until=None)
            report.lines.append(_("%(link)s: %(why)s") % {"link": link.url, "why": stop.message})
            break
        except GitHubError as error:
            report.failed += 1
            report.lines.append(_("%(link)s: %(why)s") % {"link": link.url, "why": error.message})
            if not dry_run:
                _fail(link, error.message, now)
            continue
        report.read += 1
        report.unchanged += not reading.changed
        if dry_run:
            report.lines.append(
                _("%(link)s: %(state)s") % {"link": link.url, "state": reading.state or link.state}
            )
            continue
        report.evidence += sum(
            record_evidence(link, done, reading.private if done.private is None else done.private)
            for done in reading.done
            if not _outside_repositories(done)
        )
        _apply(link, reading, now)
        touched.add(link.objective_id)
    if not dry_run:
        _update_progress(touched)
    report.requests, report.not_modified = client.counter.requests, client.counter.not_modified
    return report
