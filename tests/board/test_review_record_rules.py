"""A review cannot be dated after today (in the site's time zone) nor shown in public without a
public summary: refused on the review form, in the admin and by Review.clean(), in plain words."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goals.board import snapshots
from goals.models import Review
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory
from tests.roles import form_data, make_role_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FUTURE = "The meeting date cannot be after today"
NO_SUMMARY = "A review shown in public needs a public summary"


@pytest.fixture
def plan():
    plan = PlanFactory(slug="p", status="active", starts_on=date(2026, 1, 1), due_on=date(2026, 12, 31))
    ObjectiveFactory(goal=GoalFactory(plan=plan, title="Grow"), statement="Ten hubs run.")
    return plan


@pytest.fixture
def board(client):
    client.force_login(make_role_user("board"))
    return client


def record(board, **data):
    data = {"held_on": timezone.localdate().isoformat(), "attendees": "Ann", **data}
    return board.post(reverse("board:record-new", args=["p"]), data)


def test_the_form_refuses_a_meeting_date_after_today(board, plan):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = record(board, held_on=tomorrow.isoformat())

    assert response.status_code == 200
    today = timezone.localdate()
    assert f"{FUTURE} ({today.day} {today:%B %Y})." in response.content.decode()
    assert Review.objects.count() == 0


@pytest.mark.parametrize("time_zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])  # UTC+14, UTC-11
def test_today_is_the_site_time_zone_s_today(board, plan, settings, time_zone):
    settings.TIME_ZONE = time_zone
    today = timezone.localdate()

    assert record(board, held_on=(today + timedelta(days=1)).isoformat()).status_code == 200
    assert record(board, held_on=today.isoformat()).status_code == 302
    assert Review.objects.get().held_on == today


@pytest.mark.parametrize("summary", ["", "   \n  "])
def test_the_form_refuses_a_public_review_without_a_public_summary(board, plan, summary):
    response = record(board, is_public="on", public_summary=summary)

    assert response.status_code == 200
    assert NO_SUMMARY in response.content.decode()
    assert Review.objects.count() == 0
    assert "Reviewed by the board" not in board.get("/").content.decode()


def test_a_public_review_with_a_summary_and_a_private_one_without_are_fine(board, plan):
    assert record(board, is_public="on", public_summary="On course.").status_code == 302
    assert record(board).status_code == 302
    assert list(Review.objects.order_by("pk").values_list("is_public", "public_summary")) == [
        (True, "On course."),
        (False, ""),
    ]


def test_the_model_refuses_both_in_clean(plan):
    review = Review(
        plan=plan, held_on=timezone.localdate() + timedelta(days=30), attendees="Ann", is_public=True
    )

    with pytest.raises(ValidationError) as refused:
        review.full_clean()

    assert set(refused.value.message_dict) == {"held_on", "public_summary"}
    assert refused.value.message_dict["held_on"][0].startswith(FUTURE)
    assert refused.value.message_dict["public_summary"][0].startswith(NO_SUMMARY)


def test_the_admin_will_not_publish_a_review_without_a_summary(client, plan):
    review = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    client.force_login(make_role_user("superuser"))
    url = reverse("admin:goals_review_change", args=[review.pk])
    data = form_data(client.get(url), "review_form")

    response = client.post(url, {**data, "is_public": "on", "public_summary": ""})

    assert response.status_code == 200
    assert NO_SUMMARY in response.content.decode()
    review.refresh_from_db()
    assert review.is_public is False
    response = client.post(url, {**data, "is_public": "on", "public_summary": "On course."})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.is_public, review.public_summary) == (True, "On course.")
