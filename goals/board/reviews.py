"""Board reviews: who may review, the summary a meeting starts from, what changed since a date,
frozen snapshots, comparisons and the weekly progress series.

"What changed" and "progress over time" are read from django-simple-history's records
(`Objective.history`, `Goal.history`, `Evidence.history`), so they need no bookkeeping of their own.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from goals import rules
from goals.models import Evidence, Goal, Objective, Plan, Review, ReviewSnapshot

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
STALE_RULE_NOTE = (
    "Stale here counts internal evidence as activity too; the public pages count public evidence only."
)


def plan_for_review(queryset=None):
    """Plans with goals (archived ones left out), objectives with their standing inputs, owners and
    evidence counts (public and internal)."""
    objectives = (
        Objective.objects.order_by("order", "pk")
        .with_standing()
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
                reasons.append("at risk")
            if objective.status == Status.OFF_TRACK:
                reasons.append("off track")
            standing = board_standing(objective, today)
            if standing.overdue:
                reasons.append("overdue")
            if standing.stale:
                reasons.append("stale")
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


# ---------------------------------------------------------------------------------------------
# Snapshots: frozen when a review is recorded, or built live for "now" in a comparison.


def snapshot_rows(plan, today):
    """Unsaved ReviewSnapshot rows for every goal and objective of a plan from `plan_for_review()`."""
    rows, position = [], 0
    for goal in plan.goal_list:
        goal_standing = goal.standing(today)
        rows.append(
            ReviewSnapshot(
                kind=ReviewSnapshot.Kind.GOAL,
                position=position,
                goal=goal,
                goal_title=goal.title,
                progress=goal_standing.progress,
                expected_progress=goal_standing.expected,
                weight=goal.weight,
                evidence_count=sum(o.evidence_count for o in goal.objective_list),
                public_evidence_count=sum(o.public_evidence_count for o in goal.objective_list),
                last_evidence_on=max(
                    (o.last_evidence_on for o in goal.objective_list if o.last_evidence_on), default=None
                ),
            )
        )
        position += 1
        for objective in goal.objective_list:
            standing = board_standing(objective, today)
            rows.append(
                ReviewSnapshot(
                    kind=ReviewSnapshot.Kind.OBJECTIVE,
                    position=position,
                    goal=goal,
                    objective=objective,
                    goal_title=goal.title,
                    objective_statement=objective.statement,
                    status=objective.status,
                    progress=standing.progress,
                    expected_progress=standing.expected,
                    weight=objective.weight,
                    due_on=objective.effective_due_on,
                    owners=", ".join(owner.name for owner in objective.owner_list),
                    evidence_count=objective.evidence_count,
                    public_evidence_count=objective.public_evidence_count,
                    last_evidence_on=objective.last_evidence_on,
                    is_overdue=standing.overdue,
                    is_stale=standing.stale,
                )
            )
            position += 1
    return rows


def record_review(
    plan, *, held_on, attendees, notes="", decisions="", recorded_by=None, is_public=False, public_summary=""
):
    """Create a review and freeze its snapshot, in one transaction."""
    with transaction.atomic():
        # Lock the plan row so that the snapshot is read while nobody re-imports the plan.
        plan = plan_for_review(Plan.objects.select_for_update()).get(pk=plan.pk)
        review = Review.objects.create(
            plan=plan,
            held_on=held_on,
            attendees=attendees,
            notes=notes,
            decisions=decisions,
            recorded_by=recorded_by,
            is_public=is_public,
            public_summary=public_summary,
            plan_progress=plan.standing(held_on).progress,
            expected_progress=plan.standing(held_on).expected,
        )
        rows = snapshot_rows(plan, held_on)
        for row in rows:
            row.review = review
        ReviewSnapshot.objects.bulk_create(rows)
    return review


def withdraw_review(review, reason):
    """Withdraw a mistaken review: it stays on record, marked withdrawn, and leaves the public page."""
    review.withdrawn_at = timezone.now()
    review.withdrawn_reason = reason
    review.is_public = False
    review.save(update_fields=["withdrawn_at", "withdrawn_reason", "is_public"])
    return review


# ---------------------------------------------------------------------------------------------
# Comparing two snapshots (a review and another review, or a review and now).


@dataclass
class ComparedRow:
    kind: str
    goal_title: str
    label: str
    before: ReviewSnapshot | None
    after: ReviewSnapshot | None

    @property
    def change(self):
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        if self.before.status != self.after.status or _rounded(self.before.progress) != _rounded(
            self.after.progress
        ):
            return "changed"
        return ""

    @property
    def progress_delta(self):
        if self.before is None or self.after is None:
            return None
        if self.before.progress is None or self.after.progress is None:
            return None
        return self.after.progress - self.before.progress


def _rounded(value):
    return None if value is None else round(value)


def compare(before_rows, after_rows):
    """Pair the rows of two snapshots by goal and objective, in the newer snapshot's order."""
    before_by_key = {row.key: row for row in before_rows}
    paired, seen = [], set()
    for row in after_rows:
        seen.add(row.key)
        paired.append(ComparedRow(row.kind, row.goal_title, row.label, before_by_key.get(row.key), row))
    for row in before_rows:
        if row.key not in seen:
            paired.append(ComparedRow(row.kind, row.goal_title, row.label, row, None))
    return paired


# ---------------------------------------------------------------------------------------------
# What changed since a moment, from the change history.


@dataclass
class ObjectiveChange:
    kind: str  # "added", "dropped", "removed", "changed"
    statement: str
    goal_title: str
    url: str | None
    status_before: str | None
    status_after: str | None
    progress_before: int | None
    progress_after: int | None
    changed_at: datetime
    changed_by: str

    @property
    def status_changed(self):
        return self.status_before != self.status_after

    @property
    def progress_changed(self):
        return self.progress_before != self.progress_after


@dataclass
class Changes:
    since: datetime
    plan_progress_before: float | None
    plan_progress_after: float | None
    objectives: list[ObjectiveChange] = field(default_factory=list)
    evidence: list = field(default_factory=list)
    goals_added: list[str] = field(default_factory=list)
    goals_removed: list[str] = field(default_factory=list)

    def of_kind(self, kind):
        return [change for change in self.objectives if change.kind == kind]

    @property
    def status_changes(self):
        return self.of_kind("changed")

    @property
    def added(self):
        return self.of_kind("added")

    @property
    def dropped(self):
        return [change for change in self.objectives if change.kind in ("dropped", "removed")]

    @property
    def is_empty(self):
        return not (self.objectives or self.evidence or self.goals_added or self.goals_removed)


def _status_label(value):
    return Status(value).label if value else None


def _user_name(record):
    user = record.history_user
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def changes_since(plan, since):
    """Status and progress changes (before -> after), evidence added, objectives added or dropped."""
    goal_history = list(Goal.history.filter(plan_id=plan.pk).order_by("history_date", "history_id"))
    goals, goals_before = {}, {}
    for record in goal_history:
        goals[record.id] = record
        if record.history_date < since:
            goals_before[record.id] = record
    goal_ids = set(goals)
    changes = Changes(since=since, plan_progress_before=None, plan_progress_after=None)
    for goal_id, record in goals.items():
        before = goals_before.get(goal_id)
        existed = before is not None and before.history_type != "-"
        if record.history_date < since:
            continue
        if record.history_type == "-" and existed:
            changes.goals_removed.append(record.title)
        elif record.history_type != "-" and not existed:
            changes.goals_added.append(record.title)

    history = Objective.history.model.objects
    window = history.filter(goal_id__in=goal_ids, history_date__gte=since)
    latest = {
        record.id: record
        for record in window.select_related("history_user").order_by("history_date", "history_id")
    }
    last_before = (
        history.filter(id=OuterRef("id"), history_date__lt=since)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    earlier = {
        record.id: record
        for record in history.filter(
            id__in=window.values("id"), history_date__lt=since, history_id=Subquery(last_before)
        )
    }
    for objective_id, after in latest.items():
        before = earlier.get(objective_id)
        existed = before is not None and before.history_type != "-"
        exists = after.history_type != "-"
        if not existed and not exists:
            continue
        if not existed:
            kind = "added"
        elif not exists:
            kind = "removed"
        elif after.status == Status.DROPPED and before.status != Status.DROPPED:
            kind = "dropped"
        elif (before.status, before.progress) != (after.status, after.progress):
            kind = "changed"
        else:
            continue
        goal = goals.get(after.goal_id)
        url = None
        if exists and goal is not None and goal.history_type != "-":
            url = objective_link(plan, goal.slug, after.slug, objective_id)
        changes.objectives.append(
            ObjectiveChange(
                kind=kind,
                statement=after.statement,
                goal_title=goal.title if goal else "",
                url=url,
                status_before=_status_label(before.status) if existed else None,
                status_after=_status_label(after.status) if exists else None,
                progress_before=before.progress if existed else None,
                progress_after=after.progress if exists else None,
                changed_at=after.history_date,
                changed_by=_user_name(after),
            )
        )
    changes.objectives.sort(key=lambda change: change.changed_at, reverse=True)

    changes.evidence = list(
        Evidence.history.filter(history_type="+", history_date__gte=since, objective__goal__plan=plan)
        .select_related("objective__goal", "history_user")
        .order_by("-history_date", "-history_id")
    )
    series = progress_series(plan, [since, timezone.now() + timedelta(seconds=1)])
    changes.plan_progress_before = series[0].plan
    changes.plan_progress_after = series[1].plan
    return changes


# ---------------------------------------------------------------------------------------------
# Progress over time, replayed from the change history.


@dataclass
class SeriesPoint:
    day: date
    plan: float | None
    expected: float | None
    goals: dict[int, float | None]


@dataclass
class _Replayed:
    """A goal or objective as the history says it stood at a moment: what the rules read."""

    weight: int
    is_archived: bool = False
    status: str = ""
    progress: float | None = None


def progress_series(plan, moments):
    """Plan and goal progress as they stood at each moment (sorted aware datetimes), from history,
    worked out by the same roll-up rules as the live plan (rules.goal_progress, rules.plan_progress)."""
    goal_records = list(
        Goal.history.filter(plan_id=plan.pk)
        .order_by("history_date", "history_id")
        .values_list("history_date", "id", "weight", "is_archived", "history_type")
    )
    goal_ids = {record[1] for record in goal_records}
    objective_records = list(
        Objective.history.filter(goal_id__in=goal_ids)
        .order_by("history_date", "history_id")
        .values_list("history_date", "id", "goal_id", "status", "progress", "weight", "history_type")
    )
    events = sorted(
        [("goal", record) for record in goal_records]
        + [("objective", record) for record in objective_records],
        key=lambda event: event[1][0],
    )
    goals, objectives = {}, {}  # id -> _Replayed; objective id -> (goal id, _Replayed)
    points, cursor = [], 0
    for moment in moments:
        while cursor < len(events) and events[cursor][1][0] < moment:
            kind, record = events[cursor]
            if kind == "goal":
                _, goal_id, weight, is_archived, history_type = record
                if history_type == "-":
                    goals.pop(goal_id, None)
                else:
                    goals[goal_id] = _Replayed(weight=weight, is_archived=is_archived)
            else:
                _, objective_id, goal_id, status, value, weight, history_type = record
                if history_type == "-":
                    objectives.pop(objective_id, None)
                else:
                    objectives[objective_id] = (
                        goal_id,
                        _Replayed(weight=weight, status=status, progress=value),
                    )
            cursor += 1
        for goal_id, goal in goals.items():
            goal.progress = rules.goal_progress(o for owner, o in objectives.values() if owner == goal_id)
        day = timezone.localdate(moment - timedelta(microseconds=1))
        points.append(
            SeriesPoint(
                day=day,
                plan=rules.plan_progress(goals.values()),
                expected=rules.expected_progress(plan.starts_on, plan.due_on, day),
                goals={
                    goal_id: goal.progress
                    for goal_id, goal in goals.items()
                    if rules.goal_counts_in_roll_up(goal)
                },
            )
        )
    return points


def first_recorded_on(plan):
    """The day the change history of this plan's goals begins, or None."""
    first = (
        Goal.history.filter(plan_id=plan.pk).order_by("history_date").values_list("history_date", flat=True)
    )
    first = first.first()
    return timezone.localdate(first) if first else None


def week_days(plan, today, history_starts_on=None):
    """Every 7th day from the plan's start (or from the week history begins) to today or the due date.

    A plan still tracked after its due date runs on to today, so late work shows.
    """
    start = plan.starts_on
    end = max(start, today if today > plan.due_on else min(today, plan.due_on))
    if history_starts_on and history_starts_on > start:
        start += timedelta(days=7 * ((min(history_starts_on, end) - start).days // 7))
    days = []
    day = start
    while day <= end:
        days.append(day)
        day += timedelta(days=7)
    if days[-1] != end:
        days.append(end)
    return days


def weekly_series(plan, today):
    """Plan and goal progress at the end of each week, with the expected line."""
    history_starts_on = first_recorded_on(plan)
    days = week_days(plan, today, history_starts_on)
    return history_starts_on, progress_series(plan, [day_end(day) for day in days])


# ---------------------------------------------------------------------------------------------
# CSV for people who live in spreadsheets.


# The board's stale rule, named in the column so a spreadsheet says which rule it shows.
STALE_COLUMN = "Stale (internal evidence counts)"

SNAPSHOT_HEADER = [
    "Kind", "Goal", "Objective", "Status", "Progress", "Expected", "Weight", "Due date", "Owners",
    "Evidence", "Public evidence", "Last evidence", "Overdue", STALE_COLUMN,
]  # fmt: skip


def snapshot_csv_rows(snapshots):
    for row in snapshots:
        is_objective = row.kind == ReviewSnapshot.Kind.OBJECTIVE
        yield [
            row.get_kind_display(),
            row.goal_title,
            row.objective_statement,
            row.get_status_display() if row.status else "",
            row.progress,
            row.expected_progress,
            row.weight,
            row.due_on,
            row.owners,
            row.evidence_count,
            row.public_evidence_count,
            row.last_evidence_on,
            ("yes" if row.is_overdue else "no") if is_objective else "",
            ("yes" if row.is_stale else "no") if is_objective else "",
        ]


OBJECTIVES_HEADER = [
    "Goal", "Objective", "Status", "Progress", "Owners", "Due date", "Last evidence", "Evidence",
    "Public evidence", "Last status change", "Overdue", STALE_COLUMN,
]  # fmt: skip


def objectives_csv_rows(plan, today):
    for goal in plan.goal_list:
        for objective in goal.objective_list:
            standing = board_standing(objective, today)
            yield [
                goal.title,
                objective.statement,
                objective.get_status_display(),
                objective.progress,
                ", ".join(owner.name for owner in objective.owner_list),
                objective.effective_due_on,
                objective.last_evidence_on,
                objective.evidence_count,
                objective.public_evidence_count,
                timezone.localdate(objective.status_updated_at) if objective.status_updated_at else None,
                "yes" if standing.overdue else "no",
                "yes" if standing.stale else "no",
            ]
