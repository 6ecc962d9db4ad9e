"""The plan as the board sees it: who may review, the summary a meeting starts from."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from goals import rules
from goals.models import Goal, Objective, Plan

Status = Objective.Status


def can_review(user):
    """Board members and founders (and superusers), signed in to the admin."""
    return user.has_perm("goals.review_plans")


def day_end(day):
    """The first moment after `day` in the site's time zone: "as of the end of that day"."""
    return day_start(day + timedelta(days=1))


def day_start(day):
    """The first moment of `day` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


# ---------------------------------------------------------------------------------------------
# The plan as the board sees it: every objective, internal evidence counted too.


# The board sees internal evidence: its stale flag counts internal evidence as activity too
# (rules.objective_standing's include_internal). The packet, snapshots and CSV say so.
INCLUDE_INTERNAL = True
STALE_RULE_NOTE = _(
    "Stale here counts internal evidence as activity too; the public pages count public evidence only."
)


def plan_for_review(queryset=None):
    """Plans with goals (archived ones left out), objectives with their standing inputs, key results
    (with their targets on the way), owners and evidence counts (public and internal)."""
    objectives = (
        Objective.objects.order_by("order", "pk")
        .with_standing()
        .with_key_result(targets=True)
        .annotate(
            evidence_count=Count("evidence", distinct=True),
            public_evidence_count=Count(
                "evidence", filter=Q(evidence__visibility=rules.PUBLIC_EVIDENCE), distinct=True
            ),
        )
        .with_owners()
    )
    goals = (
        Goal.objects.on_plan()
        .order_by("order", "pk")
        .prefetch_related(Prefetch("objectives", queryset=objectives, to_attr="objective_list"))
    )
    queryset = Plan.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(Prefetch("goals", queryset=goals, to_attr="goal_list"))


def board_standing(objective, today):
    """An objective's standing as the board sees it."""
    return objective.standing(today, include_internal=INCLUDE_INTERNAL)


def objective_link(plan, goal_slug, objective_slug, objective_id):
    """The public page when the plan is public, the admin otherwise (drafts have no public page)."""
    if plan.is_public:
        return reverse(
            "public:objective",
            kwargs={"plan_slug": plan.slug, "goal_slug": goal_slug, "objective_slug": objective_slug},
        )
    return reverse("admin:goals_objective_change", args=[objective_id])


@dataclass
class Flagged:
    objective: Objective
    goal: Goal
    url: str
    reasons: list[str]


@dataclass
class PlanSummary:
    plan: Plan
    today: date
    progress: float | None
    expected: float | None
    behind: bool
    objective_count: int
    status_counts: list[tuple[str, str, int]]
    flagged: list[Flagged]

    @property
    def behind_by(self):
        if self.progress is None or self.expected is None:
            return None
        return self.expected - self.progress


def summarize(plan, today):
    """Counts by status, progress against expected, and the objectives that need the board's eye."""
    counts = Counter()
    flagged = []
    for goal in plan.goal_list:
        for objective in goal.objective_list:
            counts[objective.status] += 1
            reasons = []
            if objective.status == Status.AT_RISK:
                reasons.append(gettext("at risk"))
            if objective.status == Status.OFF_TRACK:
                reasons.append(gettext("off track"))
            standing = board_standing(objective, today)
            if standing.overdue:
                reasons.append(gettext("overdue"))
            if standing.stale:
                reasons.append(gettext("stale"))
            if reasons:
                url = objective_link(plan, goal.slug, objective.slug, objective.pk)
                flagged.append(Flagged(objective, goal, url, reasons))
    return PlanSummary(
        plan=plan,
        today=today,
        progress=plan.standing(today).progress,
        expected=plan.standing(today).expected,
        behind=plan.standing(today).behind,
        objective_count=sum(counts.values()),
        status_counts=[(value, label, counts[value]) for value, label in Status.choices],
        flagged=flagged,
    )
