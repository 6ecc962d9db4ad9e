"""The read-only JSON API, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

It shows exactly what the public pages show: every query starts from a `.public()` QuerySet
method, evidence comes from the public-only prefetch, and the schemas below list their fields one
by one, so a field added to a model (an owner's e-mail, say) never reaches the API by accident.
Each endpoint makes a fixed number of queries, whatever the page size.
"""

from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.pagination import LimitOffsetPagination, paginate

from goals.models import Evidence, Goal, Objective, Owner, Plan
from goals.opendata.freshness import public_condition
from goals.opendata.schemas import (
    EvidenceFilter,
    EvidenceOut,
    GoalDetailOut,
    GoalFilter,
    GoalOut,
    InvalidQuery,
    NotFound,
    ObjectiveDetailOut,
    ObjectiveFilter,
    ObjectiveOut,
    OwnerDetailOut,
    OwnerFilter,
    OwnerOut,
    PlanDetailOut,
    PlanFilter,
    PlanOut,
)

api = NinjaAPI(
    title="strategy-site open data",
    version="1",
    description=(
        "Read-only access to the published strategic plans: plans, goals, objectives, owners and "
        "public evidence, with progress and status. Drafts, internal evidence and e-mail addresses "
        "are never included. Lists are paginated with `limit` and `offset`; every response carries "
        "an `ETag` and a `Last-Modified` header for conditional requests."
    ),
    urls_namespace="api-v1",
)


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="How many items to return (1 to 500).")
        offset: int = Field(0, ge=0, le=10**9, description="How many items to skip.")


# Endpoints. `public_condition` answers conditional GETs with 304 before any of these run.


def public_objectives():
    return (
        Objective.objects.public()
        .select_related("goal__plan")
        .with_standing()
        .with_owners()
        .with_public_evidence()
    )


@api.get(
    "/plans", response={200: list[PlanOut], 422: InvalidQuery}, tags=["plans"], summary="List public plans"
)
@paginate(Pagination)
@decorate_view(public_condition)
def list_plans(request, filters: Query[PlanFilter]):
    return filters.filter(Plan.objects.public()).order_by("-due_on", "title").with_standing()


@api.get(
    "/plans/{plan_slug}",
    response={200: PlanDetailOut, 404: NotFound},
    tags=["plans"],
    summary="A plan, with its goals",
    url_name="plan",
)
@decorate_view(public_condition)
def get_plan(request, plan_slug: str):
    return get_object_or_404(Plan.objects.public().with_standing(), slug=plan_slug)


@api.get(
    "/goals",
    response={200: list[GoalOut], 422: InvalidQuery},
    tags=["goals"],
    summary="List goals of public plans",
)
@paginate(Pagination)
@decorate_view(public_condition)
def list_goals(request, filters: Query[GoalFilter]):
    goals = Goal.objects.public().select_related("plan").order_by("plan__slug", "order", "pk")
    return filters.filter(goals).with_standing()


@api.get(
    "/plans/{plan_slug}/goals/{goal_slug}",
    response={200: GoalDetailOut, 404: NotFound},
    tags=["goals"],
    summary="A goal, with its objectives",
    url_name="goal",
)
@decorate_view(public_condition)
def get_goal(request, plan_slug: str, goal_slug: str):
    goals = Goal.objects.public().select_related("plan").with_standing(evidence=True)
    return get_object_or_404(goals, plan__slug=plan_slug, slug=goal_slug)


@api.get(
    "/objectives",
    response={200: list[ObjectiveOut], 422: InvalidQuery},
    tags=["objectives"],
    summary="List objectives of public plans",
)
@paginate(Pagination)
@decorate_view(public_condition)
def list_objectives(request, filters: Query[ObjectiveFilter]):
    objectives = filters.filter(public_objectives())
    return objectives.order_by("goal__plan__slug", "goal__order", "goal__pk", "order", "pk")


@api.get(
    "/plans/{plan_slug}/goals/{goal_slug}/objectives/{objective_slug}",
    response={200: ObjectiveDetailOut, 404: NotFound},
    tags=["objectives"],
    summary="An objective, with its public evidence",
)
@decorate_view(public_condition)
def get_objective(request, plan_slug: str, goal_slug: str, objective_slug: str):
    return get_object_or_404(
        public_objectives(), goal__plan__slug=plan_slug, goal__slug=goal_slug, slug=objective_slug
    )


@api.get(
    "/owners",
    response={200: list[OwnerOut], 422: InvalidQuery},
    tags=["owners"],
    summary="List owners of public objectives",
)
@paginate(Pagination)
@decorate_view(public_condition)
def list_owners(request, filters: Query[OwnerFilter]):
    return filters.filter(Owner.objects.public()).order_by("name", "pk")


@api.get(
    "/owners/{owner_slug}",
    response={200: OwnerDetailOut, 404: NotFound},
    tags=["owners"],
    summary="An owner, with their objectives",
)
@decorate_view(public_condition)
def get_owner(request, owner_slug: str):
    owner = get_object_or_404(Owner.objects.public(), slug=owner_slug)
    owner.public_objectives = list(
        public_objectives().for_owner(owner).order_by("goal__plan__slug", "goal__order", "order", "pk")
    )
    return owner


@api.get(
    "/evidence",
    response={200: list[EvidenceOut], 422: InvalidQuery},
    tags=["evidence"],
    summary="List public evidence",
)
@paginate(Pagination)
@decorate_view(public_condition)
def list_evidence(request, filters: Query[EvidenceFilter]):
    evidence = Evidence.objects.public().select_related("objective__goal__plan")
    return filters.filter(evidence).order_by("-happened_on", "-pk")
