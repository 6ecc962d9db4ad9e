"""Public, read-only pages. Every query starts from a `.public()` QuerySet method, and every figure
and flag comes from the rules (goals/rules.py) through the models' `standing()`."""

from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from goals import charts, rules, updates
from goals.check_ins import timeline as check_in_timeline
from goals.models import CheckIn, Evidence, Goal, Objective, Owner, Plan, Review
from goals.public import filters, search
from goals.public.cache import reads_query

# What the plan page reads from its query string: its filters and the page of goals.
PLAN_PAGE_QUERY = (*filters.ObjectiveFilterForm.base_fields, "page")


@reads_query(*PLAN_PAGE_QUERY)
def home(request):
    plan = Plan.objects.active().with_standing().first()
    if plan is None:
        return render(request, "public/no_plan.html")
    return _plan_page(request, plan)


def plan_list(request):
    plans = Plan.objects.public().with_standing().order_by("status", "-due_on", "title")
    return render(request, "public/plan_list.html", {"plans": plans})


@reads_query(*PLAN_PAGE_QUERY)
def plan_detail(request, plan_slug):
    plan = get_object_or_404(Plan.objects.public().with_standing(), slug=plan_slug)
    return _plan_page(request, plan)


def _attention(objectives, today):
    """What the summary of a list of objectives counts: by status, by flag, still open."""
    return {
        "status_counts": filters.status_counts(objectives),
        "flags": rules.count_flags(objective.standing(today) for objective in objectives),
        "open_count": sum(not objective.is_done for objective in objectives),
        "objective_count": len(objectives),
        "stale_after_days": settings.STRATEGY_STALE_AFTER_DAYS,
    }


@dataclass
class GoalCard:
    """One goal at a glance, for the plan page's first screen."""

    goal: Goal
    standing: rules.Standing
    pace: str | None
    status_counts: list
    flags: dict

    @property
    def attention(self):
        """[(flag, count)] of the flags any of its objectives has, most urgent first."""
        return [(flag, self.flags[flag]) for flag in ("behind", "overdue", "stale") if self.flags[flag]]


def _goal_cards(goals, today, *, ended, quiet):
    """A card per goal; `quiet` (an ended plan with nothing recorded) leaves out the flags, which
    the page then sums up once."""
    cards = []
    for goal in goals:
        objectives = goal.objectives_in_order()
        standing = goal.standing(today)
        flags = rules.count_flags(objective.standing(today) for objective in objectives)
        cards.append(
            GoalCard(
                goal=goal,
                standing=standing,
                pace=rules.pace(standing, ended=ended),
                status_counts=filters.status_counts(objectives),
                flags=dict.fromkeys(flags, 0) if quiet else flags,
            )
        )
    return cards


def _plan_page(request, plan):
    """The plan page: filters over every objective, goals shown a page at a time on big plans."""
    today = timezone.localdate()
    objectives = plan.objectives_in_order()
    owners = {owner.pk: owner for objective in objectives for owner in objective.owner_list}
    owners = sorted(owners.values(), key=lambda owner: (owner.name.lower(), owner.slug))
    form = filters.ObjectiveFilterForm(filters.filter_data(request.GET), owners=owners)
    sections = filters.filter_sections(plan.goals_in_order(), form)
    has_ended = plan.has_ended(today)
    nothing_recorded = rules.nothing_recorded(objective.standing(today) for objective in objectives)
    standing = plan.standing(today)
    context = {
        "plan": plan,
        "standing": standing,
        "pace": rules.pace(standing, ended=has_ended),
        "has_ended": has_ended,
        "nothing_recorded": nothing_recorded,
        "goal_cards": _goal_cards(
            plan.goals_in_order(), today, ended=has_ended, quiet=has_ended and nothing_recorded
        ),
        "public_review": Review.objects.public_for(plan).first(),
        "form": form,
        "goal_page": Paginator(sections, settings.STRATEGY_GOALS_PER_PAGE).get_page(request.GET.get("page")),
        "shown_count": sum(len(section.shown) for section in sections),
        **_attention(objectives, today),
    }
    return render(request, "public/plan_detail.html", context)


def goal_detail(request, plan_slug, goal_slug):
    goal = get_object_or_404(
        Goal.objects.public().select_related("plan").with_standing(), plan__slug=plan_slug, slug=goal_slug
    )
    today = timezone.localdate()
    objectives = goal.objectives_in_order()
    context = {
        "goal": goal,
        "plan": goal.plan,
        "standing": goal.standing(today),
        "has_ended": goal.plan.has_ended(today),
        "objectives": objectives,
        **_attention(objectives, today),
    }
    return render(request, "public/goal_detail.html", context)


def objective_detail(request, plan_slug, goal_slug, objective_slug):
    objective = get_object_or_404(
        Objective.objects.public()
        .select_related("goal__plan")
        .with_standing()
        .with_key_result(targets=True)
        .with_owners()
        .with_public_evidence()
        .with_public_check_ins()
        .with_github_links(),
        goal__plan__slug=plan_slug,
        goal__slug=goal_slug,
        slug=objective_slug,
    )
    evidence, check_ins = objective.public_evidence, objective.public_check_ins
    # Signed-in staff who may see the objective also see its internal entries (never cached).
    shows_internal = request.user.is_staff and request.user.has_perm("goals.see_objective", objective)
    if shows_internal:
        evidence = [*evidence, *objective.evidence.exclude(visibility=Evidence.Visibility.PUBLIC)]
        check_ins = [
            *check_ins,
            *objective.check_ins.exclude(visibility=CheckIn.Visibility.PUBLIC).select_related(
                "author__owner", "api_token__owner"
            ),
        ]
    context = {
        "objective": objective,
        "goal": objective.goal,
        "plan": objective.goal.plan,
        "standing": objective.standing(),
        "timeline": check_in_timeline(evidence, check_ins),
        # Public measurements only, for everyone: they are what the progress counts.
        "measurement_chart": charts.objective_measurement_chart(objective, objective.public_check_ins),
        "shows_internal": shows_internal,
    }
    return render(request, "public/objective_detail.html", context)


def plan_updates(request, plan_slug):
    """The plan's feed as a page: the same updates (goals/updates.py), newest first."""
    plan = get_object_or_404(Plan.objects.public(), slug=plan_slug)
    context = {"plan": plan, "updates": updates.plan_updates(plan), "max_updates": updates.MAX_UPDATES}
    return render(request, "public/updates.html", context)


def goal_updates(request, plan_slug, goal_slug):
    """A goal's feed as a page."""
    goal = get_object_or_404(
        Goal.objects.public().select_related("plan"), plan__slug=plan_slug, slug=goal_slug
    )
    context = {
        "plan": goal.plan,
        "goal": goal,
        "updates": updates.goal_updates(goal),
        "max_updates": updates.MAX_UPDATES,
    }
    return render(request, "public/updates.html", context)


def owner_detail(request, owner_slug):
    owner = get_object_or_404(Owner.objects.public(), slug=owner_slug)
    objectives = list(
        Objective.objects.public()
        .for_owner(owner)
        .select_related("goal__plan")
        .with_standing()
        .with_key_result()
        .with_owners()
        .in_plan_order()
    )
    context = {
        "owner": owner,
        # In plan order already: one group per plan.
        "plan_groups": [
            (plan, list(plan_objectives))
            for plan, plan_objectives in groupby(objectives, key=lambda objective: objective.goal.plan)
        ],
        **_attention(objectives, timezone.localdate()),
    }
    return render(request, "public/owner_detail.html", context)


def owner_list(request):
    owners = Owner.objects.public().annotate(
        objective_count=Count(
            "objectives", filter=Q(objectives__in=Objective.objects.public()), distinct=True
        )
    )
    return render(request, "public/owner_list.html", {"owners": owners.order_by("name")})


@reads_query(*search.SearchForm.base_fields)
def search_results(request):
    """/search/?q=…: the public rows that match, by kind; no query, or a bad one, says so."""
    form = search.SearchForm(request.GET if "q" in request.GET else None)
    groups = search.search(form.cleaned_data["q"]) if form.is_valid() else []
    context = {
        "form": form,
        "groups": groups,
        "result_count": sum(len(group.items) for group in groups),
        "results_per_kind": search.RESULTS_PER_KIND,
    }
    return render(request, "public/search.html", context)
