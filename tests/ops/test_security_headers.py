"""Every response carries the security headers; public pages keep to the strict CSP."""

from html.parser import HTMLParser

import pytest

from tests.factories import EvidenceFactory, OwnerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def public_urls(seed_plan):
    goal = seed_plan.goals.order_by("order").first()
    objective = goal.objectives.order_by("order").first()
    owner = OwnerFactory()
    objective.owners.add(owner)
    EvidenceFactory(objective=objective, summary="Done, with **bold** and a [link](https://example.org).")
    return [
        "/",
        "/plans/",
        seed_plan.get_absolute_url(),
        goal.get_absolute_url(),
        objective.get_absolute_url(),
        owner.get_absolute_url(),
    ]


def assert_security_headers(response):
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_it_sends_security_headers_on_public_pages(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


@pytest.mark.parametrize("url", ["/healthz", "/no-such-page/"])
def test_it_sends_security_headers_on_health_and_error_responses(client, url):
    assert_security_headers(client.get(url))


class InlineCodeFinder(HTMLParser):
    """What a strict CSP would block: inline scripts, <style>, style="" and on*="" handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag}[{name}]" for name in names if name == "style" or name.startswith("on")]
        self.found += [f"{tag}[{name}]: javascript" for name, value in attrs if "javascript:" in str(value)]


def test_public_pages_have_nothing_the_policy_would_block(client, public_urls):
    for url in public_urls:
        finder = InlineCodeFinder()
        finder.feed(client.get(url).content.decode())
        assert finder.found == [], url
