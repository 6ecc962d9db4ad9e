"""Snapshots, frozen when a review is recorded or built live for "now", and comparing two of them."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from goals import rules
from goals.board.packet import board_standing, plan_for_review
from goals.models import Objective, Plan, Review, ReviewSnapshot
from goals.templatetags.plan_tags import percent
from goals.templatetags.review_tags import signed_points

Status = Objective.Status

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
                    **key_result_fields(objective),
                )
            )
            position += 1
    return rows


def key_result_fields(objective):
    """A measured objective's key result, its targets on the way and its newest public value (what
    its progress counts), as snapshot fields; nothing for an objective that is not measured. Needs
    `with_key_result(targets=True)`."""
    key_result = getattr(objective, "key_result", None)
    if key_result is None:
        return {}
    return {
        "metric": key_result.metric,
        "unit": key_result.unit,
        "direction": key_result.direction,
        "baseline": key_result.baseline,
        "target": key_result.target,
        "targets": [
            {"due_on": target.due_on.isoformat(), "value": str(target.value)}
            for target in key_result.targets.all()
        ],
        "value": objective.current_value,
    }


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
            # Read from the clock now, not the field's default (bound to the function when the model
            # was defined): `load_demo` turns the clock back to the meeting day while it records.
            recorded_at=timezone.now(),
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

    # Progress counts in the whole points the page shows: 50.4% and 50.6% read 50% and 51%, a change.

    @property
    def status_changed(self):
        return self.before is not None and self.after is not None and self.before.status != self.after.status

    @property
    def progress_changed(self):
        if self.before is None or self.after is None:
            return False
        return _rounded(self.before.progress) != _rounded(self.after.progress)

    @property
    def change(self):
        """ "added", "removed", "changed" (status or shown progress) or "" (the same)."""
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return (
            "changed"
            if self.status_changed or self.progress_changed or self.value_change or self.target_change
            else ""
        )

    @property
    def is_measured(self):
        return any(row is not None and row.is_measured for row in (self.before, self.after))

    @property
    def value_change(self):
        """ "2 → 3 institutions" when the measured value moved (a first measurement: "3 institutions")."""
        if self.before is None or self.after is None or not self.after.is_measured:
            return ""
        before = self.before.value if self.before.is_measured else None
        if self.after.value is None or before == self.after.value:
            return ""
        return rules.value_change(before, self.after.value, self.after.unit)

    @property
    def target_change(self):
        """ "target 2 → 3 institutions" when a measured objective's target moved."""
        if self.before is None or self.after is None:
            return ""
        if (
            not (self.before.is_measured and self.after.is_measured)
            or self.before.target == self.after.target
        ):
            return ""
        change = rules.value_change(self.before.target, self.after.target, self.after.unit)
        return gettext("target %(change)s") % {"change": change}

    @property
    def progress_delta(self):
        """The change in shown points, or None when a side has no figure."""
        if self.before is None or self.after is None:
            return None
        if self.before.progress is None or self.after.progress is None:
            return None
        return _rounded(self.after.progress) - _rounded(self.before.progress)

    @property
    def change_words(self):
        """What the Change column says, from the same properties as `change`."""
        if self.change == "added":
            return gettext("Added")
        if self.change == "removed":
            return gettext("Removed")
        words = []
        if self.progress_changed:
            if self.progress_delta is None:
                before, after = percent(self.before.progress), percent(self.after.progress)
                words.append(gettext("progress %(before)s → %(after)s") % {"before": before, "after": after})
            else:
                words.append(signed_points(self.progress_delta))
        if self.status_changed:
            words.append(gettext("status changed"))
        words += [change for change in (self.value_change, self.target_change) if change]
        return capfirst(", ".join(words))


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
