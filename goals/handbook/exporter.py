"""Write a plan from the database in the handbook Markdown format that the importer reads."""

from goals.handbook.markdown import ParsedGoal, ParsedObjective, ParsedPlan, render_plan


def plan_to_parsed(plan):
    """The plan as the importer would have parsed it (every objective, in order)."""
    return ParsedPlan(
        title=plan.title,
        introduction=plan.introduction,
        starts_on=plan.starts_on,
        due_on=plan.due_on,
        goals=[
            ParsedGoal(
                title=goal.title,
                rationale=goal.rationale,
                objectives=[ParsedObjective(statement=o.statement) for o in goal.objectives_in_order()],
            )
            for goal in plan.goals_in_order()
        ],
    )


def export_plan(plan):
    """Handbook Markdown for `plan`; importing it reproduces the plan's structure and wording."""
    return render_plan(plan_to_parsed(plan))
