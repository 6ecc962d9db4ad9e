"""Who may see the board's review pages: board members and founders; nobody else."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from goals.board import snapshots
from goals.models import ReviewFrozenError
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory
from tests.roles import form_data
from tests.roles import make_role_user as make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def urls():
    plan = PlanFactory(slug="bait", status="draft")
    ObjectiveFactory(goal=GoalFactory(plan=plan), statement="Secret draft objective.")
    review = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann", notes="Private notes.")
    return [
        reverse("board:home"),
        reverse("board:plan", args=["bait"]),
        reverse("board:record-new", args=["bait"]),
        reverse("board:objectives-csv", args=["bait"]),
        reverse("board:record", args=[review.pk]),
        reverse("board:snapshot-csv", args=[review.pk]),
        reverse("board:compare") + f"?a={review.pk}&b=now",
    ]


def test_visitors_not_signed_in_are_sent_to_the_sites_sign_in_not_the_admins(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next=")
        assert not response["Location"].startswith(f"/{settings.ADMIN_URL}")


@pytest.mark.parametrize("role", ["owner", "staff", "board_not_staff"])
def test_owners_and_other_staff_are_refused(client, urls, role):
    client.force_login(make_user(role))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Private notes" not in response.content
        assert b"Secret draft objective" not in response.content


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_they_cannot_record_or_withdraw_a_review(client, role):
    plan = PlanFactory(slug="p")
    review = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    client.force_login(make_user(role))
    data = {"held_on": "2026-05-01", "attendees": "Mallory"}
    assert client.post(reverse("board:record-new", args=["p"]), data).status_code == 403
    assert client.post(reverse("board:withdraw", args=[review.pk]), {"reason": "x"}).status_code == 403
    review.refresh_from_db()
    assert (plan.reviews.count(), review.is_withdrawn) == (1, False)


@pytest.mark.parametrize("role", ["board", "founder", "superuser"])
def test_board_members_and_founders_may_review(client, urls, role):
    client.force_login(make_user(role))
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "allowed"), [("board", True), ("founder", True), ("owner", False), ("staff", False)]
)
def test_only_reviewers_see_reviews_in_the_admin(client, role, allowed):
    client.force_login(make_user(role))
    response = client.get(reverse("admin:goals_review_changelist"))
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", ["board", "founder"])
def test_nobody_can_undo_a_withdrawal_from_history(client, role):
    plan = PlanFactory(slug="p")
    review = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    first_version = review.history.earliest()
    snapshots.withdraw_review(review, reason="Recorded against the wrong plan.")
    client.force_login(make_user(role))

    url = reverse("admin:goals_review_simple_history", args=[review.pk, first_version.history_id])
    response = client.post(url, {"is_public": "on", "public_summary": "Back again."})

    assert response.status_code == 403
    review.refresh_from_db()
    assert review.withdrawn_at is not None
    assert review.is_public is False


def test_the_model_refuses_to_unwithdraw_a_review():
    review = snapshots.record_review(PlanFactory(slug="p"), held_on=date(2026, 4, 1), attendees="Ann")
    snapshots.withdraw_review(review, reason="Mistake.")
    review.withdrawn_at = None
    with pytest.raises(ReviewFrozenError, match="stays withdrawn"):
        review.save()


@pytest.mark.parametrize(("role", "may_change"), [("board", False), ("founder", True), ("superuser", True)])
def test_only_founders_change_a_review_in_the_admin(client, role, may_change):
    plan = PlanFactory(slug="p", status="active")
    review = snapshots.record_review(
        plan, held_on=date(2026, 4, 1), attendees="Ann", is_public=True, public_summary="On course."
    )
    url = reverse("admin:goals_review_change", args=[review.pk])
    # The form as a browser would send it, read by someone who sees all of it (the snapshot inline too).
    client.force_login(make_user("superuser", "form-reader"))
    data = form_data(client.get(url), "review_form")
    data.pop("is_public")  # unpublish
    data["public_summary"] = "Rewritten in the admin."
    client.force_login(make_user(role))

    response = client.post(url, data)

    review.refresh_from_db()
    if may_change:
        assert response.status_code == 302
        assert (review.is_public, review.public_summary) == (False, "Rewritten in the admin.")
    else:
        assert response.status_code == 403
        assert (review.is_public, review.public_summary) == (True, "On course.")
        assert "On course." in client.get(plan.get_absolute_url()).content.decode()


def test_the_board_reads_a_review_in_the_admin_without_a_form_to_change_it(client):
    review = snapshots.record_review(
        PlanFactory(slug="p", status="active"), held_on=date(2026, 4, 1), attendees="Ann", is_public=True,
        public_summary="On course.",
    )  # fmt: skip
    client.force_login(make_user("board"))

    response = client.get(reverse("admin:goals_review_change", args=[review.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "On course." in page
    assert 'name="is_public"' not in page
    assert 'name="public_summary"' not in page
    assert 'name="_save"' not in page


def test_an_owner_who_opens_a_board_page_gets_the_sites_403_with_a_way_back(client):
    owner = make_user("owner", "olga")

    client.force_login(owner)
    response = client.get(reverse("board:home"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>This page is not open to you</h1>" in html
    assert "The review pages are for board members and founders." in html
    assert "You are signed in as olga." in html
    assert '<a href="/me/">Go to your objectives</a>' in html
    assert '<a href="/">Go to the current plan</a>' in html
    assert '<a href="/accounts/login/?next=/review/">Sign in as someone else</a>' in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html  # the site's look
    assert "403 Forbidden" not in html


def test_staff_without_an_owner_get_no_link_to_a_page_of_their_own(client):
    client.force_login(make_user("staff", "sam"))

    html = client.get(reverse("board:home")).content.decode()

    assert "Go to your objectives" not in html
    assert "You are signed in as sam." in html
