import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.board import snapshots
from goals.check_ins import record_check_in
from goals.models import KeyResult, KeyResultTarget, Objective, Review
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_role_user as make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def make_plan(size, slug="p", status="active"):
    plan = PlanFactory(slug=slug, status=status)  # a year around today: nothing overdue on any day
    owner = OwnerFactory()
    for _ in range(size):
        goal = GoalFactory(plan=plan)
        for index in range(size):
            objective = ObjectiveFactory(
                goal=goal, status="at_risk" if index == 0 else "on_track", owners=[owner]
            )
            EvidenceFactory(objective=objective, visibility="internal")
    return plan


@pytest.fixture
def board(client):
    client.force_login(make_user("board"))
    return client


def measure(plan, size):
    """Each goal's first objective measured, `size` check-ins each: public and internal."""
    for goal in plan.goals.all():
        objective = goal.objectives.order_by("pk").first()
        key_result = KeyResult.objects.create(objective=objective, metric="Hubs", unit="hubs", target=size)
        KeyResultTarget.objects.create(key_result=key_result, due_on=date(2026, 6, 30), value=size / 2)
        for value in range(1, size + 1):
            record_check_in(objective, value=value, visibility="internal" if value % 2 else "public")


@pytest.mark.parametrize("size", [1, 10])
def test_the_review_page_makes_the_same_queries_for_1x_and_10x_plans(board, size, django_assert_num_queries):
    plan = make_plan(size)
    snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    measure(plan, size)
    # ... the check-ins posted since and the measurements they follow; the key results' targets
    with django_assert_num_queries(20):
        response = board.get(reverse("board:plan", args=["p"]))
    assert response.status_code == 200
    assert len(response.context["summary"].flagged) == size
    assert len(response.context["changes"].check_ins) == size * size


@pytest.mark.parametrize("size", [1, 10])
def test_record_and_compare_pages_make_the_same_queries(board, size, django_assert_num_queries):
    plan = make_plan(size)
    measure(plan, size)
    review = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    measure_again = [record_check_in(row.objective, value=0) for row in review.snapshots.exclude(metric="")]
    with django_assert_num_queries(6):
        board.get(reverse("board:record", args=[review.pk]))
    with django_assert_num_queries(13):  # "now" reads the key results' targets too
        response = board.get(reverse("board:compare") + f"?a={review.pk}&b=now")
    assert len(response.context["check_ins"]) == len(measure_again) == size


def test_the_review_page_summarises_flags_and_shows_changes_since_the_last_review(board):
    plan = PlanFactory(slug="p", status="active")
    goal = GoalFactory(plan=plan, title="Grow")
    moved = ObjectiveFactory(goal=goal, statement="Ten hubs run.", status="on_track")
    ObjectiveFactory(goal=goal, statement="A partner signs.", status="off_track")
    snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    moved.status = Objective.Status.DONE
    moved.save()
    EvidenceFactory(objective=moved, title="Launch post")
    response = board.get(reverse("board:plan", args=["p"]))
    page = response.content.decode()
    assert response.context["since_is_last_review"] is True
    assert "Since the last review was recorded (1 April 2026 meeting)." in page
    assert "On track → <strong>Done</strong>" in page
    assert "50% → <strong>100%</strong>" in page
    assert "Launch post" in page
    flagged = [(item.objective.statement, item.reasons) for item in response.context["summary"].flagged]
    assert flagged == [("A partner signs.", ["off track"])]
    assert '<svg class="chart-svg"' in page and '<desc id="plan-desc">Plan progress by week' in page
    assert "style=" not in page and "<script" not in page


def test_a_chosen_date_replaces_the_last_review(board):
    plan = make_plan(1)
    snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    response = board.get(reverse("board:plan", args=["p"]), {"since": "2026-01-01"})
    assert response.context["since_day"] == date(2026, 1, 1)
    assert response.context["since_is_last_review"] is False


def test_a_board_member_records_a_review_from_the_form(board):
    plan = make_plan(2)
    data = {"held_on": "2026-04-01", "attendees": "Ann\nBo", "notes": "All good.", "decisions": "Carry on."}
    response = board.post(reverse("board:record-new", args=["p"]), data, follow=True)
    review = Review.objects.get()
    assert response.redirect_chain == [(review.get_absolute_url(), 302)]
    assert (review.recorded_by.username, review.attendee_list(), review.snapshots.count()) == (
        "board",
        ["Ann", "Bo"],
        6,
    )
    assert "Review recorded" in response.content.decode()
    assert review.plan == plan


def test_the_form_refuses_a_review_without_date_or_attendees(board):
    make_plan(1)
    response = board.post(reverse("board:record-new", args=["p"]), {"held_on": "", "attendees": ""})
    assert response.status_code == 200
    assert Review.objects.count() == 0
    assert "This field is required." in response.content.decode()


def test_compare_shows_two_reviews_side_by_side(board):
    plan = make_plan(1)
    objective = Objective.objects.get()
    first = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    objective.status = Objective.Status.DONE
    objective.save()
    ObjectiveFactory(goal=objective.goal, statement="A new one.")
    second = snapshots.record_review(plan, held_on=date(2026, 7, 1), attendees="Ann")
    response = board.get(reverse("board:compare"), {"a": second.pk, "b": first.pk})
    rows = [(row.label, row.change) for row in response.context["rows"]]
    assert response.context["first"] == first  # the older one goes on the left whatever the order asked
    # The goal's progress stays at 50%: one objective done (100), one new (0).
    assert rows == [(objective.goal.title, ""), (objective.statement, "changed"), ("A new one.", "added")]
    assert "+50 pts, status changed" in response.content.decode()


def test_compare_refuses_reviews_of_different_plans(board):
    first = snapshots.record_review(make_plan(1, "a"), held_on=date(2026, 4, 1), attendees="Ann")
    second = snapshots.record_review(
        make_plan(1, "b", status="archived"), held_on=date(2026, 4, 1), attendees="Ann"
    )
    assert board.get(reverse("board:compare"), {"a": first.pk, "b": second.pk}).status_code == 400
    assert board.get(reverse("board:compare"), {"a": "x"}).status_code == 404


def test_withdrawing_keeps_the_record_and_marks_it(board):
    review = snapshots.record_review(make_plan(1), held_on=date(2026, 4, 1), attendees="Ann", is_public=True)
    board.post(reverse("board:withdraw", args=[review.pk]), {"reason": "Wrong meeting."})
    review.refresh_from_db()
    assert (review.is_withdrawn, review.is_public, review.withdrawn_reason) == (True, False, "Wrong meeting.")
    page = board.get(review.get_absolute_url()).content.decode()
    assert "Withdrawn on" in page and "Wrong meeting." in page


def test_the_public_notice_says_when_the_board_reviewed_and_nothing_private(client):
    plan = make_plan(1)
    assert "Reviewed by the board" not in client.get("/").content.decode()
    snapshots.record_review(
        plan, held_on=date(2026, 4, 1), attendees="Ann Secret", notes="Private notes.", is_public=True,
        public_summary="On course.",
    )  # fmt: skip
    html = client.get("/").content.decode()
    assert "Reviewed by the board on 1 April 2026." in html
    assert "On course." in html
    assert "Private notes" not in html and "Ann Secret" not in html


def test_the_admin_shows_a_review_read_only_and_offers_no_delete(client):
    client.force_login(make_user("superuser"))
    review = snapshots.record_review(make_plan(1), held_on=date(2026, 4, 1), attendees="Ann")
    response = client.get(reverse("admin:goals_review_change", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="notes"' not in page and 'name="is_public"' in page
    assert client.get(reverse("admin:goals_review_delete", args=[review.pk])).status_code == 403
    assert client.get(reverse("admin:goals_review_add")).status_code == 403


@pytest.mark.parametrize(
    ("progress", "sentence"),
    [
        (49, "The plan is 1 point behind an even pace."),
        (51, "The plan is 1 point ahead of an even pace."),
        (45, "The plan is 5 points behind an even pace."),
        (55, "The plan is 5 points ahead of an even pace."),
    ],
)
def test_the_packet_says_one_point_not_one_points(board, progress, sentence):
    today = timezone.localdate()  # expected by today: 50%
    plan = PlanFactory(
        slug="p", status="active", starts_on=today - timedelta(days=50), due_on=today + timedelta(days=50)
    )
    ObjectiveFactory(
        goal=GoalFactory(plan=plan), status="on_track", progress_source="manual", progress=progress
    )

    page = board.get(reverse("board:plan", args=["p"])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())

    sentences = re.findall(r"The plan is [^.]*\.", text)
    assert sentences == [sentence]


def test_check_in_notes_read_as_text_in_the_packet_and_compare_not_as_markdown_source(board):
    plan = make_plan(1)
    review = snapshots.record_review(plan, held_on=date(2026, 4, 1), attendees="Ann")
    objective = Objective.objects.get(goal__plan=plan)
    record_check_in(
        objective, note="Signed **Uppsala** as the *eighth* member: [news](https://example.org/n)."
    )

    pages = [
        board.get(reverse("board:plan", args=["p"])).content.decode(),
        board.get(reverse("board:compare"), {"a": review.pk, "b": "now"}).content.decode(),
    ]

    for page in pages:
        notes = [" ".join(note.split()) for note in re.findall(r'class="muted check-in-note">([^<]*)<', page)]
        assert notes == ["Signed Uppsala as the eighth member: news."]
        assert "**Uppsala**" not in page
        assert "](https://" not in page
