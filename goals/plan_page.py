"""The plan page's data, read as plain values in three prepared queries (no model instances).

The plan page is the site's most read page and lists every objective of a plan. Built from model
instances it cost 53 ms on a 50 × 20 plan before any HTML (prefetching goals, objectives, owners and
making a Python object of each); as tuples from SQL written once per process by the ORM
(goals/prepared.py) the same data takes a few milliseconds. Every query still starts from a
`.public()` QuerySet method, and the figures come from progress.py, as on the other pages.
"""

from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import progress as progress_maths
from .models import Evidence, Goal, Objective, Plan, Review
from .prepared import PreparedQuery
from .rows import Dates, Links, ObjectiveRow, OwnerLink

PLAN_COLUMNS = ("pk", "title", "slug", "introduction", "starts_on", "due_on", "status")
REVIEW_COLUMNS = ("held_on", "plan_progress", "public_summary")


def _with_public_review(plans):
    """Annotate the newest public board review's date, progress and summary (null without one)."""
    reviews = Review.objects.public_for(OuterRef("pk"))
    return plans.annotate(
        **{f"review_{column}": Subquery(reviews.values(column)[:1]) for column in REVIEW_COLUMNS}
    ).values_list(*PLAN_COLUMNS, *(f"review_{column}" for column in REVIEW_COLUMNS))


PLAN_BY_SLUG = PreparedQuery(
    lambda slug: _with_public_review(Plan.objects.public().filter(slug=slug)), slug="prepared-plan-slug"
)
ACTIVE_PLAN = PreparedQuery(lambda: _with_public_review(Plan.objects.active()))
GOALS = PreparedQuery(
    lambda plan_id: (
        Goal.objects.filter(plan_id=plan_id, is_archived=False)
        .order_by("order", "pk")
        .values_list("pk", "slug", "title", "weight")
    ),
    plan_id=-1_000_001,
)
# One row per objective and owner (an objective without owners has one row with null owner columns),
# grouped by goal here and put in the goals' order in Python.
OBJECTIVES = PreparedQuery(
    lambda plan_id: (
        Objective.objects.filter(goal__plan_id=plan_id, goal__is_archived=False)
        .annotate(
            public_evidence_on=Subquery(
                Evidence.objects.public_only()
                .filter(objective=OuterRef("pk"))
                .order_by("-happened_on")
                .values("happened_on")[:1]
            )
        )
        .order_by("goal_id", "order", "pk", "owners__name", "owners__pk")
        .values_list(
            "pk",
            "goal_id",
            "slug",
            "statement",
            "status",
            "progress",
            "weight",
            "due_on",
            "status_updated_at",
            "public_evidence_on",
            "owners__name",
            "owners__slug",
        )
    ),
    plan_id=-1_000_002,
)


class PublicReview:
    __slots__ = REVIEW_COLUMNS

    def __init__(self, held_on, plan_progress, public_summary):
        self.held_on = held_on
        self.plan_progress = plan_progress
        self.public_summary = public_summary


class PlanSummary:
    """A plan's own facts and roll-ups, as the plan page prints them."""

    def __init__(self, row, goals, today):
        pk, self.title, self.slug, self.introduction, self.starts_on, self.due_on, self.status = row[:7]
        self.pk = pk
        held_on, plan_progress, public_summary = row[7:]
        self.public_review = PublicReview(held_on, plan_progress, public_summary) if held_on else None
        # Plan.progress, expected_progress, has_ended, is_behind and time_left, from these values.
        self.progress = progress_maths.weighted_mean((goal.progress, goal.weight) for goal in goals)
        self.expected_progress = progress_maths.expected_progress(self.starts_on, self.due_on, today)
        self.has_ended = today > self.due_on
        self.is_behind = not self.has_ended and progress_maths.is_behind(
            self.progress, self.expected_progress
        )
        self.time_left = progress_maths.time_left(self.due_on, today, ended_word="ended")


class GoalSection:
    """A goal and the rows of its objectives, with Goal.progress and Goal.is_behind worked out."""

    def __init__(self, pk, slug, title, weight, url, rows):
        self.pk, self.slug, self.title, self.weight, self.url, self.rows = pk, slug, title, weight, url, rows
        self.progress = progress_maths.goal_progress(rows)

    def set_pace(self, plan):
        self.is_behind = not plan.has_ended and progress_maths.is_behind(
            self.progress, plan.expected_progress, done=all(row.is_done for row in self.rows)
        )


class PlanPage:
    """Everything the plan page shows: the plan, its goal sections in order, every row, the owners."""

    def __init__(self, plan, sections, owners):
        self.plan = plan
        self.sections = sections
        self.rows = [row for section in sections for row in section.rows]
        self.owners = owners


def load_plan_page(slug=None):
    """The page of the public plan with this slug, or of the active plan; None when there is none."""
    plan_rows = ACTIVE_PLAN.rows() if slug is None else PLAN_BY_SLUG.rows(slug=slug)
    if not plan_rows:
        return None
    plan_row = plan_rows[0]
    plan_id, plan_slug = plan_row[0], plan_row[2]
    today = timezone.localdate()
    links, dates = Links(), Dates(today)

    # One query row per objective and owner: gather each objective's owners, by goal.
    objectives_of_goal = defaultdict(list)  # goal id -> [(objective columns, [OwnerLink])]
    owners = {}  # slug -> OwnerLink, one per owner on the page
    previous_pk = None
    for *objective, owner_name, owner_slug in OBJECTIVES.rows(plan_id=plan_id):
        if objective[0] != previous_pk:
            previous_pk = objective[0]
            objective_owners = []
            objectives_of_goal[objective[1]].append((objective, objective_owners))
        if owner_slug is not None:
            if owner_slug not in owners:
                owners[owner_slug] = OwnerLink(owner_name, owner_slug, links.owner(owner_slug))
            objective_owners.append(owners[owner_slug])

    sections = [
        GoalSection(
            goal_id,
            goal_slug,
            title,
            weight,
            links.goal(plan_slug, goal_slug),
            [
                _row(objective, objective_owners, plan_row, goal_slug, links, dates)
                for objective, objective_owners in objectives_of_goal[goal_id]
            ],
        )
        for goal_id, goal_slug, title, weight in GOALS.rows(plan_id=plan_id)
    ]
    plan = PlanSummary(plan_row, sections, today)
    for section in sections:
        section.set_pace(plan)
    by_name = sorted(owners.values(), key=lambda owner: (owner.name.lower(), owner.slug))
    return PlanPage(plan, sections, by_name)


def _row(objective, owners, plan_row, goal_slug, links, dates):
    """The ObjectiveRow of one objective's columns from OBJECTIVES (owner columns left out)."""
    pk, _, slug, statement, status, progress, weight, own_due_on, updated_at, last_evidence_on = objective
    plan_slug, starts_on, due_on = plan_row[2], plan_row[4], plan_row[5]
    return ObjectiveRow(
        pk=pk,
        slug=slug,
        url=links.objective(plan_slug, goal_slug, slug),
        statement=statement,
        status=status,
        progress=progress,
        weight=weight,
        due_on=own_due_on or due_on,
        plan_starts_on=starts_on,
        plan_due_on=due_on,
        status_updated_on=dates.local(updated_at),
        last_evidence_on=last_evidence_on,
        owners=owners,
        dates=dates,
    )
