"""Hostile text in any field comes out as text, escaped for every format it lands in.

Bait first: a public plan whose every text field (plan title and introduction, goal title and
rationale, objective statement and description, owner name and role, evidence title, summary and
metric unit, a public review's summary, notes and decisions) holds the same hostile text: script tags,
an `<svg onload>`, quotes that close an attribute, spreadsheet formulas, a CDATA end, control
characters that XML 1.0 cannot carry. Then every surface that shows those fields is fetched and read
the way its consumer reads it: the Atom feeds with feedparser (its own HTML sanitizer off), the SVG
badges as XML, the CSVs with the csv module, the JSON API as JSON, the Markdown export as Markdown,
the public and review pages as HTML. Each must show the text (nothing dropped) and run none of it.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import feedparser
import pytest
from django.utils import timezone

from goals.board.snapshots import record_review
from goals.check_ins import record_check_in
from goals.handbook.markdown import parse_plan
from goals.models import Evidence, Objective, Plan
from goals.spreadsheet import FORMULA_STARTS
from goals.templatetags.plan_tags import markdown_to_safe_html
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_role_user

pytestmark = [pytest.mark.integration]

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "svg-onload": "<svg/onload=alert(document.domain)>",
    "closing-double-quote": '"><img src=x onerror=alert(1)>',
    "closing-single-quote": "' onmouseover='alert(1)' x='",
    "formula": "=cmd|' /C calc'!A0",
    "formula-plus": "+1+cmd|' /C calc'!A0",
    "formula-minus": "-2+3+cmd|' /C calc'!A0",
    "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "cdata-end": "]]><x y='1'>&amp;",
    "control-characters": "bell\x07 vertical\x0btab\x1b escape",
}

# What XML 1.0 cannot carry at all, even as a character reference.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
SVG_ELEMENTS = {"svg", "title", "rect", "g", "text"}
SVG_NS = "{http://www.w3.org/2000/svg}"


def as_xml_text(text):
    """What a feed or a badge can show of `text`: the same, less what XML 1.0 forbids."""
    return XML_FORBIDDEN.sub("", text)


@pytest.fixture(params=list(HOSTILE), ids=list(HOSTILE))
def hostile(request, db, settings):
    """A public plan with the hostile text in every text field, and a public board review of it; the
    organisation's name and its addresses (settings from the environment) carry it too."""
    text = HOSTILE[request.param]
    settings.STRATEGY_ORGANIZATION_NAME = text
    settings.STRATEGY_ORGANIZATION_URL = "https://example.org/?" + text
    settings.STRATEGY_ORGANIZATION_LOGO_URL = "/static/favicon.svg?" + text
    today = timezone.localdate()
    plan = PlanFactory(
        title=text, slug="hostile-plan", introduction=text, status=Plan.Status.ACTIVE,
        starts_on=today - timedelta(days=30), due_on=today + timedelta(days=300),
    )  # fmt: skip
    goal = GoalFactory(plan=plan, title=text, slug="hostile-goal", rationale=text)
    owner = OwnerFactory(name=text, slug="hostile-owner", role=text)
    objective = ObjectiveFactory(
        goal=goal, statement=text, slug="hostile-objective", description=text,
        status=Objective.Status.ON_TRACK, owners=[owner],
    )  # fmt: skip
    EvidenceFactory(
        objective=objective, title=text, summary=text, kind=Evidence.Kind.METRIC,
        metric_value=Decimal("12.5"), metric_unit=text[:40], happened_on=today - timedelta(days=1),
    )  # fmt: skip
    board = make_role_user("board", "boris")
    review = record_review(
        plan, held_on=today, attendees=text, notes=text, decisions=text, recorded_by=board,
        is_public=True, public_summary=text,
    )  # fmt: skip
    return {"text": text, "unit": text[:40], "review": review, "board": board}


# --- Reading each format as its consumer does --------------------------------------------------


class _HTMLReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def read_html(html):
    """(elements as (tag, attributes), the text a reader sees) of an HTML page or fragment."""
    reader = _HTMLReader()
    reader.feed(html)
    reader.close()
    return reader.tags, "".join(reader.text)


def assert_inert_html(html, *, allow=()):
    """No element or attribute in `html` that runs code or that the bait could have made."""
    tags, _ = read_html(html)
    suspicious = {"script", "svg", "img", "x", "iframe", "object"} - set(allow)
    # The plan page embeds its own badge; the bait's image has no such address. Progress bars draw
    # their pace tick as an SVG of ours (class "pace-tick", no text in it); the bait's has no class.
    made = [
        tag
        for tag, attrs in tags
        if tag in suspicious
        and not attrs.get("src", "").startswith("/")
        and not (tag == "svg" and attrs.get("class") == "pace-tick")
    ]
    assert made == []
    handlers = [(tag, name) for tag, attrs in tags for name in attrs if name.startswith("on")]
    assert handlers == []


def fetch(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    return response.content.decode()


# --- Atom feeds: the title is text, the summary is HTML -----------------------------------------

FEEDS = ["/plans/hostile-plan/feed.atom", "/plans/hostile-plan/goals/hostile-goal/feed.atom"]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_carry_the_text_as_text(client, hostile, url):
    body = fetch(client, url, "application/atom+xml; charset=utf-8")

    feed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)

    assert not feed.bozo, feed.get("bozo_exception")
    text = as_xml_text(hostile["text"])
    assert text in feed.feed.title
    assert feed.feed.title.startswith(f"{text} · ")  # the organisation's name
    assert feed.feed.author == text
    assert {entry.category for entry in feed.entries} == {"Status", "Evidence"}
    for entry in feed.entries:
        assert entry.title_detail.type == "text/plain"
        assert text in entry.title
        assert entry.summary_detail.type == "text/html"
        assert_inert_html(entry.summary)
        _, shown = read_html(entry.summary)
        assert text in shown
    evidence = next(entry for entry in feed.entries if entry.category == "Evidence")
    assert f"12.5 {as_xml_text(hostile['unit'])}" in read_html(evidence.summary)[1]


# --- Badges: SVG, an XML document -----------------------------------------------------------------

BADGES = ["/plans/hostile-plan/badge.svg", "/plans/hostile-plan/goals/hostile-goal/badge.svg"]


@pytest.mark.parametrize("url", BADGES)
def test_badges_are_well_formed_svg_with_the_text_as_text(client, hostile, url):
    body = fetch(client, url, "image/svg+xml; charset=utf-8")

    svg = ET.fromstring(body)  # noqa: S314 - our own output, and the point is that it parses

    elements = {element.tag.removeprefix(SVG_NS) for element in svg.iter()}
    assert elements <= SVG_ELEMENTS
    handlers = [name for element in svg.iter() for name in element.attrib if name.startswith("on")]
    assert handlers == []
    title = svg.find(f"{SVG_NS}title").text
    assert title.startswith(f"{as_xml_text(hostile['text'])} · {as_xml_text(hostile['text'])}")
    assert svg.get("aria-label") == title


# --- CSV: no cell is a formula ---------------------------------------------------------------------


def read_csv(body):
    return list(csv.reader(io.StringIO(body)))


def assert_no_formula(rows, text):
    cells = [cell for row in rows for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    shown = "'" + text if text.startswith(FORMULA_STARTS) else text
    assert shown in cells


def test_the_public_csv_has_no_formula(client, hostile):
    body = fetch(client, "/plans/hostile-plan/objectives.csv", "text/csv; charset=utf-8")

    assert_no_formula(read_csv(body), hostile["text"])


@pytest.mark.parametrize("which", ["snapshot", "objectives"])
def test_the_boards_csvs_have_no_formula(client, hostile, which):
    client.force_login(hostile["board"])
    url = {
        "snapshot": f"/review/records/{hostile['review'].pk}/snapshot.csv",
        "objectives": "/review/plans/hostile-plan/objectives.csv",
    }[which]

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert_no_formula(read_csv(response.content.decode()), hostile["text"])


# --- JSON API: the text itself, as data (no HTML escaping, which would show `&lt;`) ---------------

API = [
    "/api/v1/plans/hostile-plan",
    "/api/v1/plans/hostile-plan/goals/hostile-goal",
    "/api/v1/plans/hostile-plan/goals/hostile-goal/objectives/hostile-objective",
    "/api/v1/owners/hostile-owner",
    "/api/v1/evidence?plan=hostile-plan",
]


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


@pytest.mark.parametrize("url", API)
def test_the_api_returns_the_text_as_data(client, hostile, url):
    body = fetch(client, url, "application/json; charset=utf-8")

    strings = list(strings_in(json.loads(body)))

    assert hostile["text"] in strings
    assert [s for s in strings if "&lt;" in s or "&#" in s] == []


# --- Markdown export: the handbook format, a download of text --------------------------------------


def test_the_markdown_export_is_text_that_renders_inert(client, hostile):
    body = fetch(client, "/plans/hostile-plan/plan.md", "text/markdown; charset=utf-8")

    parsed = parse_plan(body)

    assert parsed.title == hostile["text"].strip()
    assert [goal.title for goal in parsed.goals] == [hostile["text"].strip()]
    assert_inert_html(markdown_to_safe_html(body))


# --- HTML pages: the public pages and the board's --------------------------------------------------

PUBLIC_PAGES = [
    "/",
    "/plans/",
    "/plans/hostile-plan/",
    "/plans/hostile-plan/goals/hostile-goal/",
    "/plans/hostile-plan/goals/hostile-goal/objectives/hostile-objective/",
    "/owners/hostile-owner/",
    "/plans/hostile-plan/updates/",
    "/plans/hostile-plan/goals/hostile-goal/updates/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_show_the_text_and_run_none_of_it(client, hostile, url):
    body = fetch(client, url, "text/html; charset=utf-8")

    assert_inert_html(body)
    assert hostile["text"] in read_html(body)[1]
    tags, _ = read_html(body)
    logo = next(attrs for tag, attrs in tags if tag == "img" and attrs.get("class") == "site-logo")
    assert logo == {
        "class": "site-logo",
        "src": "/static/favicon.svg?" + hostile["text"],
        "alt": hostile["text"],
        "height": "32",
    }
    footer_link = body.split('<footer class="site-footer">')[1]
    assert [attrs["href"] for tag, attrs in read_html(footer_link)[0] if tag == "a"] == [
        "https://example.org/?" + hostile["text"]
    ]


@pytest.mark.parametrize("query", ["hostile-text", "findme"])
def test_search_shows_the_text_and_runs_none_of_it(client, hostile, query):
    """The text as the query (echoed in the title, the box and the count), and in the results: of
    every kind, found by a word next to it (PostgreSQL reads markup such as `<script>` as no word)."""
    plan = Plan.objects.get(slug="hostile-plan")
    text = hostile["text"]
    goal = GoalFactory(plan=plan, title=f"findme {text}", rationale=text)
    objective = ObjectiveFactory(goal=goal, statement=f"findme {text}")
    EvidenceFactory(objective=objective, title=f"findme {text}", summary=text)
    record_check_in(objective, note=f"findme {text}")

    response = client.get("/search/", {"q": text if query == "hostile-text" else query})

    body = response.content.decode()
    assert response.status_code == 200
    assert_inert_html(body)
    _, shown = read_html(body)
    if query == "hostile-text":
        assert f"Search: {text.strip()}" in shown
    else:
        assert "4 results for “findme”" in shown
        # The four results, and the three that name their goal or objective.
        assert shown.count(f"findme {text}") == 7


@pytest.mark.parametrize("page", ["home", "packet", "record", "compare"])
def test_review_pages_show_the_text_and_run_none_of_it(client, hostile, page):
    client.force_login(hostile["board"])
    url = {
        "home": "/review/",
        "packet": "/review/plans/hostile-plan/",
        "record": f"/review/records/{hostile['review'].pk}/",
        "compare": f"/review/compare/?a={hostile['review'].pk}&b=now",
    }[page]

    response = client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    assert_inert_html(body, allow={"svg"})  # the packet's charts are SVG
    assert hostile["text"] in read_html(body)[1]


def test_the_feed_summary_builders_escape_their_inputs(db):
    """The unit tests under the feed: each piece of an entry's HTML, on its own."""
    from goals.opendata.feeds import evidence_entry, status_entry

    goal = GoalFactory(plan=PlanFactory(status=Plan.Status.ACTIVE, starts_on=date(2026, 1, 1)))
    objective = ObjectiveFactory(goal=goal, statement="<b>bold</b>", status=Objective.Status.AT_RISK)
    evidence = EvidenceFactory(
        objective=objective, summary="", kind=Evidence.Kind.METRIC, metric_value=Decimal("3"),
        metric_unit="<i>units</i>",
    )  # fmt: skip

    assert evidence_entry(evidence).summary == "<p>3 &lt;i&gt;units&lt;/i&gt;</p>"
    assert status_entry(objective).summary == (
        "<p>&lt;b&gt;bold&lt;/b&gt;</p><p>Status: At risk. Progress: 50%.</p>"
    )
