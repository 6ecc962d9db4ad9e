"""A small GitHub client: REST reads with conditional requests and Link pagination, GraphQL for
Projects (v2), the rate limit respected, every failure in plain words. The standard library's
urllib: the site makes a few dozen GET requests per run and needs nothing a library adds."""

import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit
from urllib.request import Request, build_opener

from django.conf import settings
from django.utils.translation import gettext as _

API_VERSION = "2022-11-28"
USER_AGENT = "strategy-site (+https://github.com/2i2c-org)"
# At most this many pages of one list (100 items a page): a milestone of 5,000 issues is read whole.
MAX_PAGES = 50
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class GitHubError(Exception):
    """A read that failed; `message` is in plain words for the admin and the page."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class NotFound(GitHubError):
    pass


class RateLimited(GitHubError):
    """GitHub says to stop until `resume_at` (an aware datetime)."""

    def __init__(self, resume_at):
        self.resume_at = resume_at
        super().__init__(
            _("GitHub's rate limit was reached; reading can resume at %(when)s UTC.")
            % {"when": resume_at.strftime("%Y-%m-%d %H:%M")}
        )


@dataclass
class Response:
    status: int
    data: object = None
    etag: str = ""
    headers: dict = field(default_factory=dict)

    @property
    def not_modified(self):
        return self.status == 304


@dataclass
class Counter:
    """What one run asked GitHub: requests made, and how many were answered 304 Not Modified."""

    requests: int = 0
    not_modified: int = 0


class GitHub:
    """Reads from GitHub's API at `base_url` (settings.GITHUB_API_URL: a local server in tests)."""

    def __init__(self, base_url=None, token=None, timeout=None):
        self.base_url = (base_url or settings.GITHUB_API_URL).rstrip("/") + "/"
        self.token = settings.GITHUB_TOKEN if token is None else token
        self.timeout = timeout or settings.GITHUB_TIMEOUT
        if urlsplit(self.base_url).scheme not in ("http", "https"):
            raise GitHubError(_("GITHUB_API_URL must be an http or https URL."))
        self.counter = Counter()
        self.exhausted_until = None  # set when an answer says no requests are left
        # No redirect handler of our own: urllib follows GitHub's 301 for a renamed repository.
        self._opener = build_opener()

    def _headers(self, etag=""):
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": USER_AGENT,
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if etag:
            headers["If-None-Match"] = etag
        return headers

    def _url(self, path):
        url = urljoin(self.base_url, path.lstrip("/"))
        # Never send the token anywhere but the API (a Link header is GitHub's to write, but still).
        if urlsplit(url).netloc != urlsplit(self.base_url).netloc:
            raise GitHubError(_("GitHub answered with a link to another site: %(url)s") % {"url": url})
        return url

    def _send(self, method, url, *, etag="", body=None):
        if self.exhausted_until is not None:
            raise RateLimited(self.exhausted_until)
        # The scheme is checked in __init__ and _url keeps to the API's host: never file: or ftp:.
        request = Request(url, data=body, method=method, headers=self._headers(etag))  # noqa: S310
        if body is not None:
            request.add_header("Content-Type", "application/json")
        self.counter.requests += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                if answer.headers.get("x-ratelimit-remaining") == "0":
                    self.exhausted_until = resume_at(answer.headers)
                return self._read(answer.status, answer.headers, answer.read())
        except HTTPError as error:
            with error:
                payload = error.read()
            if error.code == 304:
                self.counter.not_modified += 1
                return Response(304, etag=error.headers.get("ETag", etag), headers=dict(error.headers))
            self._raise_for(error.code, error.headers, payload, url)
        except (URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise GitHubError(_("GitHub could not be reached: %(reason)s") % {"reason": reason}) from error

    def _read(self, status, headers, payload):
        try:
            data = json.loads(payload) if payload else None
        except ValueError as error:
            raise GitHubError(_("GitHub answered with something that is not JSON.")) from error
        return Response(status, data, headers.get("ETag", ""), dict(headers))

    def _raise_for(self, status, headers, payload, url):
        if status in (403, 429) and (
            headers.get("x-ratelimit-remaining") == "0" or headers.get("retry-after")
        ):
            raise RateLimited(resume_at(headers))
        if status == 404:
            raise NotFound(_("Not found on GitHub (deleted, renamed, private or a wrong number)."))
        if status in (401, 403):
            raise GitHubError(
                _("GitHub refused access (HTTP %(status)s): check GITHUB_TOKEN.") % {"status": status}
            )
        if status == 410:
            raise NotFound(_("Deleted on GitHub."))
        raise GitHubError(_("GitHub answered HTTP %(status)s.") % {"status": status})

    def get(self, path, *, etag=""):
        """One GET; a 304 comes back as Response(304) with the same ETag."""
        return self._send("GET", self._url(path), etag=etag)

    def get_all(self, path, *, etag=""):
        """Every page of a list, following Link rel="next". The ETag is the first page's: when it
        is answered 304, the list is unchanged and no further page is asked for."""
        first = self.get(path, etag=etag)
        if first.not_modified:
            return first
        items, page, pages = list(first.data or []), first, 1
        while (next_url := next_link(page.headers)) and pages < MAX_PAGES:
            page = self._send("GET", self._url(next_url))
            items.extend(page.data or [])
            pages += 1
        return Response(first.status, items, first.etag, first.headers)

    def graphql(self, query, variables):
        """A GraphQL query (POST /graphql); its errors in plain words."""
        body = json.dumps({"query": query, "variables": variables}).encode()
        answer = self._send("POST", self._url("graphql"), body=body)
        errors = (answer.data or {}).get("errors") if isinstance(answer.data, dict) else None
        if errors:
            kinds = {error.get("type") for error in errors}
            if "RATE_LIMITED" in kinds:
                raise RateLimited(resume_at(answer.headers))
            if "NOT_FOUND" in kinds:
                raise NotFound(_("Not found on GitHub (deleted, renamed, private or a wrong number)."))
            raise GitHubError(
                _("GitHub's GraphQL API said: %(message)s") % {"message": errors[0].get("message")}
            )
        if not isinstance(answer.data, dict) or "data" not in answer.data:
            raise GitHubError(_("GitHub answered with something that is not JSON."))
        return answer.data["data"]


def _header(headers, name):
    return next((value for key, value in headers.items() if key.lower() == name), None)


def next_link(headers):
    """The URL of the next page in a Link header, or None on the last page."""
    link = _header(headers, "link") or ""
    match = _NEXT.search(link)
    return match.group(1) if match else None


def resume_at(headers):
    """When reading may resume: x-ratelimit-reset (epoch seconds), else retry-after, else in a minute."""
    reset = _header(headers, "x-ratelimit-reset")
    retry_after = _header(headers, "retry-after")
    if reset and reset.isdigit():
        return datetime.fromtimestamp(int(reset), tz=UTC)
    seconds = int(retry_after) if retry_after and retry_after.isdigit() else 60
    return datetime.fromtimestamp(time.time() + seconds, tz=UTC)
