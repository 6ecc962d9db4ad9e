"""The organisation's name, logo and link (STRATEGY_ORGANIZATION_*): in the header, page titles,
the footer, feed titles and badge titles; none of it, and no one's name, when unset."""

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from tests.production import production_env, run_python

pytestmark = [pytest.mark.integration]

SVG_TITLE = "{http://www.w3.org/2000/svg}title"


@pytest.fixture
def acme(settings):
    settings.STRATEGY_ORGANIZATION_NAME = "Acme & Co"
    settings.STRATEGY_ORGANIZATION_URL = "https://acme.example.org/"
    settings.STRATEGY_ORGANIZATION_LOGO_URL = "/static/favicon.svg"


def header(html):
    return html.split('<header class="site-header">')[1].split("</header>")[0]


@pytest.mark.django_db
def test_a_new_install_names_no_organisation(client, sample_plan):
    html = client.get("/").content.decode()

    assert '<a class="site-name" href="/">Strategic plan</a>' in header(html)
    assert "<img" not in header(html)
    assert "<title>Community cloud plan · strategy-site</title>" in html
    assert "<p>Published with strategy-site.</p>" in html
    feed = feedparser.parse(client.get("/plans/community-cloud/feed.atom").content)
    assert feed.feed.title == "Community cloud plan: progress updates"
    badge = ET.fromstring(client.get("/plans/community-cloud/badge.svg").content)  # noqa: S314
    assert badge.find(SVG_TITLE).text.startswith("Community cloud plan: 39% done")


@pytest.mark.django_db
def test_the_header_shows_the_organisations_logo_with_its_name_as_alt_text(client, sample_plan, acme):
    html = client.get("/").content.decode()

    assert header(html).split("</a>")[0] == (
        '\n    <nav aria-label="Site">\n      <a class="site-name" href="/">'
        '<img class="site-logo" src="/static/favicon.svg" alt="Acme &amp; Co" height="32"> '
        '<span class="site-name-detail">strategic plan</span>'
    )
    assert "<title>Community cloud plan · Acme &amp; Co</title>" in html
    link = '<a href="https://acme.example.org/">Acme &amp; Co</a>'
    assert f"<p>Published by {link} with strategy-site.</p>" in html


@pytest.mark.django_db
def test_without_a_logo_the_header_says_the_name(client, sample_plan, acme, settings):
    settings.STRATEGY_ORGANIZATION_LOGO_URL = ""

    html = client.get("/plans/").content.decode()

    assert '<a class="site-name" href="/">Acme &amp; Co <span class="site-name-detail">' in header(html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, title",
    [
        ("/plans/community-cloud/feed.atom", "Acme & Co · Community cloud plan: progress updates"),
        ("/plans/community-cloud/goals/hubs/feed.atom", "Acme & Co · Run reliable hubs: progress updates"),
    ],
)
def test_feed_titles_carry_the_name(client, sample_plan, acme, url, title):
    feed = feedparser.parse(client.get(url).content)

    assert feed.feed.title == title
    assert feed.feed.author == "Acme & Co"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, start",
    [
        ("/plans/community-cloud/badge.svg", "Acme & Co · Community cloud plan: 39% done"),
        ("/plans/community-cloud/goals/hubs/badge.svg", "Acme & Co · Run reliable hubs (Community cloud"),
    ],
)
def test_badge_titles_carry_the_name(client, sample_plan, acme, url, start):
    badge = ET.fromstring(client.get(url).content)  # noqa: S314 - our own output

    assert badge.find(SVG_TITLE).text.startswith(start)
    assert badge.get("aria-label") == badge.find(SVG_TITLE).text


def test_a_logo_on_another_host_is_allowed_by_the_csp_from_that_host_only():
    code = "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    env = production_env(STRATEGY_ORGANIZATION_LOGO_URL="https://cdn.example.org/logo.png")

    result = run_python("import django; django.setup(); " + code, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[\"'self'\", 'data:', 'https://cdn.example.org']"


@pytest.mark.parametrize("variable", ["STRATEGY_ORGANIZATION_URL", "STRATEGY_ORGANIZATION_LOGO_URL"])
def test_an_address_that_is_not_http_is_refused_at_start(variable):
    env = production_env(**{variable: "javascript:alert(1)"})

    result = run_python("import django; django.setup()", env=env)

    assert result.returncode != 0
    assert f"{variable} must start with https://, http:// or /" in result.stderr


def test_make_run_names_2i2c_whose_plan_it_serves_and_the_demo_an_example():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()

    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "$(RUN_ORGANIZATION)" in run
    assert 'STRATEGY_ORGANIZATION_NAME="$${STRATEGY_ORGANIZATION_NAME-2i2c}"' in makefile
    assert 'STRATEGY_ORGANIZATION_URL="$${STRATEGY_ORGANIZATION_URL-https://2i2c.org}"' in makefile
    assert 'STRATEGY_ORGANIZATION_NAME="$${STRATEGY_ORGANIZATION_NAME-Example Org}"' in demo
