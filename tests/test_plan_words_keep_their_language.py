"""The plan's own words are marked with the plan's language on every surface that shows them.

Bait first: a plan whose every text of its own (title, introduction, goal titles and rationales,
objective statements and descriptions, key-result metric, evidence titles and summaries, check-in
notes) holds the word QUOKKA, written in one language while the page is read in the other (a plan
in English read in Spanish, and a plan in Spanish read in English). Then every page type is read
as HTML: each text holding the word must sit in an element whose nearest `lang` is the plan's, and
no text of the page's own (in the page's language) may sit in such an element. The open data says
the same in its own way: the API names the plan's language, a feed entry's HTML marks the plan's
words, a badge says which language its words are in.

A new page type joins by adding a line to PAGE_TYPES.
"""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from goals.board.snapshots import record_review
from goals.check_ins import record_check_in
from goals.models import KeyResult, Objective, Plan
from goals.permissions import BOARD, FOUNDERS, OWNERS
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import admin_url, make_user

pytestmark = pytest.mark.integration

WORD = "QUOKKA"
# (plan's language, page's language)
LANGUAGES = [pytest.param("en", "es", id="plan-en-page-es"), pytest.param("es", "en", id="plan-es-page-en")]


@pytest.fixture
def plan_words(db, request):
    today = timezone.localdate()
    plan = PlanFactory(
        title=f"{WORD} plan", slug="quokka", introduction=f"{WORD} introduction.", status=Plan.Status.ACTIVE,
        starts_on=today - timedelta(days=60), due_on=today + timedelta(days=300),
    )  # fmt: skip
    goal = GoalFactory(plan=plan, title=f"{WORD} goal", slug="goal", rationale=f"{WORD} rationale.")
    owner = OwnerFactory(name="Ada Owner", slug="ada", user=make_user("ada", OWNERS))
    by_hand = ObjectiveFactory(
        goal=goal, statement=f"{WORD} objective by hand", slug="by-hand", description=f"{WORD} description.",
        status=Objective.Status.AT_RISK, progress_source=Objective.ProgressSource.MANUAL, progress=10,
        owners=[owner],
    )  # fmt: skip
    measured = ObjectiveFactory(
        goal=goal, statement=f"{WORD} objective measured", slug="measured", owners=[owner],
        progress_source=Objective.ProgressSource.MEASURED,
    )  # fmt: skip
    KeyResult.objects.create(objective=measured, metric=f"{WORD} metric", unit="", target=4)
    EvidenceFactory(
        objective=by_hand, title=f"{WORD} evidence", summary=f"{WORD} evidence summary.",
        happened_on=today - timedelta(days=5),
    )  # fmt: skip
    board = make_user("boris", BOARD)
    first = record_review(
        plan, held_on=today - timedelta(days=30), attendees="Boris", recorded_by=board, is_public=True
    )
    record_check_in(
        by_hand, author=owner.user, status=Objective.Status.ON_TRACK, note=f"{WORD} check-in note."
    )
    record_check_in(measured, author=owner.user, value=2, note=f"{WORD} measurement note.")
    second = record_review(plan, held_on=today, attendees="Boris", recorded_by=board)
    return {
        "owner": owner.user, "board": board, "founder": make_user("fiona", FOUNDERS), "plan": plan,
        "first": first, "second": second, "objective": by_hand,
    }  # fmt: skip


# Every page type that shows plan content, as (name, who signs in, address).
PAGE_TYPES = [
    ("home", None, "/"),
    ("plan list", None, "/plans/"),
    ("plan", None, "/plans/quokka/"),
    ("plan, filtered", None, "/plans/quokka/?status=at_risk"),
    ("goal", None, "/plans/quokka/goals/goal/"),
    ("objective", None, "/plans/quokka/goals/goal/objectives/by-hand/"),
    ("objective, measured", None, "/plans/quokka/goals/goal/objectives/measured/"),
    ("plan's updates", None, "/plans/quokka/updates/"),
    ("goal's updates", None, "/plans/quokka/goals/goal/updates/"),
    ("search", None, "/search/?q=quokka"),  # lower case: the query echoed is the reader's
    ("owner", None, "/owners/ada/"),
    ("owners' page", "owner", "/me/"),
    ("board home", "board", "/review/"),
    ("board packet", "board", "/review/plans/quokka/"),
    ("record a review", "board", "/review/plans/quokka/record/"),
    ("review record", "board", "/review/records/{first}/"),
    ("compare with now", "board", "/review/compare/?a={first}&b=now"),
    ("compare two reviews", "board", "/review/compare/?a={first}&b={second}"),
    ("admin: post an update", "founder", "{post_update}"),
]


class LanguageOfText(HTMLParser):
    """Each text of a page's body with the nearest `lang` around it and the element that says it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    SKIPPED = {"head", "script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang or None, attributes)
        self.texts = []  # (text, nearest lang, the tag that says it, its attributes)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        self.stack.append((tag, attrs.get("lang") or attrs.get("xml:lang"), attrs))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:  # close what the end tag closes, as a browser would
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not data.strip() or any(tag in self.SKIPPED for tag, _, _ in self.stack):
            return
        # An SVG's <title> and <desc> are text only: a chart's sentence that names the plan's words
        # cannot mark them there (the same sentence is marked in the chart's HTML caption and table).
        if len(self.stack) > 1 and self.stack[-1][0] in ("title", "desc") and self.stack[-2][0] == "svg":
            return
        tag, lang, attrs = next(((t, lang, a) for t, lang, a in reversed(self.stack) if lang), ("", None, {}))
        self.texts.append((" ".join(data.split()), lang, tag, attrs))


def holds_plan_words(text, *, in_any_case=False):
    # A chart's data table writes its title in lower case ("quokka goal"); addresses (the plan's
    # slug) and the search box's echo of the query ("quokka") are no plan words to mark.
    return WORD.casefold() in text.casefold() if in_any_case else WORD in text


def wrongly_marked(html, plan_language):
    """The plan's words not in the plan's language, and the page's words marked as the plan's."""
    reader = LanguageOfText()
    reader.feed(html)
    reader.close()
    plan_words = [text for text, lang, _, _ in reader.texts if holds_plan_words(text)]
    not_marked = [
        (text, lang) for text, lang, _, _ in reader.texts if holds_plan_words(text) and lang != plan_language
    ]
    page_words_marked = [
        text
        for text, lang, tag, attrs in reader.texts
        if not holds_plan_words(text, in_any_case=True)
        and lang == plan_language
        and tag != "html"
        and not (tag == "option" and attrs.get("value") == lang)  # the switcher's own language names
        and any(character.isalpha() for character in text)
    ]
    return plan_words, {"not marked": not_marked, "page's words marked": page_words_marked}


NOTHING_WRONG = {"not marked": [], "page's words marked": []}


@pytest.mark.parametrize(("plan_language", "page_language"), LANGUAGES)
@pytest.mark.parametrize(("name", "who", "url"), PAGE_TYPES, ids=[name for name, _, _ in PAGE_TYPES])
def test_every_page_marks_the_plans_words_with_the_plans_language(
    client, plan_words, plan_language, page_language, name, who, url
):
    Plan.objects.filter(pk=plan_words["plan"].pk).update(language=plan_language)
    if who:
        client.force_login(plan_words[who])
    url = url.format(
        first=plan_words["first"].pk,
        second=plan_words["second"].pk,
        post_update=admin_url(plan_words["objective"], "update"),
    )

    response = client.get(url, HTTP_ACCEPT_LANGUAGE=page_language)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{page_language}"' in html
    shown, wrong = wrongly_marked(html, plan_language)
    assert shown != []  # the page does show the plan's words
    assert wrong == NOTHING_WRONG


@pytest.mark.parametrize(("plan_language", "page_language"), LANGUAGES)
def test_the_measurements_upload_preview_marks_the_plans_words(
    client, plan_words, plan_language, page_language
):
    """The one page of ours that only a POST shows: the admin's preview of a measurements CSV."""
    Plan.objects.filter(pk=plan_words["plan"].pk).update(language=plan_language)
    client.force_login(plan_words["founder"])
    text = (
        f"objective;date;value;note\nquokka/goal/measured;{timezone.localdate():%Y-%m-%d};3;{WORD} counted\n"
    )

    response = client.post(
        reverse("admin:goals_checkin_upload"),
        {"file": SimpleUploadedFile("m.csv", text.encode(), content_type="text/csv"), "visibility": "public"},
        HTTP_ACCEPT_LANGUAGE=page_language,
    )

    assert response.status_code == 200
    shown, wrong = wrongly_marked(response.content.decode(), plan_language)
    assert sorted(shown) == [f"{WORD} counted", f"{WORD} objective measured"]
    assert wrong == NOTHING_WRONG


def test_the_check_catches_a_plan_title_without_its_language():
    html = (
        '<html lang="es"><body><h1>QUOKKA plan</h1><p lang="en">Objetivo <a>QUOKKA goal</a></p></body></html>'
    )

    _, wrong = wrongly_marked(html, "en")

    assert wrong == {"not marked": [("QUOKKA plan", "es")], "page's words marked": ["Objetivo"]}


# --- open data ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/quokka",
        "/api/v1/plans/quokka/goals/goal",
        "/api/v1/plans/quokka/goals/goal/objectives/by-hand",
    ],
)
@pytest.mark.parametrize(("plan_language", "page_language"), LANGUAGES)
def test_the_api_says_which_language_the_plans_words_are_in(
    client, plan_words, plan_language, page_language, url
):
    Plan.objects.filter(pk=plan_words["plan"].pk).update(language=plan_language)

    body = json.loads(client.get(url, HTTP_ACCEPT_LANGUAGE=page_language).content)

    assert body["language"] == plan_language


def test_the_api_gives_the_sites_language_for_a_plan_that_names_none(client, plan_words, settings):
    body = json.loads(client.get("/api/v1/plans/quokka").content)

    assert body["language"] == settings.LANGUAGE_CODE == "en"


@pytest.mark.parametrize("url", ["/plans/quokka/feed.atom", "/plans/quokka/goals/goal/feed.atom"])
@pytest.mark.parametrize(("plan_language", "page_language"), LANGUAGES)
def test_a_feed_entrys_html_marks_the_plans_words(client, plan_words, plan_language, page_language, url):
    Plan.objects.filter(pk=plan_words["plan"].pk).update(language=plan_language)

    body = client.get(url, HTTP_ACCEPT_LANGUAGE=page_language).content.decode()

    feed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    assert ET.fromstring(body).get("{http://www.w3.org/XML/1998/namespace}lang") == page_language  # noqa: S314
    assert {entry.category for entry in feed.entries} == {"Status", "Evidence", "Check-in"}
    for entry in feed.entries:
        shown, wrong = wrongly_marked(
            f'<html lang="{page_language}"><body>{entry.summary}</body></html>', plan_language
        )
        assert shown != []
        assert wrong == NOTHING_WRONG, entry.title


@pytest.mark.parametrize("url", ["/plans/quokka/badge.svg", "/plans/quokka/goals/goal/badge.svg"])
@pytest.mark.parametrize(("plan_language", "page_language"), LANGUAGES)
def test_a_badge_says_the_language_of_its_words(client, plan_words, plan_language, page_language, url):
    Plan.objects.filter(pk=plan_words["plan"].pk).update(language=plan_language)

    svg = ET.fromstring(client.get(url, HTTP_ACCEPT_LANGUAGE=page_language).content)  # noqa: S314

    # Its texts ("progress", "42 %") and its title ("… : 42 % done") are the badge's own sentence.
    assert svg.get("{http://www.w3.org/XML/1998/namespace}lang") == page_language
    assert svg.get("lang") == page_language
