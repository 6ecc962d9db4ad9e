"""Undo the deletion of a goal: bring it back from history with the objectives and evidence that
were deleted with it, and nothing deleted before (django-simple-history records every cascaded
deletion; goals/models/deletion.py gives all the records of one deletion its date)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext

from goals.models import Evidence, Goal, Objective, Owner, Plan

# Deletions recorded before goals/models/deletion.py (a goal record without a reason) have no shared
# date: their cascade was recorded just before the goal's own record, within this window.
LEGACY_CASCADE_WINDOW = timedelta(seconds=30)


class CannotRestore(Exception):
    pass


def _latest_records(history_queryset):
    """The newest historical record per object id."""
    latest = {}
    for record in history_queryset.order_by("id", "-history_date", "-history_id"):
        latest.setdefault(record.id, record)
    return latest


def deleted_goals():
    """Deleted goals (newest first) that are still absent, with who deleted them and when."""
    deletions = Goal.history.filter(history_type="-").exclude(id__in=Goal.objects.values("id"))
    records = _latest_records(deletions.select_related("history_user"))
    plan_ids = set(Plan.objects.values_list("id", flat=True))
    rows = []
    for record in records.values():
        record.plan_exists = record.plan_id in plan_ids
        record.objective_count = _deleted_with(Objective.history, record, goal_id=record.id).count()
        rows.append(record)
    return sorted(rows, key=lambda record: record.history_date, reverse=True)


def _deleted_with(history_manager, goal_record, **filters):
    """The deletion records of the rows that the goal's own deletion removed."""
    deletions = history_manager.filter(history_type="-", **filters)
    if goal_record.history_change_reason is None:
        start = goal_record.history_date - LEGACY_CASCADE_WINDOW
        return deletions.filter(history_date__range=(start, goal_record.history_date))
    return deletions.filter(history_date=goal_record.history_date)


@transaction.atomic
def restore_goal(goal_id):
    """Recreate a deleted goal, then its objectives (with owners) and their evidence."""
    if Goal.objects.filter(pk=goal_id).exists():
        raise CannotRestore(gettext("This goal exists: there is nothing to restore."))
    goal_record = Goal.history.filter(id=goal_id).order_by("-history_date", "-history_id").first()
    if goal_record is None or goal_record.history_type != "-":
        raise CannotRestore(gettext("No deleted goal with this number."))
    if not Plan.objects.filter(pk=goal_record.plan_id).exists():
        raise CannotRestore(
            gettext("The goal's plan was deleted too: restore the plan first from its history.")
        )
    if Goal.objects.filter(plan_id=goal_record.plan_id, slug=goal_record.slug).exists():
        raise CannotRestore(
            gettext("Another goal in this plan now uses the slug “%(slug)s”. Change its slug first.")
            % {"slug": goal_record.slug}
        )

    goal = goal_record.instance
    goal.save(force_insert=True)

    objective_records = _latest_records(_deleted_with(Objective.history, goal_record, goal_id=goal_id))
    owner_ids = set(Owner.objects.values_list("id", flat=True))
    for record in objective_records.values():
        # The owners as recorded just before the deletion (the deletion record has none left).
        before = Objective.history.filter(id=record.id, history_type__in=["+", "~"]).first()
        objective = record.instance
        objective._loaded_status = (objective.status, objective.progress)  # keep status_updated_at
        objective.save(force_insert=True)
        if before is not None:
            objective.owners.set([row.owner_id for row in before.owners.all() if row.owner_id in owner_ids])

    user_ids = set(get_user_model().objects.values_list("id", flat=True))
    evidence_records = _latest_records(
        _deleted_with(Evidence.history, goal_record, objective_id__in=list(objective_records))
    )
    for record in evidence_records.values():
        evidence = record.instance
        if evidence.added_by_id not in user_ids:
            evidence.added_by_id = None
        evidence.save(force_insert=True)

    goal.restored_objectives = len(objective_records)
    goal.restored_evidence = len(evidence_records)
    return goal
