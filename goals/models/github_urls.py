"""Which GitHub item a URL names: pure parsing, in plain words when it names none."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ISSUE, PULL, MILESTONE, PROJECT_ITEM = "issue", "pull", "milestone", "project_item"

NOT_A_GITHUB_URL = _("This is not a GitHub issue, pull request, milestone or project item URL.")
NOT_A_GITHUB_FILE = _(
    "This is not the URL of a file on GitHub (https://github.com/owner/repo/blob/branch/path)."
)

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})"
_REPO_ITEM = re.compile(rf"^/({_NAME})/({_NAME})/(issues|pull|milestone)/([0-9]{{1,9}})(?:/[a-z]*)?/?$")
_PROJECT = re.compile(rf"^/(orgs|users)/({_NAME})/projects/([0-9]{{1,9}})(?:/views/[0-9]{{1,9}})?/?$")
_FILE = re.compile(rf"^/({_NAME})/({_NAME})/blob/([^/]+)/(.+\.md)$")
# The whole host part, not only what urlsplit calls the hostname: a user part or a port is refused,
# and so is "evil.example\\@github.com", which a browser opens as evil.example.
_HOSTS = ("github.com", "www.github.com")


def _on_github(parts):
    return parts.scheme in ("http", "https") and parts.netloc.lower() in _HOSTS


@dataclass(frozen=True)
class GitHubItem:
    """What a link's URL names: a repository's issue, pull request or milestone, or a project's item."""

    kind: str
    owner: str
    repo: str  # for a project item: "orgs" or "users"
    number: int  # the issue's, pull request's or milestone's number; for a project item, the project's
    item_id: int | None = None

    @property
    def repository(self):
        """ "owner/repo", or for a project item its owner alone (a project belongs to no repository)."""
        return self.owner if self.kind == PROJECT_ITEM else f"{self.owner}/{self.repo}"

    def is_within(self, patterns):
        """Whether one of `patterns` takes it in: see `is_within_repositories`."""
        return is_within_repositories(self.repository, patterns)


def is_within_repositories(repository, patterns):
    """Whether "owner/repo" (or a project's "owner") is one of `patterns`, in any case: "owner" takes
    in all of its repositories and projects, "owner/repo" that repository alone."""
    owner, _slash, repo = repository.lower().partition("/")
    for pattern in patterns:
        pattern_owner, _slash, pattern_repo = pattern.strip().lower().partition("/")
        if pattern_owner == owner and (not pattern_repo or pattern_repo == repo):
            return True
    return False


def parse_github_url(url):
    """The GitHubItem a github.com URL names; ValidationError in plain words for any other URL.

    Project items are the URLs GitHub's board shows when an item is open:
    https://github.com/orgs/ORG/projects/N/views/1?pane=issue&itemId=123.
    """
    parts = urlsplit((url or "").strip())
    if not _on_github(parts):
        raise ValidationError(NOT_A_GITHUB_URL, code="not_github")
    if match := _REPO_ITEM.match(parts.path):
        owner, repo, kind, number = match.groups()
        kind = {"issues": ISSUE, "pull": PULL}.get(kind, MILESTONE)
        return GitHubItem(kind, owner, repo, int(number))
    if match := _PROJECT.match(parts.path):
        scope, owner, number = match.groups()
        item_ids = parse_qs(parts.query).get("itemId", [])
        if len(item_ids) == 1 and item_ids[0].isdigit() and len(item_ids[0]) < 19:
            return GitHubItem(PROJECT_ITEM, owner, scope, int(number), int(item_ids[0]))
    raise ValidationError(NOT_A_GITHUB_URL, code="not_github")


@dataclass(frozen=True)
class GitHubFile:
    owner: str
    repo: str
    ref: str
    path: str


def parse_github_file_url(url):
    """The repository file a https://github.com/owner/repo/blob/branch/path.md URL names."""
    parts = urlsplit((url or "").strip())
    match = _FILE.match(parts.path) if _on_github(parts) else None
    if not match or ".." in match.group(4).split("/"):
        raise ValidationError(NOT_A_GITHUB_FILE, code="not_github_file")
    return GitHubFile(*match.groups())


def validate_github_file_url(url):
    """A model field validator: the URL must name a Markdown file on GitHub."""
    if url:
        parse_github_file_url(url)
