"""Downloads of a public plan: the handbook Markdown and a CSV of its objectives.

/plans/<plan>/plan.md           the format `import_plan` reads; importing it reproduces the plan
/plans/<plan>/objectives.csv    one row per objective, public data only
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from goals.handbook.exporter import export_plan
from goals.models import Objective, Plan
from goals.opendata.freshness import public_condition
from goals.rules import format_value
from goals.spreadsheet import dated_values, write_csv

# New columns go at the end: scripts that read columns by position keep working.
CSV_COLUMNS = [
    "goal", "objective", "status", "progress", "expected", "flags", "owners", "due date",
    "last public evidence date", "key result", "current value", "github links", "github read at",
    "targets on the way",
]  # fmt: skip


def _public_plan(plan_slug, *, github=False, targets=False):
    plans = Plan.objects.public().with_standing(github=github, targets=targets)
    return get_object_or_404(plans, slug=plan_slug)


@require_safe
@public_condition
def plan_markdown(request, plan_slug):
    plan = _public_plan(plan_slug)
    response = HttpResponse(export_plan(plan), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{plan.slug}.md"'
    return response


def key_result_text(key_result):
    """ "institutions with a hub: from 0 to at least 2 institutions" """
    unit = f" {key_result.unit}" if key_result.unit else ""
    direction = key_result.get_direction_display().lower()
    baseline, target = format_value(key_result.baseline), format_value(key_result.target)
    return gettext("%(metric)s: from %(baseline)s to %(direction)s %(target)s%(unit)s") % {
        "metric": key_result.metric,
        "baseline": baseline,
        "direction": direction,
        "target": target,
        "unit": unit,
    }


def github_cells(objective):
    """Where progress from GitHub came from ("title (url); …") and the oldest read, as on the
    objective's page (Objective.github_source); empty cells when its progress is not from GitHub."""
    if objective.progress_source != Objective.ProgressSource.GITHUB:
        return ["", ""]
    source = objective.github_source()
    read_at = source["read_at"]
    return [
        "; ".join(f"{link.shown_title} ({link.url})" for link in source["links"]),
        timezone.localtime(read_at).isoformat(timespec="seconds") if read_at else "",
    ]


def targets_cell(key_result):
    """A key result's targets on the way, "2027-06-30: 1; 2027-12-31: 2"; empty without any."""
    if key_result is None:
        return ""
    return dated_values((target.due_on, target.value) for target in key_result.targets.all())


def objective_rows(plan):
    """One row of plain values per objective of `plan`, goals and objectives in plan order."""
    for goal in plan.goals_in_order():
        for objective in goal.objectives_in_order():
            standing = objective.standing()
            key_result = getattr(objective, "key_result", None)
            yield [
                goal.title,
                objective.statement,
                objective.get_status_display(),
                objective.progress,
                "" if standing.expected is None else round(standing.expected),
                "; ".join(standing.flags),
                "; ".join(owner.name for owner in objective.owners_in_order()),
                objective.effective_due_on.isoformat(),
                objective.last_public_evidence_on.isoformat() if objective.last_public_evidence_on else "",
                key_result_text(key_result) if key_result else "",
                objective.current_value,  # the newest public measurement (with_key_result)
                *github_cells(objective),
                targets_cell(key_result),
            ]


@require_safe
@public_condition
def objectives_csv(request, plan_slug):
    plan = _public_plan(plan_slug, github=True, targets=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-objectives.csv"'
    write_csv(response, CSV_COLUMNS, objective_rows(plan))
    return response
