"""Every page in the reader's language, with one complete translation shipped (issue 18).

(a) The Spanish catalogue covers every string the code marks (extracted afresh, as `make messages`
    does), with nothing fuzzy, and the compiled .mo that the site loads says the same.
(b) Each page type done so far, rendered in Spanish, shows no English of the site's own: no English
    msgid of the catalogue, and no text left as it was in English (the plan's own words excepted).
    PAGE_TYPES lists every page type: public, owners', board, e-mail preferences and errors.
(c) A Spanish page is valid HTML (the Nu checker); axe-core runs on one in
    tests/browser/test_translated_pages.py.
(d) The footer's switcher works without JavaScript: a plain POST, back to the page, in Spanish.
"""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from goals.board.digest import build_digest
from goals.board.snapshots import record_review
from goals.check_ins import record_check_in
from goals.models import (
    CheckIn,
    Evidence,
    Goal,
    KeyResult,
    NotificationPreference,
    Objective,
    Owner,
    Plan,
    Review,
)
from goals.notifications.emails import Recipient, digest_message, reminder_message
from goals.notifications.sending import due_reminders
from goals.notifications.tokens import make_token
from goals.permissions import BOARD, FOUNDERS, OWNERS
from goals.templatetags.plan_tags import render_markdown
from tests.nu_checker import nu_errors
from tests.roles import ensure_roles, make_user

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def speaking(client, language):
    """The reader's language, as the browser asks for it and as the footer's switcher stores it: an
    unsubscribe link's page is in its recipient's e-mail language unless the visitor chose one."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language["HTTP_ACCEPT_LANGUAGE"]
    return language


# Every page type, as (name, who signs in, address); "{review}" is the public review `site`
# records, "{earlier}" the one before it, "{token}" the unsubscribe link's of Ada's reminders and
# "{stopped}" the one of someone who stopped them already.
PAGE_TYPES = [
    ("home", None, "/"),
    ("plan list", None, "/plans/"),
    ("plan", None, "/plans/community-cloud/"),
    ("plan, filtered", None, "/plans/community-cloud/?flag=stale"),
    ("plan, archived", None, "/plans/founding/"),
    ("goal", None, "/plans/community-cloud/goals/hubs/"),
    ("objective", None, "/plans/community-cloud/goals/hubs/objectives/uptime/"),
    ("objective, measured", None, "/plans/community-cloud/goals/hubs/objectives/institutions/"),
    ("objective, archived plan", None, "/plans/founding/goals/incorporate/objectives/company/"),
    ("plan's updates", None, "/plans/community-cloud/updates/"),
    ("goal's updates", None, "/plans/community-cloud/goals/hubs/updates/"),
    ("search", None, "/search/?q=hubs"),
    ("search, nothing found", None, "/search/?q=zzzz"),
    ("search, no words", None, "/search/?q="),
    ("plan, unknown filter", None, "/plans/community-cloud/?owner=nobody"),
    ("owner list", None, "/owners/"),
    ("owner", None, "/owners/ada/"),
    ("404", None, "/plans/nope/"),
    ("403", "owner", "/review/"),
    ("403, no owner", "board", "/me/"),
    ("sign-in", None, "/accounts/login/?next=/review/"),
    ("sign-in, signed in", "owner", "/accounts/login/"),
    ("owners' page", "owner", "/me/"),
    ("owners' page, a founder on an owner's", "founder", "/me/?owner=ada"),
    ("e-mail preferences", "owner", "/account/notifications/"),
    ("e-mail preferences, a board member's", "board", "/account/notifications/"),
    ("unsubscribe", None, "/notifications/unsubscribe/reminders/{token}/"),
    ("unsubscribe, stopped already", None, "/notifications/unsubscribe/reminders/{stopped}/"),
    ("unsubscribe link not valid", None, "/notifications/unsubscribe/reminders/not-a-token/"),
    ("board home", "board", "/review/"),
    ("board packet", "board", "/review/plans/community-cloud/"),
    ("board packet, changes since", "board", "/review/plans/community-cloud/?since={since}"),
    ("record a review", "board", "/review/plans/community-cloud/record/"),
    ("review record", "board", "/review/records/{review}/"),
    ("compare two reviews", "board", "/review/compare/?a={earlier}&b={review}"),
    ("compare with now", "board", "/review/compare/?a={review}&b=now"),
    # The admin's pages of our own templates (Django's own are in Django's catalogue).
    ("admin, post an update", "owner", f"/{settings.ADMIN_URL}goals/objective/{{uptime}}/update/"),
    ("admin, an objective's history", "founder", f"/{settings.ADMIN_URL}goals/objective/{{uptime}}/history/"),
    ("admin, upload measurements", "founder", f"/{settings.ADMIN_URL}goals/checkin/upload/"),
    ("admin, import a plan", "founder", f"/{settings.ADMIN_URL}goals/plan/import/"),
    ("admin, deleted goals", "founder", f"/{settings.ADMIN_URL}goals/goal/deleted/"),
    ("admin, API tokens", "founder", f"/{settings.ADMIN_URL}goals/apitoken/"),
    (
        "admin, a version to revert to",
        "founder",
        f"/{settings.ADMIN_URL}goals/objective/{{uptime}}/history/{{version}}/",
    ),
]


def sign_in_until_paused(client, site, language):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": "boris", "password": "wrong"}, **language)
    return response


def stop_reminders(client, site, language):
    return client.post(f"/notifications/unsubscribe/reminders/{site['token']}/", **language)


def refused_check_in(client, site, language):
    objective = Objective.objects.get(slug="uptime")
    return client.post(f"/me/objectives/{objective.pk}/check-in/", {"status": "no-such-status"}, **language)


def refused_github_link(client, site, language):
    objective = Objective.objects.get(slug="uptime")
    url = "https://gitlab.example.org/o/r/-/issues/1"
    return client.post(f"/me/objectives/{objective.pk}/github/", {"url": url}, **language)


# The pages that answer a form, as (name, who signs in, what sends it in a language, its status).
ANSWERS = [
    ("sign-in paused", None, sign_in_until_paused, 429),
    ("unsubscribed", None, stop_reminders, 200),
    ("owners' page, a refused check-in", "owner", refused_check_in, 400),
    ("owners' page, a refused GitHub link", "owner", refused_github_link, 400),
]
# --- (a) the catalogue --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogue as `make messages` would leave it now: the committed one, merged with what the
    code marks today (in a copy, so that the real one is left alone).

    The sources are copied, not linked: makemessages writes a temporary file beside each template it
    reads, and two test workers extracting from the same tree at once broke each other's xgettext."""
    work = tmp_path_factory.mktemp("extract")
    for part in ("goals", "strategy_site", "templates"):
        shutil.copytree(ROOT / part, work / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (work / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(CATALOGUE, work / "locale" / "es" / "LC_MESSAGES" / "django.po")
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "django", "makemessages", "--locale", "es", "--no-obsolete"]
        + ["--add-location", "file", "--extension", "html,txt,py"],
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "strategy_site.settings"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    catalogue = polib.pofile(str(work / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    # makemessages prints xgettext's warnings on its stdout.
    output = (result.stdout + result.stderr).splitlines()
    catalogue.xgettext_warnings = [line for line in output if "warning" in line]
    return catalogue


def key(entry):
    return (entry.msgctxt, entry.msgid)


@pytest.mark.integration
def test_every_marked_string_is_translated_and_none_is_fuzzy(extracted):
    untranslated = [entry.msgid for entry in extracted if not entry.translated() and not entry.obsolete]
    fuzzy = [entry.msgid for entry in extracted if "fuzzy" in entry.flags]

    assert untranslated == []
    assert fuzzy == []
    assert extracted.percent_translated() == 100


@pytest.mark.integration
def test_no_string_is_marked_both_with_and_without_a_plural(extracted):
    """A plural's entry is found only by ngettext: the same words marked without a plural elsewhere
    stayed English on a Spanish page (the goal page's "2 behind schedule")."""
    assert [line for line in extracted.xgettext_warnings if "without plural and with plural" in line] == []


@pytest.mark.integration
def test_the_committed_catalogue_is_the_extracted_one(extracted):
    committed = polib.pofile(str(CATALOGUE))

    assert sorted(map(key, committed), key=str) == sorted(map(key, extracted), key=str)


@pytest.mark.integration
def test_the_compiled_catalogue_says_what_the_catalogue_says():
    assert COMPILED.exists(), "locale/es/LC_MESSAGES/django.mo is missing: `make` builds it (msgfmt)."
    catalogue, compiled = polib.pofile(str(CATALOGUE)), polib.mofile(str(COMPILED))
    compiled_strings = {key(entry): (entry.msgstr, entry.msgstr_plural) for entry in compiled}

    stale = [
        entry.msgid
        for entry in catalogue
        if compiled_strings.get(key(entry)) != (entry.msgstr, entry.msgstr_plural or {})
    ]
    assert stale == [], "The .mo is older than the .po: run `make` (or `make messages`)."


# --- (b) no English left ------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """The text a reader meets (text, and the alt, title and aria-label attributes), leaving out
    what is in another language than the page (`lang`: the plan's words, the languages' names)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    SKIPPED = {"script", "style"}

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.stack = []  # for each open element: is its content left out?
        self.texts = []

    def skipping(self):
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = self.skipping() or tag in self.SKIPPED or attrs.get("lang", self.language) != self.language
        if not skip:
            self.texts += [attrs[name] for name in ("alt", "title", "aria-label") if attrs.get(name)]
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipping() and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html, language):
    parser = VisibleText(language)
    parser.feed(html)
    return parser.texts


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\}|%%|<[^>]+>")


def english_phrases():
    """The catalogue's English, cut at placeholders and tags: phrases of two words or more that the
    Spanish does not also use (a name such as "strategy-site" is the same in both)."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        translations = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            for phrase in PLACEHOLDER.split(msgid):
                phrase = " ".join(phrase.split()).strip(" .,:;()")
                if len(re.findall(r"[A-Za-z]{2,}", phrase)) >= 2 and phrase not in translations:
                    phrases.add(phrase)
    return phrases


def plan_content():
    """Every text the database holds for the plan (names, titles, statements, notes, the board's
    review records), each also as the pieces of text its Markdown renders to ("We **fixed** it"),
    and its people's logins (shown on their own pages)."""
    values = {
        value for row in get_user_model().objects.values_list("username", "email") for value in row if value
    }
    for model in (Plan, Goal, Objective, Owner, Evidence, CheckIn, KeyResult, Review):
        fields = [f.name for f in model._meta.fields if f.get_internal_type() in ("CharField", "TextField")]
        for row in model.objects.values_list(*fields):
            values.update(str(value) for value in row if value)
    values.update(line.strip() for value in list(values) for line in value.splitlines() if line.strip())
    values.update(piece for value in list(values) for piece in visible_texts(render_markdown(value), "en"))
    return sorted(values, key=len, reverse=True)


def months_written_alike():
    """Month abbreviations Spanish writes as English does ("Jul", "Oct"): a chart's "Oct 2026"."""
    months = [date(2000, month, 1) for month in range(1, 13)]
    with translation.override("es"):
        spanish = [date_format(day, "M") for day in months]
    with translation.override("en"):
        english = [date_format(day, "M") for day in months]
    return {word for word, other in zip(english, spanish, strict=True) if word == other}


def same_as_in_english(spanish_texts, english_texts, content):
    """The Spanish page's texts that are exactly as on the English page, once the plan's own words
    (and what both languages write alike: numbers, web addresses, some months) are taken out."""
    english = set(english_texts)
    alike = months_written_alike() | {"strategy-site", "Axes"}  # Axes: django-axes, in the admin's menu
    # What the Spanish catalogue writes as the English does ("Error 404", "Token", "Plan").
    written_alike = {entry.msgid for entry in polib.pofile(str(CATALOGUE)) if entry.msgstr == entry.msgid}
    left = []
    for text in spanish_texts:
        if text not in english or text in written_alike:
            continue
        rest = re.sub(r"https?://\S+", " ", text)
        for value in content:
            rest = rest.replace(value, " ")
        if any(len(word) > 2 and word not in alike for word in re.findall(r"[A-Za-z][\w-]*", rest)):
            left.append(text)
    return left


def english_left(spanish_html, english_html):
    """What of the site's own English a Spanish page still shows."""
    spanish_texts = visible_texts(spanish_html, "es")
    shown = " ".join(spanish_texts)
    msgids = sorted(phrase for phrase in english_phrases() if phrase in shown)
    unmarked = same_as_in_english(spanish_texts, visible_texts(english_html, "en"), plan_content())
    return {"catalogue's English": msgids, "text as in English": unmarked}


NOTHING_LEFT = {"catalogue's English": [], "text as in English": []}


@pytest.fixture
def site(sample_plan, measured_objective, archived_plan):
    """The sample plans, Ada's login (an owner's, for the owners' page), a board member's, a public
    review recorded with notes and decisions, and a check-in posted since (for the packet)."""
    ensure_roles()
    ada = Owner.objects.get(slug="ada").user
    ada.groups.add(Group.objects.get(name=OWNERS))
    plan = Plan.objects.get(slug="community-cloud")
    review = record_review(
        plan,
        held_on=timezone.localdate(),
        attendees="Ann\nBoris",
        notes="We looked at the hubs.",
        decisions="Keep going.",
        is_public=True,
        public_summary="On course.",
    )
    record_check_in(
        Objective.objects.get(slug="uptime"), author=ada, status=Objective.Status.AT_RISK, note="Two outages."
    )
    earlier = record_review(
        plan, held_on=timezone.localdate() - timedelta(days=30), attendees="Ann", notes="A first look."
    )
    board = make_user("boris", BOARD)
    NotificationPreference.objects.create(user=board, reminders=False)
    return {
        "owner": ada,
        "board": board,
        "founder": make_user("fiona", FOUNDERS),
        "review": review,
        "earlier": earlier,
        "token": make_token(ada, "reminders"),
        "stopped": make_token(board, "reminders"),
        "since": f"{timezone.localdate() - timedelta(days=60):%Y-%m-%d}",
        "uptime": Objective.objects.get(slug="uptime"),
        "version": Objective.objects.get(slug="uptime").history.earliest().history_id,
    }


def address(url, site):
    return url.format(**{key: getattr(value, "pk", value) for key, value in site.items()})


@pytest.mark.integration
@pytest.mark.parametrize(("name", "who", "url"), PAGE_TYPES, ids=[name for name, _, _ in PAGE_TYPES])
def test_a_spanish_page_shows_no_english_of_the_sites_own(client, site, name, who, url):
    if who:
        client.force_login(site[who])
    url = address(url, site)

    spanish = client.get(url, **speaking(client, SPANISH))
    english = client.get(url, **speaking(client, ENGLISH))

    assert spanish.status_code == english.status_code  # 404, or 400 for the unsubscribe link
    assert spanish["Content-Language"] == "es"
    assert english_left(spanish.content.decode(), english.content.decode()) == NOTHING_LEFT


@pytest.mark.integration
@pytest.mark.parametrize(("name", "who", "send", "status"), ANSWERS, ids=[name for name, *_ in ANSWERS])
def test_a_spanish_answer_to_a_form_shows_no_english_of_the_sites_own(client, site, name, who, send, status):
    if who:
        client.force_login(site[who])

    spanish = send(client, site, speaking(client, SPANISH))
    english = send(client, site, speaking(client, ENGLISH))

    assert (spanish.status_code, english.status_code) == (status, status)
    assert spanish["Content-Language"] == "es"
    assert english_left(spanish.content.decode(), english.content.decode()) == NOTHING_LEFT


@pytest.mark.integration
def test_the_home_page_without_a_plan_is_in_spanish(client, db):
    spanish, english = client.get("/", **SPANISH), client.get("/", **ENGLISH)

    assert spanish.templates[0].name == "public/no_plan.html"
    assert english_left(spanish.content.decode(), english.content.decode()) == NOTHING_LEFT


@pytest.mark.integration
@pytest.mark.parametrize("template", ["400.html", "413.html", "500.html", "503.html"])
def test_the_standalone_error_pages_are_in_spanish(db, template):
    with translation.override("es"):
        spanish = render_to_string(template)
    with translation.override("en"):
        english = render_to_string(template)

    assert '<html lang="es">' in spanish
    assert english_left(spanish, english) == NOTHING_LEFT


def emails(world, language):
    """The reminder and the digest, as send_reminders would write them in `language`."""
    today = timezone.localdate()
    since = timezone.make_aware(datetime.combine(today.replace(day=1), time.min))
    (recipient, objectives), *_ = due_reminders(today)
    reminder = reminder_message(replace(recipient, language=language), objectives, today)
    board = Recipient(user=world["board"], address="boris@example.org", name="Boris", language=language)
    with translation.override(language):  # as send_reminders builds it: in the reader's language
        digests = build_digest(since, today)
    digest = digest_message(board, digests, since, today)
    return {"reminder": reminder, "digest": digest}


@pytest.mark.integration
@pytest.mark.parametrize("kind", ["reminder", "digest"])
def test_the_emails_are_in_spanish(world, kind):
    world["my_objective"].status = Objective.Status.AT_RISK  # the digest has something to flag
    world["my_objective"].save()

    spanish, english = emails(world, "es")[kind], emails(world, "en")[kind]

    assert spanish.subject != english.subject
    assert english_left(spanish.alternatives[0][0], english.alternatives[0][0]) == NOTHING_LEFT
    spanish_text = [" ".join(line.split()) for line in spanish.body.splitlines() if line.strip()]
    english_text = [" ".join(line.split()) for line in english.body.splitlines() if line.strip()]
    assert same_as_in_english(spanish_text, english_text, plan_content()) == []


def test_the_check_catches_english(client, site):
    """The check itself: an English page is full of the catalogue's English."""
    english = client.get("/owners/ada/", **ENGLISH).content.decode()

    left = english_left(english.replace('lang="en"', 'lang="es"'), english)

    assert "Updates and evidence" not in left["catalogue's English"]  # not on this page
    assert "Responsible for 3 objectives" in left["text as in English"]


# --- the page's language ------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize(
    ("base", "url", "who"),
    [
        ("base.html", "/plans/", None),
        ("notifications/base.html", "/account/notifications/", "owner"),
        ("board/base.html", "/review/", "board"),
        ("admin/base_site.html", f"/{settings.ADMIN_URL}", "board"),
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_base_template_says_the_pages_language(client, site, base, url, who, language):
    if who:
        client.force_login(site[who])

    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert re.search(r"<html lang=\"([^\"]+)\"", html)[1] == language


# --- (c) valid HTML in Spanish ------------------------------------------------------------------


# Django's change form (here a version's) gives the hidden version field a <label for>, which the
# checker refuses: Django's markup (admin/includes/fieldset.html), not ours.
NOT_NU_CHECKED = {"admin, a version to revert to"}


@pytest.mark.integration
def test_spanish_pages_are_valid_html(client, site, tmp_path):
    files = []
    pages = [
        (who, lambda url=url: client.get(address(url, site), **SPANISH))
        for name, who, url in PAGE_TYPES
        if name not in NOT_NU_CHECKED
    ]
    pages += [(who, lambda send=send: send(client, site, SPANISH)) for _, who, send, _ in ANSWERS]
    for number, (who, fetch) in enumerate(pages):
        client.logout()
        speaking(client, SPANISH)
        if who:
            client.force_login(site[who])
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(fetch().content)
        files.append(str(path))

    assert nu_errors(files) == []


# --- (d) the switcher ---------------------------------------------------------------------------


@pytest.mark.integration
def test_the_switcher_is_a_plain_form_in_the_footer(client, site):
    html = client.get("/owners/ada/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]

    assert '<form class="language-switcher" action="/language/" method="post">' in footer
    assert '<option value="es" lang="es">español</option>' in footer
    assert 'name="next" value="/owners/ada/"' in footer
    assert "<script" not in html


@pytest.mark.integration
def test_the_switcher_sends_the_reader_back_to_the_page_in_spanish(client, site):
    response = client.post("/language/", {"language": "es", "next": "/owners/ada/"})
    page = client.get(response["Location"])

    assert (response.status_code, response["Location"]) == (302, "/owners/ada/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert '<html lang="es">' in page.content.decode()
    assert "<h2>Actualizaciones y evidencias</h2>" not in page.content.decode()  # an owner's page
    assert "Responsable de 3 objetivos" in page.content.decode()


@pytest.mark.integration
def test_the_switcher_refuses_a_post_from_another_site(client, site):
    response = client.post("/language/", {"language": "es", "next": "/"}, HTTP_ORIGIN="https://evil.example")

    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.integration
def test_the_switcher_never_sends_the_reader_off_site(client, site):
    response = client.post("/language/", {"language": "es", "next": "https://evil.example/"})

    assert (response.status_code, response["Location"]) == (302, "/")


# --- numbers that are not prose -----------------------------------------------------------------

SVG_NUMBER_ATTRIBUTES = re.compile(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"')


@pytest.mark.integration
@pytest.mark.parametrize(
    ("url", "who"),
    [
        ("/plans/community-cloud/goals/hubs/objectives/institutions/", None),  # the measurement chart
        ("/plans/community-cloud/badge.svg", None),
        ("/review/plans/community-cloud/", "board"),  # progress over time
    ],
)
def test_svg_coordinates_keep_their_decimal_point_in_spanish(client, site, url, who):
    """Spanish writes 2,5 in prose, but an SVG coordinate of "2,5" is two numbers."""
    if who:
        client.force_login(site[who])

    svg = client.get(url, **SPANISH).content.decode()
    numbers = SVG_NUMBER_ATTRIBUTES.findall(svg)

    assert len(numbers) > 5
    assert [n for n in numbers if not re.fullmatch(r"-?\d+(\.\d+)?(px|%)?", n)] == []
