"""Write a plan from the database in the handbook Markdown format that the importer reads."""

from collections import defaultdict

from goals.handbook.markdown import ParsedGoal, ParsedKeyResult, ParsedObjective, ParsedPlan, render_plan
from goals.models import KeyResultTarget


def plan_to_parsed(plan):
    """The plan as the importer would have parsed it (every objective, in order, with its key result)."""
    goals = plan.goals_in_order()
    key_results = [
        key_result
        for goal in goals
        for objective in goal.objectives_in_order()
        if (key_result := getattr(objective, "key_result", None)) is not None
    ]
    targets = defaultdict(list)
    if key_results:  # one query for all their targets on the way, none for a plan without
        for target in KeyResultTarget.objects.filter(key_result__in=key_results).order_by("due_on"):
            targets[target.key_result_id].append((target.due_on, target.value))
    return ParsedPlan(
        title=plan.title,
        introduction=plan.introduction,
        starts_on=plan.starts_on,
        due_on=plan.due_on,
        goals=[
            ParsedGoal(
                title=goal.title,
                rationale=goal.rationale,
                objectives=[_objective(objective, targets) for objective in goal.objectives_in_order()],
            )
            for goal in goals
        ],
    )


def _objective(objective, targets):
    key_result = getattr(objective, "key_result", None)
    if key_result is not None:
        key_result = ParsedKeyResult(
            metric=key_result.metric,
            direction=key_result.direction,
            target=key_result.target,
            unit=key_result.unit,
            baseline=key_result.baseline,
            targets=targets[key_result.pk],
        )
    return ParsedObjective(statement=objective.statement, key_result=key_result)


def export_plan(plan):
    """Handbook Markdown for `plan`; importing it reproduces the plan's structure and wording."""
    return render_plan(plan_to_parsed(plan))
