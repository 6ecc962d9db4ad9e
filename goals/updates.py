"""What counts as a public update of a plan or a goal, newest first: the feeds
(goals/opendata/feeds.py) and the recent updates pages (goals/public) both read it from here.

An update is a piece of public evidence, a public check-in, or an objective's current status, once
it has moved (any status but "not started", or progress above zero). Drafts, archived goals and
internal entries never appear: every read starts from `.public()`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from goals.models import CheckIn, Evidence, Objective

MAX_UPDATES = 50


@dataclass(frozen=True)
class Update:
    kind: str  # "status" (item is an Objective), "evidence" or "check_in"
    item: Objective | Evidence | CheckIn
    updated: datetime


def latest_updates(objectives, evidence, check_ins):
    """The newest updates among objectives that moved, evidence and check-ins, newest first."""
    moved = (
        objectives.exclude(Q(status=Objective.Status.NOT_STARTED) & Q(progress=0))
        .filter(status_updated_at__isnull=False)
        .select_related("goal__plan")
        .order_by("-status_updated_at")[:MAX_UPDATES]
    )
    evidence = evidence.select_related("objective__goal__plan").order_by("-updated_at", "-pk")[:MAX_UPDATES]
    check_ins = check_ins.select_related(
        "objective__goal__plan", "objective__key_result", "author__owner", "api_token__owner"
    ).order_by("-updated_at", "-pk")[:MAX_UPDATES]
    updates = [Update("status", objective, objective.status_updated_at) for objective in moved]
    updates += [Update("evidence", item, item.updated_at) for item in evidence]
    updates += [Update("check_in", check_in, check_in.updated_at) for check_in in check_ins]
    updates.sort(key=lambda update: update.updated, reverse=True)
    return updates[:MAX_UPDATES]


def plan_updates(plan):
    """The latest public updates of a plan's objectives."""
    return latest_updates(
        Objective.objects.public().filter(goal__plan=plan),
        Evidence.objects.public().filter(objective__goal__plan=plan),
        CheckIn.objects.public().filter(objective__goal__plan=plan),
    )


def goal_updates(goal):
    """The latest public updates of a goal's objectives."""
    return latest_updates(
        Objective.objects.public().filter(goal=goal),
        Evidence.objects.public().filter(objective__goal=goal),
        CheckIn.objects.public().filter(objective__goal=goal),
    )
