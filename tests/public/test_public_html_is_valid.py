"""Every page type outside the admin passes the Nu HTML Checker (vnu-jar from npm, run on Java) with
no errors: the public pages, the owners' page, the review pages, e-mail preferences and unsubscribe
links, the sign-in pages and the error pages, each as the person who sees it. (The Spanish pages:
tests/test_translations.py; the pages the scroll boxes changed, in Chromium:
tests/browser/test_every_page_fits.py.)"""

import pytest
from django.conf import settings as site_settings
from django.contrib.auth.models import Group
from django.utils import timezone

from goals.board.snapshots import record_review
from goals.models import NotificationPreference, Objective, Owner, Plan
from goals.notifications.tokens import make_token
from goals.permissions import BOARD, FOUNDERS, OWNERS
from tests.nu_checker import nu_errors
from tests.roles import ensure_roles, make_user

pytestmark = pytest.mark.integration

# (name, who signs in, address, status); "{token}" is the unsubscribe link of Ada's reminders,
# "{stopped}" that of someone who stopped them already, "{review}" a recorded review.
PAGES = [
    ("home", None, "/", 200),
    ("plan-filtered", None, "/plans/community-cloud/?status=at_risk&owner=ada", 200),
    ("plan-bad-filter", None, "/plans/community-cloud/?owner=nobody", 200),
    ("plan-list", None, "/plans/", 200),
    ("archived-plan", None, "/plans/founding/", 200),
    ("goal", None, "/plans/community-cloud/goals/hubs/", 200),
    ("objective", None, "/plans/community-cloud/goals/hubs/objectives/uptime/", 200),
    ("objective-no-evidence", None, "/plans/community-cloud/goals/funding/objectives/donors/", 200),
    # A measured objective: the chart (SVG, data table) and check-ins in the timeline.
    ("objective-measured", None, "/plans/community-cloud/goals/hubs/objectives/institutions/", 200),
    ("owner-list", None, "/owners/", 200),
    ("owner", None, "/owners/ada/", 200),
    ("404", None, "/plans/nope/", 404),
    ("plan-paginated", None, "/plans/community-cloud/?page=2", 200),  # with one goal per page
    ("sign-in", None, "/accounts/login/?next=/review/", 200),
    ("sign-in-signed-in", "owner", "/accounts/login/", 200),
    ("updates", None, "/plans/community-cloud/updates/", 200),
    ("goal-updates", None, "/plans/community-cloud/goals/hubs/updates/", 200),
    ("search", None, "/search/?q=hubs", 200),
    ("search-empty", None, "/search/", 200),
    ("search-bad", None, "/search/?q=", 200),
    ("owners-page", "owner", "/me/", 200),
    ("owners-page-a-founder-on-adas", "founder", "/me/?owner=ada", 200),
    ("403-an-owner-on-a-review-page", "owner", "/review/", 403),
    ("403-no-owner", "board", "/me/", 403),
    ("e-mail-preferences", "owner", "/account/notifications/", 200),
    ("e-mail-preferences-with-the-digest", "board", "/account/notifications/", 200),
    ("unsubscribe", None, "/notifications/unsubscribe/reminders/{token}/", 200),
    ("unsubscribe-stopped-already", None, "/notifications/unsubscribe/reminders/{stopped}/", 200),
    ("unsubscribe-not-valid", None, "/notifications/unsubscribe/reminders/not-a-token/", 400),
    ("review-home", "board", "/review/", 200),
    ("review-packet", "board", "/review/plans/community-cloud/", 200),
    ("review-record-form", "board", "/review/plans/community-cloud/record/", 200),
    ("review-record", "board", "/review/records/{review}/", 200),
]


def sign_in_until_paused(client, people):
    for _ in range(site_settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": "boris", "password": "wrong"})
    return response


def stop_reminders(client, people):
    return client.post(f"/notifications/unsubscribe/reminders/{people['token']}/")


def refused_check_in(client, people):
    objective = Objective.objects.get(slug="uptime")
    return client.post(f"/me/objectives/{objective.pk}/check-in/", {"status": "no-such-status"})


# The pages that answer a form: (name, who signs in, what sends it, status).
ANSWERS = [
    ("sign-in-paused", None, sign_in_until_paused, 429),
    ("unsubscribed", None, stop_reminders, 200),
    ("owners-page-a-refused-check-in", "owner", refused_check_in, 400),
]


@pytest.fixture
def people(sample_plan, measured_objective, archived_plan):
    """Ada's login (an owner's), a board member's who stopped reminders, a founder's, a review."""
    ensure_roles()
    ada = Owner.objects.get(slug="ada").user
    ada.groups.add(Group.objects.get(name=OWNERS))
    board = make_user("boris", BOARD)
    NotificationPreference.objects.create(user=board, reminders=False)
    review = record_review(
        Plan.objects.get(slug="community-cloud"), held_on=timezone.localdate(), attendees="Ann", notes="Fine."
    )
    return {
        "owner": ada,
        "board": board,
        "founder": make_user("fiona", FOUNDERS),
        "token": make_token(ada, "reminders"),
        "stopped": make_token(board, "reminders"),
        "review": review.pk,
    }


def test_every_page_type_is_valid_html(client, people, tmp_path, settings):
    files, statuses = [], {}
    pages = [(name, who, lambda url=url: client.get(url.format(**people)), s) for name, who, url, s in PAGES]
    answers = [(name, who, lambda send=send: send(client, people), s) for name, who, send, s in ANSWERS]
    for name, who, fetch, status in pages + answers:
        settings.STRATEGY_GOALS_PER_PAGE = 1 if name == "plan-paginated" else 10
        client.logout()
        if who:
            client.force_login(people[who])
        response = fetch()
        statuses[name] = (response.status_code, status)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))

    assert {name: got for name, (got, expected) in statuses.items() if got != expected} == {}
    assert nu_errors(files) == []
