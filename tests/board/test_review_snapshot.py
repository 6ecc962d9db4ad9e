from datetime import date

import pytest
from django.db import IntegrityError, transaction

from goals.board import snapshots
from goals.models import Objective, Review, ReviewFrozenError, ReviewSnapshot
from tests.factories import EvidenceFactory, GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_role_user as make_user

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def recorded():
    # Held on day 90 of a 364-day plan: the expected progress it freezes is known.
    plan = PlanFactory(status="active", starts_on=date(2026, 1, 1), due_on=date(2026, 12, 31))
    goal = GoalFactory(plan=plan, title="Grow the community")
    alice = OwnerFactory(name="Alice")
    objective = ObjectiveFactory(goal=goal, statement="Ten hubs run.", status="on_track", owners=[alice])
    EvidenceFactory(objective=objective, visibility="internal", happened_on=date(2026, 2, 1))
    EvidenceFactory(objective=objective, happened_on=date(2026, 3, 1))
    review = snapshots.record_review(
        plan, held_on=date(2026, 4, 1), attendees="Ann\nBo", notes="Fine.", recorded_by=make_user("board")
    )
    return review, goal, objective


def test_it_freezes_every_goal_and_objective(recorded):
    review, goal, objective = recorded
    rows = list(review.snapshots.order_by("position").values_list(
        "kind", "goal_title", "objective_statement", "status", "progress", "evidence_count",
        "public_evidence_count", "last_evidence_on", "owners",
    ))  # fmt: skip
    assert rows == [
        ("goal", "Grow the community", "", "", 50.0, 2, 1, date(2026, 3, 1), ""),
        (
            "objective",
            "Grow the community",
            "Ten hubs run.",
            "on_track",
            50.0,
            2,
            1,
            date(2026, 3, 1),
            "Alice",
        ),
    ]
    assert review.plan_progress == 50.0
    assert review.expected_progress == pytest.approx(100 * 90 / 364)


def test_later_edits_never_change_the_snapshot(recorded):
    review, goal, objective = recorded
    before = list(review.snapshots.values())
    objective.statement = "Twenty hubs run."
    objective.status = Objective.Status.DONE
    objective.save()
    goal.title = "Renamed"
    goal.save()
    EvidenceFactory(objective=objective)
    ObjectiveFactory(goal=goal, statement="A new objective.")
    assert list(ReviewSnapshot.objects.filter(review=review).values()) == before
    review.refresh_from_db()
    assert review.plan_progress == 50.0


def test_deleting_a_goal_keeps_the_recorded_text(recorded):
    review, goal, objective = recorded
    goal.delete()
    assert list(review.snapshots.values_list("goal_id", "objective_id", "goal_title")) == [
        (None, None, "Grow the community"),
        (None, None, "Grow the community"),
    ]


def test_snapshot_rows_refuse_updates_and_deletes(recorded):
    review, goal, objective = recorded
    row = review.snapshots.first()
    row.progress = 99
    with pytest.raises(ReviewFrozenError):
        row.save()
    with pytest.raises(ReviewFrozenError):
        row.delete()
    with pytest.raises(ReviewFrozenError):
        ReviewSnapshot.objects.filter(review=review).update(progress=99)
    with pytest.raises(ReviewFrozenError):
        ReviewSnapshot.objects.filter(review=review).delete()
    assert ReviewSnapshot.objects.get(pk=row.pk).progress == 50.0


def test_a_review_is_withdrawn_not_rewritten_or_deleted(recorded):
    review, goal, objective = recorded
    review.notes = "Something else."
    with pytest.raises(ReviewFrozenError):
        review.save()
    with pytest.raises(ReviewFrozenError):
        Review.objects.get(pk=review.pk).delete()
    review = Review.objects.get(pk=review.pk)
    snapshots.withdraw_review(review, "Recorded twice by mistake.")
    review.refresh_from_db()
    assert (review.is_withdrawn, review.notes, review.snapshots.count()) == (True, "Fine.", 2)
    assert Review.objects.current().count() == 0


def test_the_database_refuses_a_withdrawal_without_reason_or_a_public_withdrawn_review(recorded):
    review, goal, objective = recorded
    from django.utils import timezone

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(withdrawn_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(
            withdrawn_at=timezone.now(), withdrawn_reason="x", is_public=True
        )


def test_recording_is_one_transaction(recorded, monkeypatch):
    review, goal, objective = recorded

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReviewSnapshot.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        snapshots.record_review(goal.plan, held_on=date(2026, 5, 1), attendees="Ann")
    assert Review.objects.count() == 1


def test_public_for_shows_only_public_reviews_that_stand(recorded):
    review, goal, objective = recorded
    plan = goal.plan
    public = snapshots.record_review(plan, held_on=date(2026, 5, 1), attendees="Ann", is_public=True)
    withdrawn = snapshots.record_review(plan, held_on=date(2026, 6, 1), attendees="Ann", is_public=True)
    snapshots.withdraw_review(withdrawn, "Wrong date.")
    other_plan_review = snapshots.record_review(
        PlanFactory(), held_on=date(2026, 7, 1), attendees="A", is_public=True
    )
    assert list(Review.objects.public_for(plan)) == [public]
    assert other_plan_review not in Review.objects.public_for(plan)
