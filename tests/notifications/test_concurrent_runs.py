"""Two app servers with the same cron line: two runs at the same moment send one e-mail per person.

Each run is a thread with its own database connection, started together at a barrier, against a slow
SMTP server so that one is still sending while the other claims. PostgreSQL is where this matters
(several app servers share one); on SQLite one writer at a time makes the race impossible anyway.
"""

import re
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from goals.models import Plan, ReminderSent
from goals.permissions import OWNERS
from tests.factories import GoalFactory, ObjectiveFactory, OwnerFactory, PlanFactory
from tests.roles import make_user

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race needs a database with concurrent writers"
    ),
]

PEOPLE = 8


def run_in_threads(count):
    barrier = threading.Barrier(count)
    errors, outputs = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            out = StringIO()
            call_command("send_reminders", stdout=out)
            outputs.append(out.getvalue())
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors, outputs


def test_two_runs_at_once_send_each_person_one_email(smtp):
    today = timezone.localdate()
    plan = PlanFactory(
        status=Plan.Status.ACTIVE, starts_on=today - timedelta(days=90), due_on=today + timedelta(days=90)
    )
    goal = GoalFactory(plan=plan)
    for number in range(PEOPLE):
        owner = OwnerFactory(user=make_user(f"owner{number}", OWNERS))
        ObjectiveFactory.create_batch(2, goal=goal, owners=[owner])
    smtp.delay = 0.05

    errors, outputs = run_in_threads(2)

    assert errors == []
    assert smtp.recipients == sorted(f"owner{number}@example.org" for number in range(PEOPLE))
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 2 * PEOPLE
    # However the two runs shared the work, together they sent one e-mail per person.
    sent = [int(re.search(r"Check-in reminders: sent (\d+)", out).group(1)) for out in outputs]
    assert sum(sent) == PEOPLE
