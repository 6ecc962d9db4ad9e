from datetime import UTC, date, datetime

import pytest

from goals.models import Goal, Objective, Review
from tests.browser.pages import opens_a_page
from tests.roles import make_role_user as make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_prepares_and_records_a_review(live_server, page, seed_plan, screenshot):
    user = make_user("board", "beatrice")
    user.set_password("a-long-board-password")
    user.save()
    # The plan was imported on 1 October; one objective has been at risk since then.
    imported = datetime(2026, 10, 1, 9, tzinfo=UTC)
    for model in (Goal, Objective):
        model.history.model.objects.update(history_date=imported)
    objective = Objective.objects.filter(goal__plan=seed_plan).first()
    objective.status = Objective.Status.AT_RISK
    objective.save()

    page.goto(live_server.url + "/review/")
    assert page.url == live_server.url + "/accounts/login/?next=/review/"  # the site's, not the admin's
    screenshot("sign-in")
    page.fill("#id_username", "beatrice")
    page.fill("#id_password", "a-long-board-password")
    with opens_a_page(page):
        page.get_by_role("button", name="Sign in").click()  # not the header's Search
    assert page.locator("h1").inner_text() == "Board review"

    with opens_a_page(page):
        page.click("text=Review the active plan")
    assert page.locator("h1").inner_text() == "Strategy and goals"
    assert page.locator("#changes-heading").inner_text().startswith("What changed since")
    page.fill("#since", "2026-10-15")
    with opens_a_page(page):
        page.click("text=Show")
    assert "Not started → At risk" in page.locator("table.changes").first.inner_text()
    assert page.locator("svg[role=img] title").first.text_content() == "Plan progress"
    screenshot("review-plan")
    page.emulate_media(media="print")
    assert not page.locator(".review-nav").is_visible()
    screenshot("review-plan-print")
    page.emulate_media(media="screen")

    with opens_a_page(page):
        page.click("text=Record a review")
    page.fill("#id_held_on", "2026-11-20")
    page.fill("#id_attendees", "Beatrice\nChris")
    page.fill("#id_notes", "Reviewed the **pilot**.")
    page.fill("#id_decisions", "Hire a second engineer.")
    screenshot("review-record-form")
    with opens_a_page(page):
        page.click("text=Record the review and freeze the snapshot")

    assert page.locator("h1").inner_text() == "Board review of 20 November 2026"
    assert "Review recorded" in page.locator(".messages").inner_text()
    assert page.locator("table.snapshot tbody tr").count() == Review.objects.get().snapshots.count()
    review = Review.objects.get()
    assert (review.held_on, review.recorded_by, review.attendee_list()) == (
        date(2026, 11, 20),
        user,
        ["Beatrice", "Chris"],
    )
    screenshot("review-record")
