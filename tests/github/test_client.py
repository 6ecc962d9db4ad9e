"""The real client against the local GitHub: conditional requests, pagination, the rate limit,
a deleted repository, a server that does not answer."""

import socket
from datetime import UTC, datetime

import pytest

from goals.github.client import GitHub, GitHubError, NotFound, RateLimited, next_link
from tests.github.fake_github import RESET_AT

pytestmark = pytest.mark.integration


def test_it_sends_if_none_match_and_a_304_keeps_the_values(fake_github):
    fake_github.add_issue("o", "r", 1, title="One")
    client = GitHub()

    first = client.get("repos/o/r/issues/1")
    again = client.get("repos/o/r/issues/1", etag=first.etag)

    assert (first.status, first.data["title"]) == (200, "One")
    assert first.etag.startswith('W/"')
    assert (again.status, again.data, again.etag) == (304, None, first.etag)
    assert [entry[2] for entry in fake_github.log] == ["", first.etag]
    assert (client.counter.requests, client.counter.not_modified) == (2, 1)


def test_it_follows_link_next_through_every_page(fake_github):
    fake_github.page_size = 2
    for number in range(1, 6):
        fake_github.add_issue("o", "r", number, title=f"#{number}", state="closed", milestone=7)

    answer = GitHub().get_all("repos/o/r/issues?milestone=7&state=closed&per_page=100")

    assert [issue["number"] for issue in answer.data] == [1, 2, 3, 4, 5]
    assert len(fake_github.log) == 3


def test_an_unchanged_list_costs_one_request(fake_github):
    fake_github.page_size = 2
    for number in range(1, 6):
        fake_github.add_issue("o", "r", number, title=f"#{number}", state="closed", milestone=7)
    client = GitHub()
    first = client.get_all("repos/o/r/issues?milestone=7&state=closed")

    again = client.get_all("repos/o/r/issues?milestone=7&state=closed", etag=first.etag)

    assert again.not_modified
    assert len(fake_github.log) == 3 + 1


@pytest.mark.unit
def test_it_reads_the_next_link_of_githubs_header():
    header = (
        '<https://api.github.com/repositories/1/issues?page=2>; rel="next", '
        '<https://api.github.com/repositories/1/issues?page=5>; rel="last"'
    )
    assert next_link({"Link": header}) == "https://api.github.com/repositories/1/issues?page=2"
    assert next_link({"Link": '<https://api.github.com/x?page=1>; rel="prev"'}) is None
    assert next_link({}) is None


def test_a_rate_limit_403_says_when_to_resume(fake_github):
    fake_github.add_issue("o", "r", 1, title="One")
    fake_github.rate_limited = True

    with pytest.raises(RateLimited) as stop:
        GitHub().get("repos/o/r/issues/1")

    assert stop.value.resume_at == datetime.fromtimestamp(RESET_AT, tz=UTC)
    assert "2030-01-01 00:00 UTC" in stop.value.message


def test_no_request_is_made_once_the_remaining_count_is_zero(fake_github):
    fake_github.add_issue("o", "r", 1, title="One")
    fake_github.remaining = 1  # the next answer says 0 are left
    client = GitHub()

    client.get("repos/o/r/issues/1")
    with pytest.raises(RateLimited):
        client.get("repos/o/r/issues/1")

    assert len(fake_github.log) == 1


def test_a_deleted_repository_is_not_found(fake_github):
    with pytest.raises(NotFound) as error:
        GitHub().get("repos/gone/away/issues/1")
    assert "Not found on GitHub" in error.value.message


def test_it_sends_the_token_only_when_there_is_one(fake_github, settings):
    fake_github.add_issue("o", "r", 1, title="One")
    GitHub().get("repos/o/r/issues/1")
    settings.GITHUB_TOKEN = "github_pat_example"
    GitHub().get("repos/o/r/issues/1")
    assert fake_github.tokens_seen == ["", "Bearer github_pat_example"]


def test_a_server_that_does_not_answer_times_out_in_plain_words():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts the connection, never answers
    try:
        client = GitHub(base_url=f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.3)
        with pytest.raises(GitHubError) as error:
            client.get("repos/o/r/issues/1")
    finally:
        listener.close()
    assert "GitHub could not be reached" in error.value.message


def test_a_link_to_another_host_is_not_followed(fake_github):
    client = GitHub()
    with pytest.raises(GitHubError) as error:
        client.get("https://evil.example/steal")
    assert "another site" in error.value.message
    assert fake_github.log == []


class _Server:
    """A one-trick HTTP server on a loopback host: answers every GET with `answer(path)` and keeps
    the Authorization header of each request."""

    def __init__(self, host, answer):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        server = self
        self.tokens, self.paths = [], []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.tokens.append(self.headers.get("Authorization", ""))
                server.paths.append(self.path)
                status, headers, body = answer(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers():
    started = []

    def start(host, answer):
        started.append(_Server(host, answer))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_a_redirect_to_another_host_never_carries_the_token(servers):
    elsewhere = servers("127.0.0.2", lambda path: (200, {"Content-Type": "application/json"}, b"{}"))
    api = servers("127.0.0.1", lambda path: (302, {"Location": f"{elsewhere.url}/steal"}, b""))

    with pytest.raises(GitHubError) as error:
        GitHub(base_url=api.url, token="github_pat_secret").get("repos/o/r/issues/1")

    assert api.tokens == ["Bearer github_pat_secret"]
    assert elsewhere.tokens == []
    assert "another site" in error.value.message


def test_a_redirect_within_the_api_is_followed_with_the_token(servers):
    def answer(path):
        if path.startswith("/repos/old/"):
            return 301, {"Location": "/repos/new/r/issues/1"}, b""
        return 200, {"Content-Type": "application/json"}, b'{"title": "Moved"}'

    api = servers("127.0.0.1", answer)

    data = GitHub(base_url=api.url, token="github_pat_secret").get("repos/old/r/issues/1").data

    assert data == {"title": "Moved"}
    assert api.tokens == ["Bearer github_pat_secret"] * 2


def test_a_next_link_over_plain_http_is_not_followed(servers):
    api = servers("127.0.0.1", lambda path: (200, {}, b"[]"))
    client = GitHub(base_url=api.url.replace("http:", "https:"), token="github_pat_secret")
    with pytest.raises(GitHubError) as error:
        client._url(f"{api.url}/repos/o/r/issues?page=2")
    assert "another site" in error.value.message


def test_a_next_link_to_itself_ends_the_list(servers):
    def answer(path):
        return 200, {"Link": f'<{api.url}/repos/o/r/issues?page=1>; rel="next"'}, b'[{"number": 1}]'

    api = servers("127.0.0.1", answer)

    listed = GitHub(base_url=api.url).get_all("repos/o/r/issues?page=1")

    assert listed.data == [{"number": 1}]
    assert len(api.paths) == 1


def test_an_answer_over_the_size_limit_fails_in_plain_words(servers, settings):
    settings.GITHUB_MAX_RESPONSE_BYTES = 1000
    api = servers("127.0.0.1", lambda path: (200, {}, b'["' + b"x" * 5000 + b'"]'))

    with pytest.raises(GitHubError) as error:
        GitHub(base_url=api.url).get("repos/o/r/issues/1")

    assert "too large" in error.value.message


def test_an_answer_that_trickles_in_fails_after_the_timeout(servers):
    import time

    def answer(path):
        return 200, {"Content-Length": "100"}, b""

    api = servers("127.0.0.1", answer)
    real = api.httpd.RequestHandlerClass.do_GET

    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.05)

    api.httpd.RequestHandlerClass.do_GET = trickle
    started = time.monotonic()
    try:
        with pytest.raises(GitHubError) as error:
            GitHub(base_url=api.url, timeout=0.5).get("repos/o/r/issues/1")
    finally:
        api.httpd.RequestHandlerClass.do_GET = real

    assert time.monotonic() - started < 4  # well before the 5 s the answer takes to trickle in
    assert "GitHub could not be reached" in error.value.message
