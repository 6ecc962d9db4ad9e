"""Markdown from editors is rendered by markdown-it-py and sanitized by nh3: hostile input stays inert."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from goals.templatetags.plan_tags import markdown_to_safe_html
from tests.factories import GoalFactory, PlanFactory

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">raw link</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<form action="https://evil.example/"><input name="password"></form>',
]


class _Inspector(HTMLParser):
    """Collects what could run: dangerous tags, event handlers, style, and non-web URL schemes."""

    DANGEROUS_TAGS = {"script", "iframe", "svg", "form", "input", "object", "embed", "style", "math"}

    def __init__(self, allowed_tags=()):
        super().__init__()
        self.problems = []
        self.dangerous_tags = self.DANGEROUS_TAGS - set(allowed_tags)

    def handle_starttag(self, tag, attrs):
        if tag in self.dangerous_tags:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag} {name}")
            if name in ("href", "src") and urlsplit((value or "").strip()).scheme.lower() not in SAFE_SCHEMES:
                self.problems.append(f"{tag} {name}={value}")


SAFE_SCHEMES = {"", "http", "https", "mailto"}


def active_content(html, allowed_tags=()):
    inspector = _Inspector(allowed_tags)
    inspector.feed(html)
    return inspector.problems


@pytest.mark.unit
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_inert(text):
    assert active_content(markdown_to_safe_html(text)) == []


@pytest.mark.unit
def test_ordinary_markdown_survives():
    html = markdown_to_safe_html("**Bold**, *em*, a [link](https://2i2c.org/) and\n\n- a list")
    assert html == (
        '<p><strong>Bold</strong>, <em>em</em>, a <a href="https://2i2c.org/" '
        'rel="noopener noreferrer nofollow">link</a> and</p>\n<ul>\n<li>a list</li>\n</ul>\n'
    )


@pytest.mark.integration
def test_hostile_markdown_is_inert_on_the_pages(client, db):
    plan = PlanFactory(slug="p", introduction="\n\n".join(HOSTILE))
    GoalFactory(plan=plan, slug="g", rationale="\n\n".join(HOSTILE))
    for url in ("/plans/p/", "/plans/p/goals/g/"):
        # After the site's header, whose search box is the page's own form and input.
        html = client.get(url).content.decode().split("</header>", 1)[1]
        assert active_content(html, allowed_tags={"form"}) == [], url  # the page's own filter form
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, never run
