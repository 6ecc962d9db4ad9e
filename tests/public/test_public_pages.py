"""What a visitor sees on the public pages: plan, goal, objective, owner, list, filters, 404."""

import re
from datetime import date

import pytest
from django.utils import timezone

from goals import rules
from goals.models import Evidence, Objective, Plan
from goals.templatetags.plan_tags import percent

pytestmark = pytest.mark.integration

ALL_STATEMENTS = [
    "Hubs reach 99.9% uptime",
    "Ten new hubs are launched",
    "Old hubs are retired",
    "Two grants are won",
    "A donor page exists",
    "A gala is held",
]


def text_of(response):
    return response.content.decode()


def test_it_shows_the_active_plan_with_progress_and_flags(client, sample_plan):
    response = client.get("/")
    # The page's day: the fixture's (120 days in, 33% expected; "Two grants" due 10 days ago), or
    # the next one if midnight passed since the fixture (34%, 11 days).
    day = timezone.localdate()
    html = text_of(response)
    assert response.status_code == 200
    assert "<title>Community cloud plan · strategy-site</title>" in html
    assert '<progress max="100" value="39" aria-label="Plan progress">39%</progress>' in html
    assert "<strong>39%</strong> done" in html
    assert f"{percent(sample_plan.standing(day).expected)} expected by now" in html
    assert "due in 8 months" in html
    # Every status is a badge with words, not just a colour.
    for label in ("Not started", "On track", "At risk", "Off track", "Done", "Dropped"):
        assert f'<span class="badge-dot" aria-hidden="true"></span>{label}</span>' in html
    assert html.count('<li class="flag flag-behind">Behind schedule</li>') == 2  # at risk, not started
    assert f"Overdue: was due {(day - Objective.objects.get(slug='grants').due_on).days} days ago" in html
    assert 'href="/owners/ada/">Ada Lovelace</a>' in html
    assert "<dt>Latest evidence</dt><dd><time" in html


def test_it_never_counts_internal_evidence_as_the_latest(client, sample_plan):
    # The dates the fixture stored: a clock read again here is a day later if midnight passed since.
    internal_day = Evidence.objects.get(title="Internal incident review").happened_on
    public_day = Evidence.objects.get(title="Uptime for the quarter").happened_on
    html = text_of(client.get("/plans/community-cloud/goals/hubs/objectives/uptime/"))
    assert f'datetime="{public_day:%Y-%m-%d}"' in html
    assert f'datetime="{internal_day:%Y-%m-%d}"' not in html
    assert "Internal incident review" not in html
    assert "Names of customers affected" not in html


def test_the_objective_page_has_a_timeline_newest_first(client, sample_plan):
    response = client.get("/plans/community-cloud/goals/hubs/objectives/uptime/")
    html = text_of(response)
    positions = [
        html.index(title) for title in ("Uptime for the quarter", "Status page launched", "Post-mortem")
    ]
    assert positions == sorted(positions)
    assert '<span class="kind kind-metric">Metric</span>' in html
    assert "<strong>99.95</strong> % uptime" in html
    assert (
        '<a href="https://status.example.org/" rel="noopener noreferrer nofollow">Status page launched</a>'
        in html
    )
    assert "Progress derived from the status" in html
    assert "Director of Engineering" in html
    assert "@private.example.org" not in html


def test_the_objective_page_says_when_progress_was_set_by_hand(client, sample_plan):
    html = text_of(client.get("/plans/community-cloud/goals/hubs/objectives/ten-hubs/"))
    assert "Progress set by hand." in html
    assert '<progress max="100" value="10" aria-label="Objective progress">' in html
    assert "Behind schedule" in html
    # 90 days ago, the day of the moment the fixture stored (not the clock's day now, less 90).
    stale_since = timezone.localdate(Objective.objects.get(slug="ten-hubs").status_updated_at)
    assert f"No update since {stale_since.day} {stale_since:%B %Y}" in html


def test_the_goal_page_renders_the_rationale_and_objectives(client, sample_plan):
    response = client.get("/plans/community-cloud/goals/hubs/")
    html = text_of(response)
    assert "<title>Run reliable hubs · Community cloud plan · strategy-site</title>" in html
    assert "<p>Users need <strong>uptime</strong>.</p>" in html
    assert html.count('class="objective"') == 3
    assert '<a href="/plans/community-cloud/goals/hubs/" aria-current="page">Run reliable hubs</a>' in html


def test_the_owner_page_lists_what_they_are_responsible_for(client, sample_plan, archived_plan):
    from tests.factories import ObjectiveFactory

    archived_objective = archived_plan.goals.get().objectives.get()
    archived_objective.owners.add(sample_plan.goals.first().objectives.first().owners.get(slug="ada"))
    ObjectiveFactory(goal=sample_plan.goals.first())  # someone else's
    html = text_of(client.get("/owners/ada/"))
    assert "<h1>Ada Lovelace</h1>" in html
    assert "Responsible for 3 objectives" in html
    positions = [html.index(s) for s in ("Hubs reach 99.9% uptime", "Ten new hubs", "The company exists")]
    assert positions == sorted(positions)  # the current plan first, then the archived one
    assert '<span class="badge plan-archived">Archived</span>' in html
    assert "ada@private.example.org" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=at_risk", ["Ten new hubs are launched"]),
        ("?owner=partnerships", ["Ten new hubs are launched", "Old hubs are retired", "Two grants are won"]),
        ("?status=done&owner=partnerships", ["Old hubs are retired"]),
        ("?flag=overdue", ["Two grants are won"]),
        ("?flag=behind", ["Ten new hubs are launched", "A donor page exists"]),
        ("?status=on_track&owner=partnerships", []),
    ],
)
def test_it_filters_objectives_by_status_owner_and_flag(client, sample_plan, query, expected):
    html = text_of(client.get("/plans/community-cloud/" + query))
    shown = [statement for statement in ALL_STATEMENTS if f">{statement}</a>" in html]
    assert shown == expected
    assert f"Showing {len(expected)} of 6 objectives" in html
    assert "<strong>39%</strong> done" in html  # plan progress still counts everything


def test_an_unknown_filter_value_shows_everything_and_says_so(client, sample_plan):
    html = text_of(client.get("/plans/community-cloud/?owner=nobody&status=bogus"))
    assert "The filters are off: showing every objective." in html
    assert html.count('class="objective"') == 6


def ended_years_ago(plan):
    """ "ended 7 years ago", counted from today: a fixed count turns false as the calendar moves on."""
    words = rules.time_left(plan.due_on, timezone.localdate(), ended=True)
    assert re.fullmatch(r"ended \d+ years ago", words)
    return words


def test_the_plan_list_marks_archived_plans_and_hides_drafts(client, sample_plan, archived_plan):
    from tests.factories import PlanFactory

    PlanFactory(title="Secret next plan", status=Plan.Status.DRAFT)
    html = text_of(client.get("/plans/"))
    assert "<title>All plans · strategy-site</title>" in html
    assert html.index("Community cloud plan") < html.index("Founding plan")
    assert '<span class="badge plan-active">Current plan</span>' in html
    assert '<span class="badge plan-archived">Archived</span>' in html
    assert ended_years_ago(archived_plan) in html
    assert "Secret next plan" not in html


def test_an_archived_plan_says_so_on_every_page(client, archived_plan):
    for url in (
        "/plans/founding/",
        "/plans/founding/goals/incorporate/",
        "/plans/founding/goals/incorporate/objectives/company/",
    ):
        assert "<strong>Archived plan.</strong>" in text_of(client.get(url)), url


def test_the_2i2c_plan_says_it_ended_once_not_forty_times(client, seed_plan):
    html = text_of(client.get("/"))
    # Nothing was ever recorded on it: one sentence says so, instead of 15 overdue and 15 stale.
    assert "This plan ended on 31 October 2021; no progress was recorded." in html
    assert ended_years_ago(seed_plan) in html
    assert '<a href="?flag=overdue">' not in html
    assert "Overdue: was due" not in html  # the rows do not repeat what the plan's dates say
    objective = seed_plan.goals.first().objectives.first()
    detail = text_of(client.get(objective.get_absolute_url()))
    assert "Overdue: was due" in detail
    assert "No update since the plan started" in detail


def test_home_without_an_active_plan(client, archived_plan):
    response = client.get("/")
    assert response.status_code == 200
    assert "No plan has been published yet" in text_of(response)


@pytest.mark.parametrize(
    "url",
    [
        "/plans/nope/",
        "/plans/community-cloud/goals/nope/",
        "/plans/community-cloud/goals/hubs/objectives/nope/",
        "/plans/community-cloud/goals/funding/objectives/uptime/",  # right slug, wrong goal
        "/owners/nope/",
        "/no-such-page/",
    ],
)
def test_unknown_slugs_get_a_styled_404(client, sample_plan, url):
    response = client.get(url)
    assert response.status_code == 404
    html = text_of(response)
    assert "<h1>Page not found</h1>" in html
    assert "/static/css/site.css" in html
    assert '<a href="/plans/">See all plans</a>' in html


@pytest.mark.unit
@pytest.mark.parametrize(
    ("due", "words"),
    [
        (date(2026, 6, 1), "due today"),
        (date(2026, 6, 2), "due tomorrow"),
        (date(2026, 6, 13), "due in 12 days"),
        (date(2026, 9, 1), "due in 3 months"),
        (date(2028, 6, 1), "due in 2 years"),
        (date(2026, 5, 31), "was due yesterday"),
        (date(2021, 10, 31), "was due 5 years ago"),
    ],
)
def test_time_left_reads_like_a_person_would_say_it(due, words):
    from goals.rules import time_left

    assert time_left(due, date(2026, 6, 1)) == words


def test_the_500_page_renders_without_a_database_or_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<title>Server error · strategy-site</title>" in html
    assert "<h1>Something went wrong</h1>" in html


def test_a_public_board_review_shows_on_the_plan_page_and_a_private_one_does_not(client, sample_plan):
    from goals.board import snapshots

    private = snapshots.record_review(
        sample_plan, held_on=date(2026, 9, 1), attendees="Ann", notes="Private."
    )
    assert "Reviewed by the board" not in client.get("/plans/community-cloud/").content.decode()

    public = snapshots.record_review(sample_plan, held_on=date(2026, 10, 2), attendees="Ann")
    public.is_public = True
    public.public_summary = "The board is **pleased**."
    public.save()
    html = client.get("/plans/community-cloud/").content.decode()

    assert "Reviewed by the board on 2 October 2026." in html
    assert "The board is <strong>pleased</strong>." in html
    assert "Private." not in html
    assert private.pk != public.pk


def test_the_plan_page_links_its_feed_for_feed_readers(client, sample_plan):
    html = client.get("/plans/community-cloud/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Community cloud plan: progress updates"'
        ' href="/plans/community-cloud/feed.atom">'
    ) in html
