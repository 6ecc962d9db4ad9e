"""A failed send never counts as sent: the reminder stays pending and the next run sends it."""

import smtplib
from datetime import timedelta

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from goals.models import ReminderSent
from goals.notifications import sending
from tests.notifications.conftest import send_reminders

pytestmark = pytest.mark.integration


def test_the_dead_server_refuses_connections(settings, dead_smtp):
    # What the tests below rely on: the port is held by the test, so nothing answers on it.
    with pytest.raises(ConnectionRefusedError):
        smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=5)


def test_a_dead_server_leaves_every_reminder_pending_and_the_next_run_sends_them(team, dead_smtp, start_smtp):
    with pytest.raises(CommandError, match="could not be reached: what was not sent stays pending"):
        send_reminders()
    assert ReminderSent.objects.count() == 0

    smtp = start_smtp()
    out = send_reminders()

    assert smtp.recipients == ["alice@example.org", "bob@example.org"]
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 3
    assert "Check-in reminders: sent 2" in out


def test_a_refused_address_stays_pending_while_the_others_go(team, smtp):
    smtp.refuse.add("alice@example.org")

    with pytest.raises(CommandError, match="1 e-mail was refused"):
        send_reminders()

    assert smtp.recipients == ["bob@example.org"]
    assert not ReminderSent.objects.filter(user=team["alice"]).exists()
    smtp.refuse.clear()
    send_reminders()
    assert smtp.recipients == ["alice@example.org", "bob@example.org"]


def test_an_email_another_run_is_sending_is_left_to_it(team, smtp):
    # Another server's run claimed Alice's reminders a moment ago and is sending them now.
    for objective in team["due"]:
        ReminderSent.objects.create(
            user=team["alice"], objective=objective, due_on=objective.check_in_due_on(), run="other"
        )

    send_reminders()

    assert smtp.recipients == ["bob@example.org"]


def test_a_claim_left_by_a_run_that_died_is_taken_over(team, smtp):
    left = timezone.now() - sending.CLAIM_EXPIRES - timedelta(minutes=1)
    for objective in team["due"]:
        ReminderSent.objects.create(
            user=team["alice"],
            objective=objective,
            due_on=objective.check_in_due_on(),
            run="died",
            claimed_at=left,
        )

    send_reminders()

    assert smtp.recipients == ["alice@example.org", "bob@example.org"]
    assert set(ReminderSent.objects.filter(user=team["alice"]).values_list("run", flat=True)) != {"died"}
    assert ReminderSent.objects.filter(sent_at__isnull=True).count() == 0


def test_an_error_while_building_the_email_releases_its_claim(team, smtp, monkeypatch):
    def broken(*args):
        raise RuntimeError("template bug")

    monkeypatch.setattr(sending.emails, "reminder_message", broken)

    with pytest.raises(RuntimeError, match="template bug"):
        send_reminders()

    assert ReminderSent.objects.count() == 0
    assert smtp.messages == []
