"""The weekly board digest, through a real SMTP server: what it says, to whom, once a week."""

import re
from datetime import timedelta

import pytest

from goals.board.digest import build_digest
from goals.models import DigestSent, NotificationPreference, Objective, Plan
from goals.notifications import sending
from goals.templatetags.plan_tags import percent
from tests.factories import ObjectiveFactory
from tests.notifications.conftest import SITE_URL, parts, path_of, send_reminders, unsubscribe_link

pytestmark = pytest.mark.integration


@pytest.fixture
def subscribed(team):
    """Boris (board) and Alice (an owner, who may not read the packet) turned the digest on."""
    for user in (team["board"], team["alice"]):
        NotificationPreference.objects.create(user=user, digest=True)
    return team


def test_it_goes_to_board_members_and_founders_who_turned_it_on_and_to_nobody_else(subscribed, smtp):
    NotificationPreference.objects.create(user=subscribed["founder"], digest=True)

    out = send_reminders("--digest")

    digests = sorted(m["To"] for m in smtp.messages if m["Subject"].startswith("Board digest"))
    assert digests == ["boris@example.org", "fiona@example.org"]
    assert "Weekly board digest: sent 2" in out


def test_without_the_option_no_digest_goes(subscribed, smtp):
    send_reminders()

    assert smtp.to("boris@example.org") == []


def test_it_says_where_the_plan_stands_what_needs_attention_and_what_falls_due(subscribed, smtp, client):
    today = subscribed["today"]
    goal = subscribed["goal"]
    soon = ObjectiveFactory(
        goal=goal, statement="A report is published.", slug="report", due_on=today + timedelta(days=10)
    )
    ObjectiveFactory(
        goal=goal, statement="A later milestone.", slug="later", due_on=today + timedelta(days=40)
    )
    ObjectiveFactory(
        goal=goal,
        statement="Finished early.",
        slug="early",
        due_on=today + timedelta(days=5),
        status=Objective.Status.DONE,
    )

    # On the fixture's day (the command reads the clock again: after a midnight, the next day's).
    sending.send_all(today, build_digest=build_digest)

    [message] = smtp.to("boris@example.org")
    text, html = parts(message)
    monday = today - timedelta(days=today.weekday())
    assert message["Subject"] == f"Board digest for the week of {monday.day} {monday:%B %Y}"
    standing = Plan.objects.get(pk=subscribed["plan"].pk).standing(today)
    assert f"Progress: {percent(standing.progress)}, expected by today {percent(standing.expected)}" in text
    attention = text.split("Needs attention")[1].split("Due in the next 30 days")[0]
    assert "- Two grants are won. (Grow the community): at risk" in attention
    assert "- Ten hubs run on open infrastructure. (Grow the community): stale" in attention
    assert "A donor page exists." not in attention
    upcoming = text.split("Due in the next 30 days:")[1]
    assert f"- {soon.due_on.day} {soon.due_on:%B %Y}: A report is published. (Grow the community)" in upcoming
    assert "A later milestone." not in upcoming
    assert "Finished early." not in upcoming
    packet = f"{SITE_URL}/review/plans/commons/"
    assert f"Board packet: {packet}" in text
    assert f'href="{packet}"' in html
    assert unsubscribe_link(message).startswith(f"{SITE_URL}/notifications/unsubscribe/digest/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    client.force_login(subscribed["board"])
    for link in set(re.findall(r'href="([^"]+)"', html)):
        assert client.get(path_of(link)).status_code == 200, link


def test_it_says_what_moved_since_the_last_digest(subscribed, smtp):
    today = subscribed["today"]
    sending.send_all(today, build_digest=build_digest)
    first = parts(smtp.to("boris@example.org")[0])[0]
    assert "- Two grants are won. (Grow the community): added, At risk" in first

    bobs = subscribed["bobs"]
    bobs.status = Objective.Status.OFF_TRACK
    bobs.save()
    sending.send_all(today + timedelta(days=7), build_digest=build_digest)

    second = parts(smtp.to("boris@example.org")[1])[0]
    moved = second.split("What moved")[1].split("Needs attention")[0]
    assert "- Bob's objective is met. (Grow the community): Not started -> Off track, 0% -> 50%" in moved
    assert "Two grants are won." not in moved  # moved before the last digest


def test_one_digest_per_person_per_iso_week(subscribed, smtp):
    today = subscribed["today"]
    monday = today - timedelta(days=today.weekday())

    sending.send_all(monday, build_digest=build_digest)
    sending.send_all(monday + timedelta(days=6), build_digest=build_digest)  # the same week's Sunday
    assert len(smtp.to("boris@example.org")) == 1
    sending.send_all(monday + timedelta(days=7), build_digest=build_digest)

    assert len(smtp.to("boris@example.org")) == 2
    assert list(DigestSent.objects.values_list("week", flat=True)) == [monday + timedelta(days=7), monday]


def test_with_no_active_plan_there_is_nothing_to_send_and_nothing_recorded(subscribed, smtp):
    Plan.objects.filter(pk=subscribed["plan"].pk).update(status=Plan.Status.ARCHIVED)

    send_reminders("--digest")

    assert smtp.messages == []
    assert DigestSent.objects.count() == 0


def test_a_dead_server_leaves_the_digest_pending(subscribed, dead_smtp, start_smtp):
    NotificationPreference.objects.filter(user=subscribed["alice"]).update(reminders=False)
    NotificationPreference.objects.create(user=subscribed["bob"], reminders=False)

    sending.send_all(subscribed["today"], build_digest=build_digest)
    assert DigestSent.objects.count() == 0

    smtp = start_smtp()
    sending.send_all(subscribed["today"], build_digest=build_digest)
    assert smtp.recipients == ["boris@example.org"]
