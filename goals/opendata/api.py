"""The JSON API, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Reading shows exactly what the public pages show: every query starts from a `.public()` QuerySet
method, evidence and check-ins come from the public-only prefetches, and the schemas list their
fields one by one, so a field added to a model (an owner's e-mail, say) never reaches the API by
accident. Each endpoint makes a fixed number of queries, whatever the page size.

Writing takes an API token (goals/opendata/tokens.py) and goes through record_check_in, as every
other way of posting an update does.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import AuthenticationError
from ninja.pagination import LimitOffsetPagination, paginate

from goals.check_ins import record_check_in
from goals.models import Evidence, Goal, Objective, Owner, Plan
from goals.opendata.freshness import public_condition
from goals.opendata.schemas import (
    CheckInIn,
    CheckInOut,
    EvidenceFilter,
    EvidenceOut,
    GoalDetailOut,
    GoalFilter,
    GoalOut,
    InvalidInput,
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
    Refused,
)
from goals.opendata.tokens import TokenAuth, TokenRateThrottle

api = NinjaAPI(
    title="strategy-site open data",
    version="1",
    description=(
        "Read access, without a login, to the published strategic plans: plans, goals, objectives "
        "(with their key results), owners, public evidence and check-ins, with progress and status. "
        "Drafts, internal entries and e-mail addresses are never included. Lists are paginated with "
        "`limit` and `offset`; every read carries an `ETag` and a `Last-Modified` header for "
        "conditional requests.\n\nWriting (check-ins and measurements) takes an API token that a "
        "founder issues in the admin for one owner: `Authorization: Bearer <token>`. A token posts "
        "only to its owner's objectives, at most 60 requests a minute."
    ),
    urls_namespace="api-v1",
)


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="How many items to return (1 to 500).")
        offset: int = Field(0, ge=0, le=10**9, description="How many items to skip.")


@api.exception_handler(AuthenticationError)
def unauthorized(request, error):
    response = api.create_response(request, {"detail": str(error)}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# Endpoints. `public_condition` answers conditional GETs with 304 before any of these run.


def public_objectives():
    return (
        Objective.objects.public()
        .select_related("goal__plan")
        .with_standing()
        .with_key_result(targets=True)
        .with_owners()
        .with_public_evidence()
        .with_github_links()
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
    goals = Goal.objects.public().select_related("plan")
    goals = goals.with_standing(evidence=True, github=True, targets=True)
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
    url_name="objective",
)
@decorate_view(public_condition)
def get_objective(request, plan_slug: str, goal_slug: str, objective_slug: str):
    return get_object_or_404(
        public_objectives().with_public_check_ins(),
        goal__plan__slug=plan_slug,
        goal__slug=goal_slug,
        slug=objective_slug,
    )


def field_errors(error):
    """A model's ValidationError in the shape of the API's other 422 answers."""
    return [
        {
            "type": "value_error",
            "loc": ["body", "payload"] + ([] if field == NON_FIELD_ERRORS else [field]),
            "msg": message,
        }
        for field, messages in error.message_dict.items()
        for message in messages
    ]


@api.post(
    "/plans/{plan_slug}/goals/{goal_slug}/objectives/{objective_slug}/check-ins",
    response={
        201: CheckInOut,
        200: CheckInOut,
        400: Refused,
        401: Refused,
        403: Refused,
        404: NotFound,
        422: InvalidInput,
        429: Refused,
    },
    auth=TokenAuth(),
    throttle=[TokenRateThrottle(requests=60, seconds=60)],
    tags=["check-ins"],
    summary="Post a check-in or a measurement (API token)",
    description=(
        "Records one dated update of an objective of the token's owner: a status, progress (for an "
        "objective without a key result), a measured `value` (for one with a key result), a note, "
        "links. 201 with the check-in; 200 with the first one when its `client_key` was already "
        "recorded for this objective (a retry). 400 for a body that is not JSON; 401 without a "
        "valid, unrevoked token (or with one whose owner's login is deactivated); 403 for an "
        "objective of someone else; 422 for bad values (`detail` "
        "names each field); 429 past 60 requests a minute (see `Retry-After`)."
    ),
)
@decorate_view(never_cache)
def post_check_in(request, plan_slug: str, goal_slug: str, objective_slug: str, payload: CheckInIn):
    token = request.auth
    objective = get_object_or_404(
        Objective.objects.select_related("goal__plan"),
        goal__plan__slug=plan_slug,
        goal__slug=goal_slug,
        slug=objective_slug,
    )
    if not token.has_perm("goals.post_check_in", objective):
        # Someone else's objective in a draft plan is not there, for this token as for anyone.
        if not Objective.objects.public().filter(pk=objective.pk).exists():
            raise Http404
        return Status(403, {"detail": f"This token posts only to the objectives of {token.owner.name}."})
    try:
        check_in, created = record_check_in(
            objective, author=token.owner.user, api_token=token, **payload.arguments()
        )
    except ValidationError as error:
        return Status(422, {"detail": field_errors(error)})
    return Status(201 if created else 200, check_in)


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
