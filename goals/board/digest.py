"""The weekly board digest's content, per active plan: progress against pace, what moved since the
last digest, what is at risk, overdue or stale, what falls due in the next 30 days, and the packet.

The same figures as the packet (`packet.summarize`, `changes.changes_since`); `manage.py
send_reminders --digest` builds it and goals/notifications/ turns it into e-mail.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse

from goals import rules
from goals.board import changes, packet
from goals.models import Goal, Objective, Plan

UPCOMING_DAYS = 30


@dataclass
class Upcoming:
    objective: Objective
    goal: Goal
    due_on: date
    url: str


@dataclass
class PlanDigest:
    plan: Plan
    summary: packet.PlanSummary
    changes: changes.Changes
    packet_url: str
    upcoming: list[Upcoming] = field(default_factory=list)


def upcoming_due_dates(plan, today, days=UPCOMING_DAYS):
    """Objectives not finished whose due date (their own or the plan's) is in the next `days` days."""
    until = today + timedelta(days=days)
    upcoming = [
        Upcoming(
            objective,
            goal,
            objective.effective_due_on,
            packet.objective_link(plan, goal.slug, objective.slug, objective.pk),
        )
        for goal in plan.goal_list
        for objective in goal.objective_list
        if not rules.is_done(objective.status) and today <= objective.effective_due_on <= until
    ]
    return sorted(upcoming, key=lambda item: (item.due_on, item.goal.order, item.objective.order))


def build_digest(since, today):
    """One PlanDigest per active plan (none when no plan is active); `since` is an aware datetime."""
    return [
        PlanDigest(
            plan=plan,
            summary=packet.summarize(plan, today),
            changes=changes.changes_since(plan, since),
            packet_url=reverse("board:plan", kwargs={"plan_slug": plan.slug}),
            upcoming=upcoming_due_dates(plan, today),
        )
        for plan in packet.plan_for_review(Plan.objects.active())
    ]
