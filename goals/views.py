"""Public, read-only pages. Every query starts from a `.public()` QuerySet method."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import filters
from .models import Goal, Objective, Owner, Plan, Review
from .progress import count_flags
from .rows import count_row_flags, objective_rows


def home(request):
    plan = Plan.objects.active().with_progress().first()
    if plan is None:
        return render(request, "goals/no_plan.html")
    return _plan_page(request, plan, is_home=True)


def plan_list(request):
    plans = Plan.objects.public().with_progress().order_by("status", "-due_on", "title")
    return render(request, "goals/plan_list.html", {"plans": plans, "today": timezone.localdate()})


def plan_detail(request, plan_slug):
    plan = get_object_or_404(Plan.objects.public().with_progress(), slug=plan_slug)
    return _plan_page(request, plan)


def _plan_page(request, plan, *, is_home=False):
    today = timezone.localdate()
    objectives = plan.objectives_in_order()
    form = filters.ObjectiveFilterForm(request.GET or None, owners=filters.owners_of(plan))
    # Each objective's row (link, flags, dates) once; the filters, counts and template share them.
    row_of = {row.pk: row for row in objective_rows(objectives, today)}
    rows = [
        (goal, [row_of[objective.pk] for objective in matching])
        for goal, matching in filters.filter_goals(plan, form, today)
    ]
    context = {
        "plan": plan,
        "is_home": is_home,
        "today": today,
        "form": form,
        "rows": rows,
        "shown_count": sum(len(matching) for _, matching in rows),
        "objective_count": len(objectives),
        "open_count": sum(not objective.is_done for objective in objectives),
        "status_counts": filters.status_counts(objectives),
        "flags": count_row_flags(row_of.values()),
        "stale_after_days": settings.STRATEGY_STALE_AFTER_DAYS,
        "public_review": Review.objects.public_for(plan).first(),
    }
    return render(request, "goals/plan_detail.html", context)


def goal_detail(request, plan_slug, goal_slug):
    goal = get_object_or_404(
        Goal.objects.public().select_related("plan").with_progress(), plan__slug=plan_slug, slug=goal_slug
    )
    today = timezone.localdate()
    context = {
        "goal": goal,
        "plan": goal.plan,
        "today": today,
        "flags": goal.flag_counts(today),
        "status_counts": filters.status_counts(goal.objectives_in_order()),
        "objective_rows": objective_rows(goal.objectives_in_order(), today),
        "stale_after_days": settings.STRATEGY_STALE_AFTER_DAYS,
    }
    return render(request, "goals/goal_detail.html", context)


def objective_detail(request, plan_slug, goal_slug, objective_slug):
    objective = get_object_or_404(
        Objective.objects.public().select_related("goal__plan").with_owners_and_evidence(),
        goal__plan__slug=plan_slug,
        goal__slug=goal_slug,
        slug=objective_slug,
    )
    context = {
        "objective": objective,
        "goal": objective.goal,
        "plan": objective.goal.plan,
        "today": timezone.localdate(),
        "stale_after_days": settings.STRATEGY_STALE_AFTER_DAYS,
    }
    return render(request, "goals/objective_detail.html", context)


def owner_detail(request, owner_slug):
    owner = get_object_or_404(Owner.objects.public(), slug=owner_slug)
    objectives = list(
        Objective.objects.public().for_owner(owner).select_related("goal__plan").with_owners().in_plan_order()
    )
    today = timezone.localdate()
    context = {
        "owner": owner,
        "objectives": objectives,
        "objective_rows": objective_rows(objectives, today),
        "today": today,
        "status_counts": filters.status_counts(objectives),
        "flags": count_flags(objectives, today),
        "stale_after_days": settings.STRATEGY_STALE_AFTER_DAYS,
    }
    return render(request, "goals/owner_detail.html", context)
