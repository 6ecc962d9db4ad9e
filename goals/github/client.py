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
from urllib.request import HTTPRedirectHandler, Request, build_opener

from django.conf import settings
from django.utils.translation import gettext as _

API_VERSION = "2022-11-28"
USER_AGENT = "strategy-site (+https://github.com/2i2c-org)"
# At most this many pages of one list (100 items a page): a milestone of 5,000 issues is read whole.
MAX_PAGES = 50
# 9999-12-31: the last moment a datetime holds (GitHub's reset times are epoch seconds).
MAX_TIMESTAMP = 253402300799
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


def _same_site(url, base_url):
    """Whether `url` is on the API's scheme and host: the only place the token may go."""
    parts, base = urlsplit(url), urlsplit(base_url)
    return (parts.scheme, parts.netloc) == (base.scheme, base.netloc)


class _SameSiteRedirects(HTTPRedirectHandler):
    """Follow GitHub's 301 for a renamed repository, but only on the API's own host: urllib would
    send the Authorization header to wherever a Location points."""

    def __init__(self, base_url):
        self.base_url = base_url

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not _same_site(newurl, self.base_url):
            fp.close()
            raise GitHubError(_("GitHub answered with a link to another site: %(url)s") % {"url": newurl})
        return super().redirect_request(req, fp, code, msg, headers, newurl)


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
        self.max_bytes = settings.GITHUB_MAX_RESPONSE_BYTES
        self._opener = build_opener(_SameSiteRedirects(self.base_url))

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
        if not _same_site(url, self.base_url):
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
                return self._read(answer.status, answer.headers, self._body(answer))
        except HTTPError as error:
            with error:
                payload = self._body(error)
            if error.code == 304:
                self.counter.not_modified += 1
                return Response(304, etag=error.headers.get("ETag", etag), headers=dict(error.headers))
            self._raise_for(error.code, error.headers, payload, url)
        except (URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise GitHubError(_("GitHub could not be reached: %(reason)s") % {"reason": reason}) from error

    def _body(self, answer):
        """The answer's body, read no further than max_bytes and for no longer than the timeout: a
        huge answer fails, and so does one that trickles in (the socket's timeout is per read)."""
        deadline, chunks, size = time.monotonic() + self.timeout, [], 0
        while size <= self.max_bytes and (chunk := answer.read1(64 * 1024)):
            chunks.append(chunk)
            size += len(chunk)
            if time.monotonic() > deadline:
                raise GitHubError(
                    _("GitHub could not be reached: %(reason)s") % {"reason": _("the answer took too long")}
                )
        payload = b"".join(chunks)
        if len(payload) > self.max_bytes:
            raise GitHubError(
                _("GitHub's answer was too large (over %(bytes)s bytes).") % {"bytes": self.max_bytes}
            )
        return payload

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
        items, page, seen = list(first.data or []), first, {self._url(path)}
        # A next link seen before (a page pointing to itself or back) ends the list, as MAX_PAGES does.
        while (next_url := next_link(page.headers)) and len(seen) < MAX_PAGES:
            url = self._url(next_url)
            if url in seen:
                break
            seen.add(url)
            page = self._send("GET", url)
            items.extend(page.data or [])
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
    # A time no calendar holds (year 10,000 and on) is read as no time given: in a minute.
    if reset and reset.isdigit() and int(reset) < MAX_TIMESTAMP:
        return datetime.fromtimestamp(int(reset), tz=UTC)
    seconds = int(retry_after) if retry_after and retry_after.isdigit() else 60
    return datetime.fromtimestamp(time.time() + min(seconds, MAX_TIMESTAMP - time.time()), tz=UTC)
