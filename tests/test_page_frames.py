"""The public pages (Jinja2, base.jinja) and the Django template pages (base.html) share one frame."""

import re

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def frame(html):
    """The page without its title, breadcrumbs, extra head links and main content; blank lines folded."""
    html = re.sub(r"<title>.*?</title>", "<title/>", html)
    html = re.sub(r'<nav class="breadcrumbs".*?</nav>', "", html, flags=re.S)
    html = re.sub(
        r'<link rel="(canonical|alternate)"[^>]*>|<link rel="stylesheet" href="[^"]*review[^"]*">', "", html
    )
    html = re.sub(r'<main id="main">.*</main>', "<main/>", html, flags=re.S)
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def test_jinja_and_django_pages_print_the_same_frame(client, sample_plan):
    jinja_pages = [client.get(url).content.decode() for url in ("/", "/plans/", "/owners/ada/")]
    django_404 = client.get("/plans/nope/").content.decode()

    assert "<main/>" in frame(django_404) and 'class="site-header"' in frame(django_404)
    for page in jinja_pages:
        assert frame(page) == frame(django_404)
