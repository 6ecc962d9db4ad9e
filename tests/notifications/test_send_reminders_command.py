"""`manage.py send_reminders`: the dry run, the production guard, and the loop for platforms without cron."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from goals.management import clock
from goals.management.commands import send_reminders as command_module
from goals.models import DigestSent, NotificationPreference, ReminderSent
from tests.notifications.conftest import send_reminders

pytestmark = pytest.mark.integration


def test_a_dry_run_prints_who_would_get_what_and_changes_nothing(team, smtp):
    NotificationPreference.objects.create(user=team["board"], digest=True)

    out = send_reminders("--dry-run", "--digest")

    hubs, grants = (f"{objective.check_in_due_on():%Y-%m-%d}" for objective in team["due"])
    assert out.splitlines() == [
        "Would remind alice@example.org (alice) of 2 objective(s):",
        f"  - Ten hubs run on open infrastructure. (check-in due {hubs})",
        f"  - Two grants are won. (check-in due {grants})",
        "Would remind bob@example.org (bob) of 1 objective(s):",
        f"  - Bob's objective is met. (check-in due {team['bobs'].check_in_due_on():%Y-%m-%d})",
        "Would send the board digest to boris@example.org (boris): Plan for the commons",
        "Check-in reminders: would send 2; Weekly board digest: would send 1.",
    ]
    assert smtp.messages == []
    assert (
        ReminderSent.objects.count(),
        DigestSent.objects.count(),
        NotificationPreference.objects.count(),
    ) == (
        0,
        0,
        1,
    )


def test_a_dry_run_after_a_real_run_has_nothing_to_say(team, smtp):
    send_reminders()

    assert send_reminders("--dry-run") == "Check-in reminders: would send 0.\n"


def test_in_production_it_refuses_to_send_without_an_email_server_or_a_site_address(team, smtp, settings):
    settings.DEBUG = False
    settings.EMAIL_CONFIGURED = False

    with pytest.raises(CommandError, match="Set EMAIL_URL before sending e-mail with DJANGO_DEBUG=False"):
        send_reminders()
    settings.STRATEGY_SITE_URL_CONFIGURED = False
    with pytest.raises(CommandError, match="Set EMAIL_URL and STRATEGY_SITE_URL"):
        send_reminders()

    assert smtp.messages == []
    assert "would send 2" in send_reminders("--dry-run")


def test_every_takes_at_least_a_minute(db):
    with pytest.raises(CommandError, match="--every takes at least 60 seconds"):
        call_command("send_reminders", "--every", "10")


class Stop(Exception):
    pass


def test_the_loop_runs_again_after_a_failed_run(team, smtp, monkeypatch):
    runs, sleeps = [], []
    real_send_all = command_module.sending.send_all

    def flaky_send_all(*args, **kwargs):
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("database restarting")
        return real_send_all(*args, **kwargs)

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise Stop

    closed = []
    monkeypatch.setattr(command_module.sending, "send_all", flaky_send_all)
    monkeypatch.setattr(clock.time, "sleep", sleep)
    # Between runs the loop drops connections that a database restart broke; here that would close
    # the test's own transaction, so it is only counted.
    monkeypatch.setattr(clock, "close_old_connections", lambda: closed.append(1))

    with pytest.raises(Stop):
        send_reminders("--every", "3600")

    assert (len(runs), sleeps, len(closed)) == (2, [3600, 3600], 2)
    assert smtp.recipients == ["alice@example.org", "bob@example.org"]
