"""What changed since a moment, and progress over time, replayed from the change history.

Both are read from django-simple-history's records (`Objective.history`, `Goal.history`,
`Evidence.history`, `CheckIn.history`), so they need no bookkeeping of their own; the figures come
from the same roll-up rules as the live plan (goals/rules.py)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from goals import rules
from goals.board.packet import day_end, objective_link
from goals.models import CheckIn, Evidence, Goal, Objective

Status = Objective.Status

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
class PostedCheckIn:
    """A check-in posted in the period, with the measured value it followed (for "2 → 3 institutions")."""

    check_in: CheckIn
    posted_at: datetime
    url: str
    value_before: Decimal | None = None

    @property
    def value_change(self):
        check_in = self.check_in
        if check_in.value is None:
            return ""
        key_result = getattr(check_in.objective, "key_result", None)
        return rules.value_change(self.value_before, check_in.value, key_result.unit if key_result else "")

    @property
    def other_changes(self):
        """What else the check-in said, in words: status, progress set by hand, confidence."""
        check_in = self.check_in
        parts = []
        if check_in.status:
            parts.append(gettext("status: %(status)s") % {"status": check_in.get_status_display()})
        if check_in.progress is not None:
            parts.append(gettext("progress: %(progress)s%%") % {"progress": check_in.progress})
        if check_in.confidence:
            parts.append(
                gettext("confidence: %(confidence)s")
                % {"confidence": check_in.get_confidence_display().lower()}
            )
        return "; ".join(parts)


@dataclass
class Changes:
    since: datetime
    plan_progress_before: float | None
    plan_progress_after: float | None
    objectives: list[ObjectiveChange] = field(default_factory=list)
    evidence: list = field(default_factory=list)
    check_ins: list[PostedCheckIn] = field(default_factory=list)
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
        return not (
            self.objectives or self.evidence or self.check_ins or self.goals_added or self.goals_removed
        )


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
    changes.check_ins = check_ins_posted(plan, since)
    series = progress_series(plan, [since, timezone.now() + timedelta(seconds=1)])
    changes.plan_progress_before = series[0].plan
    changes.plan_progress_after = series[1].plan
    return changes


def check_ins_posted(plan, since, until=None):
    """Check-ins posted on the plan's objectives from `since` (until `until`), newest first: public
    and internal ones, as the board sees both. Each measurement comes with the value measured before
    it (the objective's previous measurement by date, of either kind)."""
    posted = CheckIn.history.filter(id=OuterRef("pk"), history_type="+").order_by("history_date")
    check_ins = (
        CheckIn.objects.filter(objective__goal__plan=plan)
        .annotate(posted_at=Subquery(posted.values("history_date")[:1]))
        .filter(posted_at__gte=since)
        .select_related("objective__goal", "objective__key_result", "author__owner")
        .order_by("-posted_at", "-pk")
    )
    if until is not None:
        check_ins = check_ins.filter(posted_at__lt=until)
    check_ins = list(check_ins)
    measured = {check_in.objective_id for check_in in check_ins if check_in.value is not None}
    value_before, previous = {}, {}
    for objective_id, pk, value in (
        CheckIn.objects.filter(objective_id__in=measured)
        .measurements()
        .order_by("happened_on", "pk")
        .values_list("objective_id", "pk", "value")
    ):
        value_before[pk] = previous.get(objective_id)
        previous[objective_id] = value
    return [
        PostedCheckIn(
            check_in=check_in,
            posted_at=check_in.posted_at,
            url=_check_in_link(plan, check_in),
            value_before=value_before.get(check_in.pk),
        )
        for check_in in check_ins
    ]


def _check_in_link(plan, check_in):
    objective = check_in.objective
    if objective.goal.is_archived:  # off the plan: no public page
        return reverse("admin:goals_objective_change", args=[objective.pk])
    return (
        objective_link(plan, objective.goal.slug, objective.slug, objective.pk) + f"#check-in-{check_in.pk}"
    )


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
    """Every 7th day from the plan's start (or from the week history begins) to today.

    A plan still tracked after its due date runs on to today, so late work shows; one that has not
    started yet shows today alone. Weeks before the history begins cannot be replayed, so a plan
    dated from year 1 starts where its history does, and no day is ever past today.
    """
    start = plan.starts_on
    if start >= today:
        return [today]
    if history_starts_on and history_starts_on > start:
        start += timedelta(days=7 * ((min(history_starts_on, today) - start).days // 7))
    days = [start + timedelta(days=7 * week) for week in range((today - start).days // 7 + 1)]
    if days[-1] != today:
        days.append(today)
    return days


def weekly_series(plan, today):
    """Plan and goal progress at the end of each week, with the expected line."""
    history_starts_on = first_recorded_on(plan)
    # With no history yet, there is nothing to replay before today.
    days = week_days(plan, today, history_starts_on or today)
    return history_starts_on, progress_series(plan, [day_end(day) for day in days])
