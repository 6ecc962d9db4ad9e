"""What a sending run costs the database: a fixed part, and the same few queries per e-mail.

Per person: the claim and the mark (each claim is its own transaction), and for the digest the
permission check and the digest itself (what moved since that person's last one). Who is due
what, and each person's preferences and language, are read for everyone at once.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from goals.board.digest import build_digest
from goals.models import NotificationPreference, Plan
from goals.notifications import sending
from goals.permissions import BOARD, OWNERS
from tests.factories import GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_user

pytestmark = pytest.mark.integration


def people(count):
    """`count` owners, each with one objective due, and `count` board members who want the digest;
    their e-mails in Spanish and English by turns, or the site's default."""
    today = timezone.localdate()
    plan = PlanFactory(
        status=Plan.Status.ACTIVE, starts_on=today - timedelta(days=100), due_on=today + timedelta(days=265)
    )
    goal = GoalFactory(plan=plan)
    for number in range(count):
        owner = make_user(f"owner{number}", OWNERS)
        owner.email = f"owner{number}@example.org"
        owner.save()
        ObjectiveFactory(goal=goal, owners=[OwnerFactory(user=owner)])
        if number % 2:  # some chose, some never did
            NotificationPreference.objects.create(user=owner, language="es")
        board = make_user(f"board{number}", BOARD)
        board.email = f"board{number}@example.org"
        board.save()
        NotificationPreference.objects.create(user=board, digest=True, language=("es", "en")[number % 2])
    return today


@pytest.mark.parametrize(("count", "queries"), [(1, 31), (3, 85)])
def test_a_run_costs_the_same_few_queries_per_email(smtp, db, django_assert_num_queries, count, queries):
    today = people(count)

    with django_assert_num_queries(queries):
        report = sending.send_all(today, build_digest=build_digest)

    assert report.sent == {"reminders": count, "digest": count}
    assert len(smtp.messages) == 2 * count
