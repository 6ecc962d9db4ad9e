"""Key results and check-ins: progress from measured values, and every update one dated entry."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from goals import rules
from goals.check_ins import record_check_in
from goals.models import CheckIn, KeyResult, Objective
from tests.factories import ObjectiveFactory, OwnerFactory, UserFactory

pytestmark = pytest.mark.integration

D = Decimal


@pytest.mark.unit
@pytest.mark.parametrize(
    ("direction", "baseline", "target", "value", "progress"),
    [
        ("at_least", 0, 2, None, 0),  # no measurement yet
        ("at_least", 0, 2, 1, 50),
        ("at_least", 0, 2, 3, 100),  # past the target: clamped
        ("at_least", 10, 20, 5, 0),  # below the baseline: clamped
        ("at_least", 5, 3, 4, 100),  # baseline already past the target: done once it is met
        ("at_least", 5, 3, 2, 0),
        ("at_most", 10, 2, 6, 50),
        ("at_most", 10, 2, 1, 100),
        ("at_most", 10, 2, 12, 0),
        ("exactly", 0, 5, 5, 100),
        ("exactly", 0, 5, 4, 80),
        ("exactly", 0, 5, 7, 60),  # overshooting counts as far as undershooting
        ("exactly", 5, 5, 4, 0),
        ("at_least", 0, 3, 1, 33),  # a whole percent
    ],
)
def test_measured_progress_follows_direction_and_is_clamped(direction, baseline, target, value, progress):
    value = None if value is None else D(value)
    assert rules.measured_progress(direction, D(baseline), D(target), value) == progress


@pytest.mark.unit
@pytest.mark.parametrize(
    ("value", "text"), [(D("3.00"), "3"), (D("2.50"), "2.5"), (D("1200"), "1,200"), (None, "")]
)
def test_values_read_as_people_write_them(value, text):
    assert rules.format_value(value) == text


@pytest.mark.django_db
def test_a_key_result_that_cannot_measure_anything_is_refused_in_plain_words():
    key_result = KeyResult(objective=ObjectiveFactory(), metric="Hubs", baseline=5, target=3)

    with pytest.raises(ValidationError) as refused:
        key_result.full_clean()

    assert refused.value.message_dict == {
        "target": ["For “at least”, the target must be above the baseline."]
    }


@pytest.fixture
def measured(db):
    objective = ObjectiveFactory(statement="2i2c runs hubs for at least two institutions.")
    KeyResult.objects.create(objective=objective, metric="Institutions", unit="institutions", target=2)
    objective.refresh_from_db()
    return objective


def test_a_key_result_makes_its_objective_measured_from_zero(measured):
    assert (measured.progress_source, measured.progress) == ("measured", 0)


def test_a_public_measurement_moves_progress_and_an_internal_one_does_not(measured):
    record_check_in(measured, value=D(1))
    measured.refresh_from_db()
    assert measured.progress == 50

    record_check_in(measured, value=D(2), visibility=CheckIn.Visibility.INTERNAL)
    measured.refresh_from_db()
    assert measured.progress == 50


def test_the_newest_measurement_counts_not_the_last_posted(measured):
    today = timezone.localdate()
    record_check_in(measured, value=D(2), happened_on=today)
    record_check_in(measured, value=D(1), happened_on=today - timedelta(days=30))  # a late entry

    measured.refresh_from_db()
    assert measured.progress == 100


def test_a_new_target_moves_progress(measured):
    record_check_in(measured, value=D(1))
    measured.key_result.target = D(4)
    measured.key_result.save()

    measured.refresh_from_db()
    assert measured.progress == 25


def test_a_measured_objective_whose_feed_stopped_is_stale_whatever_else_happened(measured):
    today = timezone.localdate()
    record_check_in(measured, value=D(1), status="on_track", happened_on=today - timedelta(days=90))
    record_check_in(measured, note="Talked to a third university.")  # an update without a value

    fetched = Objective.objects.get(pk=measured.pk)
    assert fetched.standing(today).stale is True
    assert fetched.last_public_evidence_on == today  # the note is the newest entry all the same


def test_a_check_in_is_one_entry_with_its_author_and_moves_status(db):
    owner = OwnerFactory(name="Yuvi Panda", user=UserFactory(username="yuvi"))
    objective = ObjectiveFactory(owners=[owner])

    check_in, created = record_check_in(
        objective,
        author=owner.user,
        status="at_risk",
        confidence="low",
        note="Waiting on the **grant**.",
        links="https://example.org/a\nhttps://example.org/b",
    )

    objective.refresh_from_db()
    assert created is True
    assert objective.check_ins.count() == 1
    assert check_in.link_list() == ["https://example.org/a", "https://example.org/b"]
    assert check_in.author_name() == "Yuvi Panda"
    assert objective.status == "at_risk"


def test_a_retry_with_the_same_client_key_is_stored_once(measured):
    first, created = record_check_in(measured, value=D(1), client_key="cron-2026-12-01")
    again, created_again = record_check_in(measured, value=D(2), client_key="cron-2026-12-01")

    measured.refresh_from_db()
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert measured.check_ins.count() == 1
    assert measured.progress == 50


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"value": D(1)}, {"value": ["This objective has no key result to measure."]}),
        ({}, {"__all__": ["Say what changed: a status, progress, a measurement, a note or a link."]}),
        ({"progress": 120}, {"progress": ["Ensure this value is less than or equal to 100."]}),
    ],
)
def test_a_check_in_that_says_nothing_or_the_impossible_is_refused(db, fields, error):
    objective = ObjectiveFactory()

    with pytest.raises(ValidationError) as refused:
        record_check_in(objective, **fields)

    assert refused.value.message_dict == error
    assert CheckIn.objects.count() == 0


def test_progress_by_hand_is_refused_for_a_measured_objective(measured):
    with pytest.raises(ValidationError) as refused:
        record_check_in(measured, progress=40)

    assert refused.value.message_dict == {
        "progress": ["Progress of a measured objective comes from its measurements."]
    }
