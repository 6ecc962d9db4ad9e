"""Public, read-only pages. Every query starts from a `.public()` QuerySet method.

The plan page reads plain values (goals/plan_page.py); the others read models. All of them are
Jinja2 templates (goals/jinja.py).
"""

from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import filters
from .jinja import url
from .models import Goal, Objective, Owner, Plan
from .plan_page import load_plan_page
from .rows import count_row_flags, objective_rows


def home(request):
    page = load_plan_page()
    if page is None:
        return render(request, "goals/no_plan.jinja", using="jinja2")
    return _plan_page(request, page)


def plan_list(request):
    plans = Plan.objects.public().with_progress().order_by("status", "-due_on", "title")
    context = {"plans": plans, "today": timezone.localdate()}
    return render(request, "goals/plan_list.jinja", context, using="jinja2")


def plan_detail(request, plan_slug):
    page = load_plan_page(plan_slug)
    if page is None:
        raise Http404("No public plan has this address.")
    return _plan_page(request, page)


def _plan_page(request, page):
    """The plan page: filters over every objective, goals shown a page at a time on big plans."""
    plan, rows = page.plan, page.rows
    form = filters.ObjectiveFilterForm(filters.filter_data(request.GET), owners=page.owners)
    sections = filters.filter_sections(page.sections, form)
    goal_page = Paginator(sections, settings.STRATEGY_GOALS_PER_PAGE).get_page(request.GET.get("page"))

    def page_query(number):
        query = request.GET.copy()
        query["page"] = number
        return query.urlencode()

    context = {
        "plan": plan,
        "plan_url": url("goals:plan", plan.slug),
        "form": form,
        "goal_page": goal_page,
        "page_query": page_query,
        "shown_count": sum(len(section.shown) for section in sections),
        "objective_count": len(rows),
        "open_count": sum(not row.is_done for row in rows),
        "status_counts": filters.status_counts(rows),
        "flags": count_row_flags(rows),
        "stale_after_days": settings.STRATEGY_STALE_AFTER_DAYS,
    }
    return render(request, "goals/plan_detail.jinja", context, using="jinja2")


def goal_detail(request, plan_slug, goal_slug):
    goal = get_object_or_404(
        Goal.objects.public().select_related("plan").with_progress(), plan__slug=plan_slug, slug=goal_slug
    )
    today = timezone.localdate()
    rows = objective_rows(goal.objectives_in_order(), today)
    context = {
        "goal": goal,
        "plan": goal.plan,
        "today": today,
        "flags": count_row_flags(rows),
        "status_counts": filters.status_counts(rows),
        "objective_rows": rows,
        "stale_after_days": settings.STRATEGY_STALE_AFTER_DAYS,
    }
    return render(request, "goals/goal_detail.jinja", context, using="jinja2")


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
    return render(request, "goals/objective_detail.jinja", context, using="jinja2")


def owner_detail(request, owner_slug):
    owner = get_object_or_404(Owner.objects.public(), slug=owner_slug)
    objectives = list(
        Objective.objects.public().for_owner(owner).select_related("goal__plan").with_owners().in_plan_order()
    )
    today = timezone.localdate()
    rows = objective_rows(objectives, today)
    context = {
        "owner": owner,
        "objective_count": len(objectives),
        # In plan order already: one group per plan, as {% regroup %} made them.
        "plan_groups": [
            (plan, list(plan_rows))
            for plan, plan_rows in groupby(rows, key=lambda row: row.objective.goal.plan)
        ],
        "today": today,
        "status_counts": filters.status_counts(rows),
        "flags": count_row_flags(rows),
        "stale_after_days": settings.STRATEGY_STALE_AFTER_DAYS,
    }
    return render(request, "goals/owner_detail.jinja", context, using="jinja2")
