"""CSV for people who live in spreadsheets: a recorded snapshot, and the live objectives."""

from django.utils import timezone

from goals.board.packet import board_standing
from goals.models import Objective, ReviewSnapshot

Status = Objective.Status

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
