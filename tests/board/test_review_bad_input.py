"""What the review pages answer to odd query strings and plans at the ends of the calendar:
404 for a review that cannot exist, a plain form error for a date they cannot use, never a 500."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.board import snapshots
from goals.models import Plan
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory
from tests.roles import make_role_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def board(client):
    client.force_login(make_role_user("board"))
    return client


@pytest.fixture
def plan():
    plan = PlanFactory(slug="p", status="active", starts_on=date(2026, 1, 1), due_on=date(2026, 12, 31))
    ObjectiveFactory(goal=GoalFactory(plan=plan, title="Grow"), statement="Ten hubs run.")
    return plan


@pytest.mark.parametrize(
    "query",
    [
        {"a": "²"},  # str.isdigit() says yes; int() says no
        {"a": "¹²³"},
        {"a": "١"},  # an Arabic-Indic one: int() reads it as 1, a review id it is not
        {"a": "1", "b": "²"},
        {"a": "-1"},
        {"a": " 1"},
        {"a": "99999999999999999999999"},
        {"a": ""},
        {"b": "now"},
    ],
)
def test_compare_answers_404_for_a_review_that_cannot_exist(board, plan, query):
    snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")

    response = board.get(reverse("board:compare"), query)

    assert response.status_code == 404
    assert "Choose a recorded review, and another review or “now”." in response.content.decode()


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("0001-01-01", "Choose a day from 1 January 1900 to today."),
        ("1899-12-31", "Choose a day from 1 January 1900 to today."),
        ("9999-12-31", "Choose a day from 1 January 1900 to today."),
        ("2026-02-31", "Enter a valid date."),
        ("yesterday", "Enter a valid date."),
    ],
)
def test_a_since_date_it_cannot_use_gets_a_plain_form_error(board, plan, since, message):
    # Refused on the form: before, 0001-01-01 overflowed and the others were silently ignored.
    response = board.get(reverse("board:plan", args=["p"]), {"since": since})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "What changed since 1 January 2026" in page  # the page falls back to the plan's start
    assert "Since the date you chose." not in page


@pytest.mark.parametrize("time_zone", ["UTC", "Pacific/Kiritimati"])
@pytest.mark.parametrize("since", ["1900-01-01", "today"])
def test_the_first_and_last_days_it_takes_are_fine(board, plan, settings, time_zone, since):
    settings.TIME_ZONE = time_zone
    since = timezone.localdate().isoformat() if since == "today" else since

    response = board.get(reverse("board:plan", args=["p"]), {"since": since})

    assert response.status_code == 200
    assert "Since the date you chose." in response.content.decode()
    assert 'class="errorlist"' not in response.content.decode()


@pytest.mark.parametrize(
    ("starts_on", "due_on"),
    [
        (date(1, 1, 1), date(2026, 12, 31)),
        (date(1, 1, 1), date(9999, 12, 31)),
        (date(2026, 1, 1), date(9999, 12, 31)),
        (date.max, date.max),
    ],
)
@pytest.mark.parametrize("time_zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])  # +14, -11
def test_a_plan_at_the_ends_of_the_calendar_gets_its_review_page_and_chart(
    board, settings, time_zone, starts_on, due_on
):
    settings.TIME_ZONE = time_zone
    plan = Plan.objects.create(title="Odd", slug="odd", status="active", starts_on=starts_on, due_on=due_on)
    ObjectiveFactory(goal=GoalFactory(plan=plan, title="Grow"), statement="Ten hubs run.")
    today = timezone.localdate()

    response = board.get(reverse("board:plan", args=["odd"]))

    assert response.status_code == 200
    chart = response.context["plan_chart"]
    days = [row[0] for row in chart.rows]
    # The chart covers what the history can show (it begins today), not 2,000 years of nothing, and
    # never a day after today.
    assert len(days) <= 2
    assert days[-1] == today
    assert '<desc id="plan-desc">Plan progress by week' in response.content.decode()
    assert board.get(reverse("board:objectives-csv", args=["odd"])).status_code == 200
