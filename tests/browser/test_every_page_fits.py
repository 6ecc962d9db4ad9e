"""Every page fits a phone: no page type is wider than a 375 px viewport.

One world with each page's widest content (long statements and names, a Markdown table, key
results and check-ins, two recorded reviews with their snapshots, changes since the last one), and
every page type visited at 375 px as the role that uses it. Wide tables must scroll inside their
own box (`.table-scroll`), never widen the page. The list of page types is checked against the URL
conf: a new named page in one of the site's namespaces fails until it is measured here or excused.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.text import slugify

from goals.board.snapshots import record_review
from goals.check_ins import record_check_in
from goals.handbook.dry_run import prepare_dry_run
from goals.handbook.importer import import_plan
from goals.handbook.markdown import parse_plan
from goals.models import (
    ApiToken,
    CheckIn,
    DigestSent,
    Evidence,
    GitHubLink,
    KeyResult,
    KeyResultTarget,
    NotificationPreference,
    Objective,
    ReminderSent,
)
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
TOKEN_NAME = "Nightly usage figures from the community hubs' dashboard (cron job on hub-ops-01)"
RUN = "send_reminders-hub-ops-01-4242"
REPOSITORY = "https://github.com/community-infrastructure-organisation/interactive-computing-hubs-operations"
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
        "seed_plan_text": seed_text,
        **admin_records(world, plan, owners[2], seed_text),
    }


def admin_records(world, plan, team, seed_text):
    """What the admin's own lists show, at its widest: a token, GitHub links (one failing), a plan
    import with many changes, e-mail preferences and what was sent, and a deleted goal."""
    today = timezone.localdate()
    for user in (world["owner_user"], world["founder"]):
        user.email = (
            f"{user.username}.partnerships-and-international-collaborations@community-hubs.example.org"
        )
        user.first_name, user.last_name = "Alexandra-Margarethe", "Vanderbilt-Oyelaran"
        user.save()
    team.role = "Coordinates the partnerships with member institutions and international research networks"
    team.email = "partnerships-and-international-collaborations@community-hubs.example.org"
    team.save()
    token, _ = ApiToken.issue(owner=team, name=TOKEN_NAME, created_by=world["founder"], lifetime_days=365)
    links = [
        GitHubLink.objects.create(
            objective=objective,
            url=f"{REPOSITORY}/issues/{number}",
            title="Document the service levels of every hub on the shared community infrastructure",
            state="open",
            done_count=3,
            total_count=11,
            read_at=timezone.now(),
            failure=failure,
        )
        for number, objective, failure in [
            (1234, world["my_objective"], ""),
            (
                5678,
                world["objective"],
                "GitHub answered 404 Not Found: the repository was renamed or made private",
            ),
        ]
    ]
    plan_import = prepare_dry_run(
        seed_text,
        slug=plan.slug,
        source_url=f"{REPOSITORY}/blob/main/strategy/community-infrastructure-strategic-plan-2026.md",
        commit_sha="0123456789abcdef0123456789abcdef01234567",
    ).plan_import
    for user in (world["owner_user"], world["founder"]):
        NotificationPreference.objects.create(user=user, language="es", digest=True)
        ReminderSent.objects.create(
            user=user, objective=world["my_objective"], due_on=today, run=RUN, sent_at=timezone.now()
        )
        monday = today - timedelta(days=today.weekday())
        DigestSent.objects.create(user=user, week=monday, run=RUN, sent_at=timezone.now())
    AccessAttempt.objects.create(
        username=world["owner_user"].email,
        ip_address="2001:db8:85a3:8d3:1319:8a2e:370:7348",
        user_agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
        "Safari/537.36",
        http_accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        path_info=reverse("login"),
        get_data="",
        post_data="username=" + world["owner_user"].email,
        failures_since_start=5,
    )
    deleted = GoalFactory(plan=plan, title=f"{LONG} (deleted)", slug="deleted")
    ObjectiveFactory(goal=deleted, statement=f"{LONG} (deleted with its goal).", slug="deleted-objective")
    deleted.delete()
    return {"token": token, "github_links": links, "plan_import": plan_import}


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
    ("403 (a login with no owner, on /me/)", "board", lambda w: reverse("workspace:mine")),
    (
        "workspace:mine (a founder on an owner's page)",
        "founder",
        lambda w: reverse("workspace:mine") + f"?owner={w['alice_owner'].slug}",
    ),
    ("login (signed in)", "owner_user", lambda w: reverse("login")),
    # The admin as an owner: only their own objectives, evidence and check-ins.
    ("admin:index (owner)", "owner_user", lambda w: reverse("admin:index")),
    (
        "admin:goals_objective_changelist (owner)",
        "owner_user",
        lambda w: reverse("admin:goals_objective_changelist"),
    ),
    ("admin:goals_objective_change (owner)", "owner_user", lambda w: admin_url(w["my_objective"])),
    ("admin:goals_objective_update (owner)", "owner_user", lambda w: admin_url(w["my_objective"], "update")),
    (
        "admin:goals_evidence_changelist (owner)",
        "owner_user",
        lambda w: reverse("admin:goals_evidence_changelist"),
    ),
    ("admin:goals_evidence_change (owner)", "owner_user", lambda w: admin_url(w["my_evidence"])),
    ("admin:goals_evidence_add (owner)", "owner_user", lambda w: reverse("admin:goals_evidence_add")),
    (
        "admin:goals_checkin_changelist (owner)",
        "owner_user",
        lambda w: reverse("admin:goals_checkin_changelist"),
    ),
    (
        "admin:goals_checkin_change (owner)",
        "owner_user",
        lambda w: admin_url(w["my_objective"].check_ins.first()),
    ),
    (
        "admin:goals_keyresult_changelist (owner)",
        "owner_user",
        lambda w: reverse("admin:goals_keyresult_changelist"),
    ),
    ("admin:goals_keyresult_change (owner)", "owner_user", lambda w: admin_url(w["my_objective"].key_result)),
    ("admin:password_change (owner)", "owner_user", lambda w: reverse("admin:password_change")),
    # The admin as a founder.
    ("admin:index", "founder", lambda w: reverse("admin:index")),
    ("admin:goals_objective_changelist", "founder", lambda w: reverse("admin:goals_objective_changelist")),
    ("admin:goals_objective_change", "founder", lambda w: admin_url(w["objective"])),
    ("admin:goals_objective_add", "founder", lambda w: reverse("admin:goals_objective_add")),
    ("admin:goals_objective_update", "founder", lambda w: admin_url(w["objective"], "update")),
    ("admin:goals_objective_history", "founder", lambda w: admin_url(w["objective"], "history")),
    (
        "admin:goals_objective_simple_history",
        "founder",
        lambda w: reverse(
            "admin:goals_objective_simple_history",
            args=[w["objective"].pk, w["objective"].history.earliest().history_id],
        ),
    ),
    ("admin:goals_objective_delete", "founder", lambda w: admin_url(w["objective"], "delete")),
    ("admin:goals_goal_changelist", "founder", lambda w: reverse("admin:goals_goal_changelist")),
    ("admin:goals_goal_change", "founder", lambda w: admin_url(w["goal"])),
    ("admin:goals_goal_delete", "founder", lambda w: admin_url(w["goal"], "delete")),
    ("admin:goals_goal_deleted", "founder", lambda w: reverse("admin:goals_goal_deleted")),
    ("admin:goals_plan_changelist", "founder", lambda w: reverse("admin:goals_plan_changelist")),
    ("admin:goals_plan_change", "founder", lambda w: admin_url(w["plan"])),
    ("admin:goals_plan_add", "founder", lambda w: reverse("admin:goals_plan_add")),
    ("admin:goals_plan_import", "founder", lambda w: reverse("admin:goals_plan_import")),
    (
        "admin:goals_plan_reimport",
        "founder",
        lambda w: reverse("admin:goals_plan_reimport", args=[w["plan"].pk]),
    ),
    ("admin:goals_planimport_changelist", "founder", lambda w: reverse("admin:goals_planimport_changelist")),
    (
        "admin:goals_planimport_change (its changes, to confirm)",
        "founder",
        lambda w: admin_url(w["plan_import"]),
    ),
    ("admin:goals_evidence_changelist", "founder", lambda w: reverse("admin:goals_evidence_changelist")),
    ("admin:goals_evidence_change", "founder", lambda w: admin_url(w["objective"].evidence.first())),
    ("admin:goals_keyresult_changelist", "founder", lambda w: reverse("admin:goals_keyresult_changelist")),
    ("admin:goals_keyresult_change", "founder", lambda w: admin_url(w["objective"].key_result)),
    ("admin:goals_checkin_changelist", "founder", lambda w: reverse("admin:goals_checkin_changelist")),
    ("admin:goals_checkin_change", "founder", lambda w: admin_url(w["my_objective"].check_ins.first())),
    ("admin:goals_checkin_upload", "founder", lambda w: reverse("admin:goals_checkin_upload")),
    ("admin:goals_review_changelist", "founder", lambda w: reverse("admin:goals_review_changelist")),
    ("admin:goals_review_change", "founder", lambda w: admin_url(w["reviews"][0])),
    ("admin:goals_owner_changelist", "founder", lambda w: reverse("admin:goals_owner_changelist")),
    ("admin:goals_owner_change", "founder", lambda w: admin_url(w["grants"].owners.get(slug="partners"))),
    ("admin:goals_apitoken_changelist", "founder", lambda w: reverse("admin:goals_apitoken_changelist")),
    ("admin:goals_apitoken_add", "founder", lambda w: reverse("admin:goals_apitoken_add")),
    ("admin:goals_apitoken_change", "founder", lambda w: admin_url(w["token"])),
    ("admin:goals_githublink_changelist", "founder", lambda w: reverse("admin:goals_githublink_changelist")),
    ("admin:goals_githublink_change", "founder", lambda w: admin_url(w["github_links"][1])),
    (
        "admin:goals_notificationpreference_changelist",
        "founder",
        lambda w: reverse("admin:goals_notificationpreference_changelist"),
    ),
    (
        "admin:goals_notificationpreference_change",
        "founder",
        lambda w: admin_url(w["owner_user"].notification_preference),
    ),
    (
        "admin:goals_remindersent_changelist",
        "founder",
        lambda w: reverse("admin:goals_remindersent_changelist"),
    ),
    ("admin:goals_remindersent_change", "founder", lambda w: admin_url(ReminderSent.objects.first())),
    ("admin:goals_digestsent_changelist", "founder", lambda w: reverse("admin:goals_digestsent_changelist")),
    ("admin:goals_digestsent_change", "founder", lambda w: admin_url(DigestSent.objects.first())),
    ("admin:goals_goal_add", "founder", lambda w: reverse("admin:goals_goal_add")),
    ("admin:goals_keyresult_add", "founder", lambda w: reverse("admin:goals_keyresult_add")),
    ("admin:goals_owner_add", "founder", lambda w: reverse("admin:goals_owner_add")),
    (
        "admin:goals_notificationpreference_add",
        "founder",
        lambda w: reverse("admin:goals_notificationpreference_add"),
    ),
    ("admin:goals_githublink_add", "founder", lambda w: reverse("admin:goals_githublink_add")),
    ("admin:goals_evidence_add", "founder", lambda w: reverse("admin:goals_evidence_add")),
    # Founders manage people: their logins and groups, and unlock those locked out.
    ("admin:auth_user_changelist", "founder", lambda w: reverse("admin:auth_user_changelist")),
    ("admin:auth_user_change", "founder", lambda w: admin_url(w["owner_user"])),
    ("admin:auth_group_change", "founder", lambda w: admin_url(w["owner_user"].groups.get())),
    (
        "admin:axes_accessattempt_changelist",
        "founder",
        lambda w: reverse("admin:axes_accessattempt_changelist"),
    ),
]


def upload_measurements(page, w):
    objective = w["objective"]
    rows = [
        "objective,date,value,note",
        f'{objective.get_absolute_url()},{timezone.localdate():%Y-%m-%d},14,"{LONG}"',  # a note with commas
        f"{w['plan'].slug}/{w['goal'].slug}/{w['my_objective'].slug},{timezone.localdate():%Y-%m-%d},11,",
    ]
    csv = ("\n".join(rows) + "\n").encode()
    page.set_input_files(
        "#id_file", files=[{"name": "measurements.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.get_by_role("button", name="Preview").click()
    return "#upload-preview"


def issue_token(page, w):
    team = w["grants"].owners.get(slug="partners")
    page.fill("#id_name", TOKEN_NAME)
    # The owner is chosen in an autocomplete box; its <select> is what the form sends.
    page.evaluate(
        "([pk, name]) => document.querySelector('#id_owner').add(new Option(name, pk, true, true))",
        [team.pk, team.name],
    )
    page.locator("input[name=_save]").click()
    return "#issued-token"


def upload_plan_file(page, w):
    # The 2i2c plan over this one: every goal and objective reworded, added or dropped.
    # And a relative link in its introduction, which the answer warns about.
    link = "See [the report](../reports/community-infrastructure/2026/first-quarter-review.md).\n\n"
    text = w["seed_plan_text"].replace("\n\n", f"\n\n{link}", 1)
    page.set_input_files(
        "#id_file", files=[{"name": "strategy.md", "mimeType": "text/markdown", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Show what would change").click()
    return "body:has(.messagelist .warning):has(.plan-import-changes)"


def refused_check_in(page, w):
    page.locator(".check-in-form").first.get_by_role("button", name="Post the check-in").click()
    return ".check-in-form [role=alert]"


def refused_github_link(page, w):
    form = page.get_by_role("form", name="Link to GitHub").first
    form.get_by_role("textbox").fill(
        f"{REPOSITORY.replace('github.com', 'gitlab.example.org')}/-/issues/1234"
    )
    form.get_by_role("button", name="Link").click()
    return ".github-links-form [role=alert]"


def stop_reminders(page, w):
    page.locator("form.settings-form button").click()
    return "[role=status]"


# Pages that answer a form: (page type, who, the form's address, what they fill in and send: it
# returns a selector of what the answer shows, the preview or the errors).
SUBMITTED = [
    (
        "admin:goals_checkin_upload (the preview)",
        "founder",
        lambda w: reverse("admin:goals_checkin_upload"),
        upload_measurements,
    ),
    (
        "admin:goals_apitoken_add (the token, shown once)",
        "founder",
        lambda w: reverse("admin:goals_apitoken_add"),
        issue_token,
    ),
    (
        "admin:goals_planimport_change (an uploaded file's changes)",
        "founder",
        lambda w: reverse("admin:goals_plan_reimport", args=[w["plan"].pk]),
        upload_plan_file,
    ),
    (
        "workspace:check-in (refused: /me/ with its errors)",
        "owner_user",
        lambda w: reverse("workspace:mine"),
        refused_check_in,
    ),
    (
        "workspace:add-github-link (refused)",
        "owner_user",
        lambda w: reverse("workspace:mine"),
        refused_github_link,
    ),
    (
        "notifications:unsubscribe (done)",
        None,
        lambda w: reverse("notifications:unsubscribe", args=["reminders", make_token(w["bob"], "reminders")]),
        stop_reminders,
    ),
]

# Named pages that are not measured here, each with the reason.
EXCUSED = {
    "board:objectives-csv": "a CSV download, not a page",
    "board:snapshot-csv": "a CSV download, not a page",
    "board:withdraw": "POST only; it answers with a redirect to the review record",
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
    "workspace:remove-github-link": "POST only; it answers with a redirect to /me/",
}
NAMESPACES = {"public", "board", "workspace", "notifications", "opendata"}
# The admin's pages of our models (admin:goals_*: their lists, forms and our own views) are checked
# too; Django's own (auth, axes, the password pages) are measured above where founders use them.
ADMIN_EXCUSED = {
    "admin:goals_plan_markdown": "a Markdown download, not a page",
    "admin:goals_planimport_decide": "POST only; it redirects to the import's page (goals_planimport_change)",
    "admin:goals_planimport_add": "a 403: imports are prepared by a push, import_plan or an upload",
    "admin:goals_checkin_add": "a 403: a check-in is posted with Post an update (goals_objective_update)",
    "admin:goals_remindersent_add": "a 403: written by send_reminders only",
    "admin:goals_digestsent_add": "a 403: written by send_reminders only",
    "admin:goals_apitoken_delete": "a 403: a token is revoked, never deleted",
    "admin:goals_review_add": "a 403: reviews are recorded on the review pages (board:record-new)",
    "admin:goals_review_delete": "a 403: a review is withdrawn on the review pages, never deleted",
}
# Pages every model has, each drawn by one template whatever the model: measured for one.
ONE_TEMPLATE_FOR_ALL = {
    "_simple_history": "admin:goals_objective_simple_history",
    "_history": "admin:goals_objective_history",
    "_delete": "admin:goals_objective_delete",
}


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
    """The elements that stick out of the viewport, or whose text does, for the failure message."""
    return page.evaluate(
        """() => {
            const out = e => e.getBoundingClientRect().right > window.innerWidth + 0.5;
            // Text that runs out of its box (a long address) leaves the box itself in place.
            const spills = e => getComputedStyle(e).overflowX === "visible"
                && e.getBoundingClientRect().left + e.scrollWidth > window.innerWidth + 0.5;
            const textSpills = e => spills(e) && ![...e.children].some(c => out(c) || spills(c));
            return [...document.querySelectorAll('body *')]
            .filter(e => out(e) || textSpills(e))
            .filter(e => !e.closest(".table-scroll") || e.matches(".table-scroll"))
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                + ' ' + Math.round(e.getBoundingClientRect().right));
        }"""
    )


def expected_status(name):
    """ "404", "403 (…)": an error page; a refused form answers 400; every other page 200."""
    if name[:3].isdigit():
        return int(name[:3])
    return 400 if "(refused" in name else 200


def open_page(page, live_server, world, name, role, address, submit=None):
    """Sign in as `role`, open the page (and send its form), and check it is the page meant."""
    if role:
        sign_in(page, live_server, world[role])
    response = page.goto(live_server.url + address(world))
    if submit:
        with page.expect_navigation() as navigation:
            shown = submit(page, world)
        response = navigation.value
        assert page.locator(shown).count() >= 1, (page.url, page.locator("#content").inner_text()[:2000])
    assert response.status == expected_status(name), (name, response.url)
    assert page.locator("h1").count() >= 1, page.content()[:500]


def ids(pages):
    return [name for name, *_ in pages]


@pytest.mark.parametrize(("name", "role", "address"), PAGES, ids=ids(PAGES))
def test_it_fits_a_phone(live_server, visitor, wide_world, name, role, address):
    assert_fits_a_phone(visitor, live_server, wide_world, name, role, address)


@pytest.mark.parametrize(("name", "role", "address", "submit"), SUBMITTED, ids=ids(SUBMITTED))
def test_the_page_a_form_answers_with_fits_a_phone(
    live_server, visitor, wide_world, name, role, address, submit
):
    assert_fits_a_phone(visitor, live_server, wide_world, name, role, address, submit)


def assert_fits_a_phone(page, live_server, world, name, role, address, submit=None):
    page.set_viewport_size(PHONE)
    open_page(page, live_server, world, name, role, address, submit)
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


# The pages whose markup the scroll boxes changed: axe-core at 375 px, where the boxes scroll; and
# the admin's pages drawn by templates of our own (templates/admin/goals/, simple_history/).
CHANGED = {
    "public:plan",
    "public:goal",
    "public:objective",
    "board:plan (changes since the plan's start)",
    "board:record",
    "board:compare",
    "board:compare (with now)",
    "admin:goals_objective_changelist",
    "admin:goals_objective_change",
    "admin:goals_goal_change",
    "admin:goals_objective_history",
    "admin:goals_objective_simple_history",
    "admin:goals_goal_delete",
    "admin:goals_goal_deleted",
    "admin:goals_plan_import",
    "admin:goals_planimport_change (its changes, to confirm)",
    "admin:goals_planimport_change (an uploaded file's changes)",
    "admin:goals_checkin_upload",
    "admin:goals_checkin_upload (the preview)",
    "admin:goals_apitoken_add (the token, shown once)",
}
DJANGO_ADMIN_OWN = {"target-size", "label", "link-in-text-block", "list", "select-name"}
CHANGED_PAGES = [(*page, None) for page in PAGES if page[0] in CHANGED] + [
    page for page in SUBMITTED if page[0] in CHANGED
]


@pytest.mark.parametrize(("name", "role", "address", "submit"), CHANGED_PAGES, ids=ids(CHANGED_PAGES))
def test_the_scroll_boxes_are_accessible(live_server, visitor, wide_world, name, role, address, submit):
    page = visitor
    page.set_viewport_size(PHONE)
    open_page(page, live_server, wide_world, name, role, address, submit)
    page_width(page)
    if name.startswith("admin:"):
        # The admin's own markup (its filter links, select2, unlabelled inline cells, breadcrumbs)
        # has these, the same before the admin's changes here; nothing else, and no scroll box.
        violations = axe_violations(page)
        found = {violation["id"] for violation in violations}
        assert found <= DJANGO_ADMIN_OWN, [v for v in violations if v["id"] not in DJANGO_ADMIN_OWN]
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
    for name, _, address, _ in CHANGED_PAGES:
        if not name.startswith("admin:"):
            path = tmp_path / f"{slugify(name)}.html"
            path.write_bytes(page.goto(live_server.url + address(wide_world)).body())
            files.append(str(path))
    assert nu_errors(files) == []


# The admin at 1440 px: wide lists and inline forms fit too (the public and board pages are
# centred columns narrower than that).
ADMIN_PAGES = [(*page, None) for page in PAGES if page[0].startswith("admin:")] + [
    page for page in SUBMITTED if page[0].startswith("admin:")
]


@pytest.mark.parametrize(("name", "role", "address", "submit"), ADMIN_PAGES, ids=ids(ADMIN_PAGES))
def test_the_admin_fits_a_desktop(live_server, visitor, wide_world, name, role, address, submit):
    page = visitor
    page.set_viewport_size(DESKTOP)
    open_page(page, live_server, wide_world, name, role, address, submit)
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


def excuse(name):
    """Why the named page is not measured here, or None."""
    if name in EXCUSED or name in ADMIN_EXCUSED:
        return EXCUSED.get(name) or ADMIN_EXCUSED[name]
    for suffix, measured_as in ONE_TEMPLATE_FOR_ALL.items():
        if name.startswith("admin:goals_") and name.endswith(suffix):
            return f"the same template as {measured_as}"
    return None


def named_pages():
    """Every named page of the site's namespaces, and the admin's of our models (admin:goals_*)."""
    named = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if namespace in NAMESPACES or not namespace:
                    named.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                elif namespace == "admin" and pattern.name.startswith("goals_"):
                    named.add(f"admin:{pattern.name}")

    walk(get_resolver().url_patterns)
    return named


def test_every_named_page_is_measured_or_excused():
    measured = {name.split(" ")[0] for name, *_ in PAGES + SUBMITTED}
    named = named_pages()

    assert {"admin:goals_checkin_upload", "admin:goals_goal_deleted"} <= named  # the admin's own views too
    assert {name for name in named - measured if excuse(name) is None} == set()
    assert (set(EXCUSED) | set(ADMIN_EXCUSED)) - named == set(), "an excuse for a page that no longer exists"
    assert set(ONE_TEMPLATE_FOR_ALL.values()) <= measured
    assert measured & (set(EXCUSED) | set(ADMIN_EXCUSED)) == set(), "measured and excused"
