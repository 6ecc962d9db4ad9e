"""Public, read-only pages. Every query starts from a `.public()` QuerySet method."""

from django.shortcuts import get_object_or_404, render

from .models import Goal, Objective, Owner, Plan


def home(request):
    plan = Plan.objects.active().with_tree().first()
    return render(request, "goals/plan_detail.html", {"plan": plan, "is_home": True})


def plan_list(request):
    plans = Plan.objects.public().order_by("-status", "-due_on")
    return render(request, "goals/plan_list.html", {"plans": plans})


def plan_detail(request, plan_slug):
    plan = get_object_or_404(Plan.objects.public().with_tree(), slug=plan_slug)
    return render(request, "goals/plan_detail.html", {"plan": plan})


def goal_detail(request, plan_slug, goal_slug):
    goal = get_object_or_404(
        Goal.objects.public().select_related("plan").with_objectives(),
        plan__slug=plan_slug,
        slug=goal_slug,
    )
    return render(request, "goals/goal_detail.html", {"goal": goal, "plan": goal.plan})


def objective_detail(request, plan_slug, goal_slug, objective_slug):
    objective = get_object_or_404(
        Objective.objects.public().select_related("goal__plan").with_owners_and_evidence(),
        goal__plan__slug=plan_slug,
        goal__slug=goal_slug,
        slug=objective_slug,
    )
    return render(
        request,
        "goals/objective_detail.html",
        {"objective": objective, "goal": objective.goal, "plan": objective.goal.plan},
    )


def owner_detail(request, owner_slug):
    owner = get_object_or_404(Owner.objects.public(), slug=owner_slug)
    objectives = (
        Objective.objects.public().for_owner(owner).select_related("goal__plan").with_owners_and_evidence()
    )
    return render(request, "goals/owner_detail.html", {"owner": owner, "objectives": objectives})
