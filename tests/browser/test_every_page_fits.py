"""Every page fits a phone: no page type is wider than a 375 px viewport.

One world with each page's widest content (long statements and names, a Markdown table, key
results and check-ins, two recorded reviews with their snapshots, changes since the last one), and
every page type visited at 375 px as the role that uses it. Wide tables must scroll inside their
own box (`.table-scroll`), never widen the page. The list of page types is checked against the URL
conf: a new named page in one of the site's namespaces fails until it is measured here or excused.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.text import slugify

from goals.board.snapshots import record_review
from goals.check_ins import record_check_in
from goals.handbook.importer import import_plan
from goals.handbook.markdown import parse_plan
from goals.models import CheckIn, Evidence, KeyResult, KeyResultTarget, Objective
from goals.notifications.tokens import make_token
from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import assert_accessible, axe_violations, opens_a_page
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory
from tests.nu_checker import nu_errors
from tests.roles import admin_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1440, "height": 900}

LONG = (
    "Every member institution runs its own interactive computing hub on the shared community "
    "infrastructure, with documented service levels, a named contact and a yearly review of costs"
)
TABLE = "\n".join(
    [
        "| Quarter | Institutions | Hubs | Active users | Compute hours | Storage (TB) | Cost (USD) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        "| 2026 Q1 | 12 institutions | 14 hubs | 3,400 users | 120,000 hours | 48.5 TB | 210,000 USD |",
    ]
)


@pytest.fixture
def wide_world(world, seed_text):
    """`world`, filled with each page's widest content."""
    today = timezone.localdate()
    plan = world["plan"]
    plan.title = "Strategic plan for open community infrastructure 2026"
    plan.introduction = f"We will run **open** infrastructure for research.\n\n{TABLE}\n"
    plan.starts_on, plan.due_on = today - timedelta(days=150), today + timedelta(days=215)
    plan.save()
    goal = world["goal"]
    goal.title = "Grow the community of institutions that run their own interactive computing hubs"
    goal.rationale = f"Users need **uptime**.\n\n{TABLE}\n"
    goal.save()
    owners = [
        world["owner"],
        world["alice_owner"],
        OwnerFactory(name="Partnerships and international collaborations team", slug="partners"),
    ]
    mine = world["my_objective"]
    mine.statement = f"{LONG} (Alice's)."
    mine.save()
    mine.owners.set(owners[1:])
    theirs = world["objective"]
    theirs.statement = f"{LONG} (Bob's)."
    theirs.save()
    theirs.owners.set(owners)
    second = GoalFactory(
        plan=plan, title="Secure the funding for five more years of operation", slug="funding"
    )
    grants = ObjectiveFactory(
        goal=second,
        statement=f"{LONG} (grants).",
        slug="grants",
        status=Objective.Status.OFF_TRACK,
        due_on=today - timedelta(days=3),
        owners=owners,
    )
    for objective in (mine, theirs):
        key_result = KeyResult.objects.create(
            objective=objective,
            metric="Member institutions running a hub of their own on the shared infrastructure",
            unit="institutions with a production hub",
            baseline=2,
            target=40,
        )
        KeyResultTarget.objects.create(key_result=key_result, due_on=today + timedelta(days=30), value=20)
    EvidenceFactory(
        objective=theirs,
        title="Status page launched for every hub on the shared community infrastructure",
        kind=Evidence.Kind.LINK,
        url="https://status.example.org/hubs/community-infrastructure/uptime-report-2026-first-quarter.html",
        summary=TABLE,
        happened_on=today - timedelta(days=20),
    )
    EvidenceFactory(
        objective=theirs,
        title="Internal incident review",
        visibility=Evidence.Visibility.INTERNAL,
        happened_on=today - timedelta(days=2),
    )
    first = record_review(
        plan,
        held_on=today - timedelta(days=60),
        attendees="Boris Board\nFiona Founder",
        notes=f"Reviewed the pilot.\n\n{TABLE}",
        decisions="Hire a second engineer.",
        recorded_by=world["board"],
    )
    for value in (5, 9):
        record_check_in(
            mine,
            author=world["owner_user"],
            value=value,
            status=Objective.Status.AT_RISK,
            note="Waiting on the vendor's quote for the second data centre. " * 3,
            links="https://example.org/a-very-long-link/to/the/quarterly/report/of/the/community-hubs.pdf",
        )
    record_check_in(theirs, author=world["bob"], value=12, visibility=CheckIn.Visibility.INTERNAL)
    grants.status = Objective.Status.AT_RISK
    grants.save()
    ObjectiveFactory(goal=second, statement=f"{LONG} (added after the first review).", slug="added")
    second_review = record_review(
        plan,
        held_on=today - timedelta(days=10),
        attendees="Boris Board",
        notes="Second look.",
        is_public=True,
        public_summary="The board reviewed the plan and asked for a funding plan.",
        recorded_by=world["board"],
    )
    record_check_in(grants, author=world["founder"], status=Objective.Status.ON_TRACK, progress=35)
    # The 2i2c plan, beside it: its long Markdown and its slug in the badge snippet.
    seed_plan = import_plan(parse_plan(seed_text), status="archived").plan
    return {
        **world,
        "seed_plan": seed_plan,
        "plan": plan,
        "goal": goal,
        "grants": grants,
        "reviews": (first, second_review),
    }


def _review(w, index):
    return w["reviews"][index].pk


# (page type, who visits it: a key of the world or None for the public, its address in the world)
PAGES = [
    ("public:home", None, lambda w: "/"),
    ("public:plan-list", None, lambda w: reverse("public:plan-list")),
    ("public:plan", None, lambda w: reverse("public:plan", args=[w["plan"].slug])),
    ("public:plan (the 2i2c plan)", None, lambda w: w["seed_plan"].get_absolute_url()),
    ("public:goal", None, lambda w: reverse("public:goal", args=[w["plan"].slug, w["goal"].slug])),
    ("public:objective", None, lambda w: w["objective"].get_absolute_url()),
    ("public:objective (measured, with check-ins)", None, lambda w: w["my_objective"].get_absolute_url()),
    ("public:owner-list", None, lambda w: reverse("public:owner-list")),
    ("public:search", None, lambda w: reverse("public:search") + "?q=objective"),
    ("public:plan-updates", None, lambda w: reverse("public:plan-updates", args=[w["plan"].slug])),
    (
        "public:goal-updates",
        None,
        lambda w: reverse("public:goal-updates", args=[w["plan"].slug, w["goal"].slug]),
    ),
    ("public:owner", None, lambda w: reverse("public:owner", args=[w["owner"].slug])),
    ("login", None, lambda w: reverse("login")),
    ("404", None, lambda w: "/plans/no-such-plan/"),
    ("400", None, lambda w: "/plans/%00/"),
    ("board:home", "board", lambda w: reverse("board:home")),
    ("board:plan", "board", lambda w: reverse("board:plan", args=[w["plan"].slug])),
    (
        "board:plan (changes since the plan's start)",
        "board",
        lambda w: reverse("board:plan", args=[w["plan"].slug]) + f"?since={w['plan'].starts_on:%Y-%m-%d}",
    ),
    ("board:record-new", "board", lambda w: reverse("board:record-new", args=[w["plan"].slug])),
    ("board:record", "board", lambda w: reverse("board:record", args=[_review(w, 0)])),
    ("board:compare", "board", lambda w: reverse("board:compare") + f"?a={_review(w, 0)}&b={_review(w, 1)}"),
    ("board:compare (with now)", "board", lambda w: reverse("board:compare") + f"?a={_review(w, 0)}&b=now"),
    ("workspace:mine", "owner_user", lambda w: reverse("workspace:mine")),
    ("notifications:preferences", "owner_user", lambda w: reverse("notifications:preferences")),
    (
        "notifications:unsubscribe",
        None,
        lambda w: reverse("notifications:unsubscribe", args=["reminders", make_token(w["bob"], "reminders")]),
    ),
    ("403 (an owner on a board page)", "owner_user", lambda w: reverse("board:home")),
    ("admin: objective list (owner)", "owner_user", lambda w: reverse("admin:goals_objective_changelist")),
    ("admin: objective change (owner)", "owner_user", lambda w: admin_url(w["my_objective"])),
    (
        "admin: post an update (owner)",
        "owner_user",
        lambda w: reverse("admin:goals_objective_update", args=[w["my_objective"].pk]),
    ),
    ("admin: objective list", "founder", lambda w: reverse("admin:goals_objective_changelist")),
    ("admin: objective change", "founder", lambda w: admin_url(w["objective"])),
    (
        "admin: post an update",
        "founder",
        lambda w: reverse("admin:goals_objective_update", args=[w["objective"].pk]),
    ),
    ("admin: goal change", "founder", lambda w: admin_url(w["goal"])),
    ("admin: plan change", "founder", lambda w: admin_url(w["plan"])),
    ("admin: import a plan from a file", "founder", lambda w: reverse("admin:goals_plan_import")),
    (
        "admin: import a file into the plan",
        "founder",
        lambda w: reverse("admin:goals_plan_reimport", args=[w["plan"].pk]),
    ),
    ("admin: evidence list", "founder", lambda w: reverse("admin:goals_evidence_changelist")),
    ("admin: evidence change", "founder", lambda w: admin_url(w["objective"].evidence.first())),
    ("admin: key result list", "founder", lambda w: reverse("admin:goals_keyresult_changelist")),
    ("admin: key result change", "founder", lambda w: admin_url(w["objective"].key_result)),
    ("admin: check-in list", "founder", lambda w: reverse("admin:goals_checkin_changelist")),
    ("admin: check-in change", "founder", lambda w: admin_url(w["my_objective"].check_ins.first())),
    ("admin: review list", "founder", lambda w: reverse("admin:goals_review_changelist")),
    ("admin: review change", "founder", lambda w: admin_url(w["reviews"][0])),
]

# Named pages that are not measured here, each with the reason.
EXCUSED = {
    "board:objectives-csv": "a CSV download, not a page",
    "board:snapshot-csv": "a CSV download, not a page",
    "board:withdraw": "POST only; it answers with a redirect to the review record",
    "workspace:check-in": "POST only; it answers with a redirect to /me/ or the /me/ page with errors",
    "opendata:plan-feed": "an Atom feed, not a page",
    "opendata:goal-feed": "an Atom feed, not a page",
    "opendata:plan-badge": "an SVG badge, not a page",
    "opendata:goal-badge": "an SVG badge, not a page",
    "opendata:plan-markdown": "a Markdown download, not a page",
    "opendata:plan-objectives-csv": "a CSV download, not a page",
    "healthz": "a plain-text health check",
    "uploaded-file": "a file download",
    "set_language": "POST only (the footer's language switcher); it redirects back to the page",
    "logout": 'POST only (the Sign out button by "Signed in as"); it redirects to the home page',
    "github-hook": "GitHub's webhook: POST only, answers JSON",
    "workspace:add-github-link": "POST only; it answers with a redirect to /me/ or the /me/ page with errors",
    "workspace:remove-github-link": "POST only; it answers with a redirect to /me/",
}
NAMESPACES = {"public", "board", "workspace", "notifications", "opendata"}


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def page_width(page):
    # Widest content: open every disclosure (chart data tables) before measuring.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    return page.evaluate("document.documentElement.scrollWidth")


def widest(page):
    """The elements that stick out of the viewport, for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter(e => !e.closest(".table-scroll") || e.matches(".table-scroll"))
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )


@pytest.mark.parametrize(("name", "role", "address"), PAGES, ids=[name for name, _, _ in PAGES])
def test_it_fits_a_phone(live_server, visitor, wide_world, name, role, address):
    page = visitor
    page.set_viewport_size(PHONE)
    if role:
        sign_in(page, live_server, wide_world[role])
    page.goto(live_server.url + address(wide_world))
    assert page.locator("h1").count() >= 1, page.content()[:500]
    width = page_width(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"fits-375-{slugify(name)}.png"), full_page=True)
    assert width <= PHONE["width"], f"{name} is {width} px wide at 375 px: {widest(page)}"


def test_the_sign_in_pause_fits_a_phone(live_server, visitor, world):
    page = visitor
    page.set_viewport_size(PHONE)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(live_server.url + reverse("login"))
        page.fill("#id_username", "fiona")
        page.fill("#id_password", "not her password")
        with opens_a_page(page):
            page.get_by_role("button", name="Sign in").click()  # not the header's Search
    assert page.locator("h1").inner_text() == "Signing in is paused"
    assert page_width(page) <= PHONE["width"], widest(page)


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_the_server_error_pages_fit_a_phone(live_server, visitor, template):
    page = visitor
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("healthz"))  # the site's address, for the stylesheet's
    page.set_content(render_to_string(template))
    assert page.locator("h1").count() == 1
    assert page_width(page) <= PHONE["width"], widest(page)


# The pages whose markup the scroll boxes changed: axe-core at 375 px, where the boxes scroll.
CHANGED = {
    "public:plan",
    "public:goal",
    "public:objective",
    "board:plan (changes since the plan's start)",
    "board:record",
    "board:compare",
    "board:compare (with now)",
    "admin: objective list",
    "admin: objective change",
    "admin: goal change",
}
DJANGO_ADMIN_OWN = {"target-size", "label", "link-in-text-block", "list", "select-name"}
CHANGED_PAGES = [page for page in PAGES if page[0] in CHANGED]


@pytest.mark.parametrize(
    ("name", "role", "address"), CHANGED_PAGES, ids=[name for name, _, _ in CHANGED_PAGES]
)
def test_the_scroll_boxes_are_accessible(live_server, visitor, wide_world, name, role, address):
    page = visitor
    page.set_viewport_size(PHONE)
    if role:
        sign_in(page, live_server, wide_world[role])
    page.goto(live_server.url + address(wide_world))
    page_width(page)
    if name.startswith("admin:"):
        # The admin's own markup (its filter links, select2, unlabelled inline cells, breadcrumbs)
        # has these, the same before the admin's changes here; nothing else, and no scroll box.
        found = {violation["id"] for violation in axe_violations(page)}
        assert found <= DJANGO_ADMIN_OWN, found
    else:
        assert_accessible(page)
    # A box that scrolls is scrolled by the keyboard too.
    for box in page.locator(".table-scroll").all():
        if box.evaluate("e => e.scrollWidth > e.clientWidth"):
            box.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle())


def test_the_changed_pages_are_valid_html(live_server, visitor, wide_world, tmp_path):
    page = visitor
    sign_in(page, live_server, wide_world["board"])
    files = []
    for name, _, address in CHANGED_PAGES:
        if not name.startswith("admin:"):
            path = tmp_path / f"{slugify(name)}.html"
            path.write_bytes(page.goto(live_server.url + address(wide_world)).body())
            files.append(str(path))
    assert nu_errors(files) == []


# The admin at 1440 px: wide lists and inline forms fit too (the public and board pages are
# centred columns narrower than that).
ADMIN_PAGES = [page for page in PAGES if page[0].startswith("admin:")]


@pytest.mark.parametrize(("name", "role", "address"), ADMIN_PAGES, ids=[name for name, _, _ in ADMIN_PAGES])
def test_the_admin_fits_a_desktop(live_server, visitor, wide_world, name, role, address):
    page = visitor
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, wide_world[role])
    page.goto(live_server.url + address(wide_world))
    width = page_width(page)
    page.screenshot(path=str(SCREENSHOTS / f"fits-1440-{slugify(name)}.png"), full_page=True)
    assert width <= DESKTOP["width"], f"{name} is {width} px wide at 1440 px: {widest(page)}"


def test_the_objective_list_shows_post_an_update_on_a_desktop(live_server, visitor, wide_world):
    page = visitor
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, wide_world["founder"])
    page.goto(live_server.url + reverse("admin:goals_objective_changelist"))
    for text in ("Post an update", "View on site"):
        box = page.get_by_role("link", name=text).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], (text, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "375"])
def test_a_long_statement_stays_clear_of_the_buttons_and_shows_whole(
    live_server, visitor, wide_world, viewport
):
    page = visitor
    page.set_viewport_size(viewport)
    sign_in(page, live_server, wide_world["founder"])
    page.goto(live_server.url + admin_url(wide_world["objective"]))
    heading = page.locator("#content > h2").bounding_box()
    for button in page.locator(".object-tools a").all():
        assert not overlap(heading, button.bounding_box()), button.inner_text()
    statement = page.locator("#id_statement")
    assert statement.evaluate("e => e.tagName") == "TEXTAREA"
    if viewport == DESKTOP:
        assert statement.evaluate("e => e.scrollHeight <= e.clientHeight"), "the statement is cut off"


def test_every_named_page_is_measured_or_excused():
    measured = {name.split(" ")[0] for name, _, _ in PAGES}
    named = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and (namespace in NAMESPACES or not namespace)
            ):
                named.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    assert named - measured - set(EXCUSED) == set()
    assert set(EXCUSED) - named == set(), "an excuse for a page that no longer exists"
