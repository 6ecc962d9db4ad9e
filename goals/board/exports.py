"""CSV for people who live in spreadsheets: a recorded snapshot, and the live objectives."""

from django.utils import timezone

from goals.board.packet import board_standing
from goals.models import Objective, ReviewSnapshot
from goals.spreadsheet import dated_values

Status = Objective.Status

# ---------------------------------------------------------------------------------------------
# CSV for people who live in spreadsheets.


# The board's stale rule, named in the column so a spreadsheet says which rule it shows.
STALE_COLUMN = "Stale (internal evidence counts)"

# A measured objective's key result; the value is the newest public measurement, the one its
# progress counts. Empty for objectives that are not measured. Targets on the way are one cell,
# "2027-06-30: 1; 2027-12-31: 2" (goals.spreadsheet.dated_values).
KEY_RESULT_HEADER = [
    "Metric", "Unit", "Direction", "Baseline", "Target", "Measured value", "Targets on the way",
]  # fmt: skip

SNAPSHOT_HEADER = [
    "Kind", "Goal", "Objective", "Status", "Progress", "Expected", "Weight", "Due date", "Owners",
    "Evidence", "Public evidence", "Last evidence", "Overdue", STALE_COLUMN, *KEY_RESULT_HEADER,
]  # fmt: skip


def _key_result_cells(metric, unit, direction_label, baseline, target, value, targets):
    if not metric:
        return [""] * len(KEY_RESULT_HEADER)
    return [metric, unit, direction_label, baseline, target, value, dated_values(targets)]


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
            *_key_result_cells(
                row.metric,
                row.unit,
                row.get_direction_display(),
                row.baseline,
                row.target,
                row.value,
                row.target_list(),
            ),
        ]


OBJECTIVES_HEADER = [
    "Goal", "Objective", "Status", "Progress", "Owners", "Due date", "Last evidence", "Evidence",
    "Public evidence", "Last status change", "Overdue", STALE_COLUMN, *KEY_RESULT_HEADER,
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
                *_live_key_result_cells(objective),
            ]


def _live_key_result_cells(objective):
    key_result = getattr(objective, "key_result", None)
    if key_result is None:
        return _key_result_cells("", "", "", None, None, None, [])
    return _key_result_cells(
        key_result.metric,
        key_result.unit,
        key_result.get_direction_display(),
        key_result.baseline,
        key_result.target,
        objective.current_value,
        [(target.due_on, target.value) for target in key_result.targets.all()],
    )
