"""The plan page's first screen: the plan's progress against the pace, then every goal at a glance
(progress, pace, objectives by status, what needs attention) before any detail."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from goals.check_ins import record_check_in
from goals.models import Objective, Plan
from tests.factories import GoalFactory, ObjectiveFactory, PlanFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

S = Objective.Status


@pytest.fixture
def plan_under_way(db):
    """Half way through: one goal behind (nothing started, one overdue), one done, one on pace."""
    today = timezone.localdate()
    plan = PlanFactory(
        title="Half way", slug="half-way", status=Plan.Status.ACTIVE,
        starts_on=today - timedelta(days=100), due_on=today + timedelta(days=100),
    )  # fmt: skip
    late = GoalFactory(plan=plan, title="Late & <slow>", slug="late", order=1)
    ObjectiveFactory(goal=late, slug="a", status=S.NOT_STARTED)
    ObjectiveFactory(goal=late, slug="b", status=S.NOT_STARTED, due_on=today - timedelta(days=5))
    ObjectiveFactory(goal=late, slug="c", status=S.AT_RISK)
    done = GoalFactory(plan=plan, title="All done", slug="done", order=2)
    ObjectiveFactory(goal=done, slug="d", status=S.DONE)
    steady = GoalFactory(plan=plan, title="Steady", slug="steady", order=3)
    ObjectiveFactory(goal=steady, slug="e", status=S.ON_TRACK)
    return plan


def cards(html):
    """{goal title: the card's HTML}, in page order."""
    found = re.findall(r'<li class="goal-card[^"]*" data-pace="[^"]*">(.*?)</li>', html, re.DOTALL)
    return {re.search(r'class="goal-card-title"[^>]*>([^<]*)</a>', card)[1]: card for card in found}


def words(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


def test_every_goal_has_a_card_before_any_detail(client, plan_under_way):
    html = client.get("/").content.decode()

    assert list(cards(html)) == ["Late &amp; &lt;slow&gt;", "All done", "Steady"]
    first_card = html.index('class="goal-card')
    assert first_card < html.index('id="introduction-heading"')
    assert first_card < html.index('<section class="goal"')
    assert html.index('aria-label="Plan progress"') < first_card


def test_a_card_says_progress_pace_statuses_and_what_needs_attention(client, plan_under_way):
    found = cards(client.get("/").content.decode())

    late, done, steady = found["Late &amp; &lt;slow&gt;"], found["All done"], found["Steady"]
    assert "17% 17% done, 50% expected · behind" in words(late)
    assert "progress-is-behind" in late
    assert words(late).endswith("2 not started · 1 at risk 1 behind, 1 overdue, 2 not updated recently")
    assert words(done).endswith("100% done, 50% expected · done 1 done")
    assert words(steady).endswith("50% done, 50% expected · on pace 1 on track")
    for card in (done, steady):
        assert "goal-card-attention" not in card and "progress-is-behind" not in card
    assert 'aria-label="Progress of Late &amp; &lt;slow&gt;"' in late


def test_bars_mark_where_progress_should_be_and_say_behind_in_words(client, plan_under_way):
    html = client.get("/plans/half-way/goals/late/").content.decode()

    summary = html.split('<section class="summary"')[1].split("</section>")[0].split(">", 1)[1]
    tick = re.search(r'<line x1="([0-9.]+)" x2="\1" y1="0" y2="10"', summary)
    # Half way: 100 days of 200 (101, at 50.5, if midnight passed since the fixture).
    assert float(tick[1]) == pytest.approx(50, abs=0.5)
    assert words(summary).startswith("How far along 17% 17% done · 50% expected by now · behind")
    # Each objective row's bar has its tick too; only the one behind says so.
    assert html.count('<svg class="pace-tick"') == 1 + 3
    assert html.count('<span class="pace-word pace-behind"> · behind</span>') == 1 + 1


def test_an_ended_plan_with_nothing_recorded_shows_its_goals_without_alarms(client, seed_plan):
    html = client.get("/").content.decode()

    found = cards(html)
    assert len(found) == 3
    for card in found.values():
        assert "goal-card-attention" not in card and "pace-word" not in card
    assert words(found["Launch major collaborations"]).endswith("0% done, 100% expected 3 not started")


def test_cards_leave_the_page_while_filtering(client, plan_under_way):
    html = client.get("/?status=done").content.decode()

    assert cards(html) == {}
    assert "Showing 1 of 5 objectives" in html


def test_a_card_follows_a_check_in(client, plan_under_way):
    objective = Objective.objects.get(slug="e")
    record_check_in(objective, status=S.DONE, note="Shipped.")

    assert words(cards(client.get("/").content.decode())["Steady"]).endswith("· done 1 done")
