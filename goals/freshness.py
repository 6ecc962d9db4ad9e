"""ETag and Last-Modified for the open-data surfaces (API, feeds, badges, exports).

A response is fresh as long as nothing public that it could show has changed. The stamp reads
the newest `updated_at` and the row counts of public plans, goals, objectives (with their owner
links and owners) and public evidence, in four aggregate queries whatever the plan's size. Counts
catch deletions and owner (un)assignments, which leave no newer `updated_at` behind.

Views use Django's `condition` decorator with `etag` and `last_modified` below; the stamp is
computed once per request and kept on it.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.db.models import Count, Max
from django.views.decorators.http import condition

from .models import Evidence, Goal, Objective, Plan

# Bump when a surface's output format changes, so caches drop what they hold.
FORMAT_VERSION = "open-data-1"


@dataclass(frozen=True)
class Stamp:
    last_modified: datetime | None
    etag: str | None


def public_stamp(plan_slug=None):
    """Freshness of all public data, or of one public plan; None when that plan is not public."""
    plans = Plan.objects.public()
    goals = Goal.objects.public()
    objectives = Objective.objects.public()
    evidence = Evidence.objects.public()
    if plan_slug is not None:
        plans = plans.filter(slug=plan_slug)
        goals = goals.filter(plan__slug=plan_slug)
        objectives = objectives.filter(goal__plan__slug=plan_slug)
        evidence = evidence.filter(objective__goal__plan__slug=plan_slug)

    rows = [
        plans.aggregate(latest=Max("updated_at"), count=Count("pk")),
        goals.aggregate(latest=Max("updated_at"), count=Count("pk")),
        objectives.aggregate(
            latest=Max("updated_at"),
            count=Count("pk", distinct=True),
            owner_links=Count("owners"),
            owners_latest=Max("owners__updated_at"),
        ),
        evidence.aggregate(latest=Max("updated_at"), count=Count("pk")),
    ]
    if plan_slug is not None and not rows[0]["count"]:
        return None
    dates = [value for row in rows for key, value in row.items() if key.endswith("latest") and value]
    digest = hashlib.sha256(repr((FORMAT_VERSION, plan_slug, rows)).encode()).hexdigest()[:32]
    return Stamp(last_modified=max(dates) if dates else None, etag=f'"{digest}"')


def _stamp_for(request, plan_slug):
    cache = request.__dict__.setdefault("_open_data_stamps", {})
    if plan_slug not in cache:
        cache[plan_slug] = public_stamp(plan_slug)
    return cache[plan_slug]


def plan_etag(request, plan_slug, **kwargs):
    stamp = _stamp_for(request, plan_slug)
    return stamp.etag if stamp else None


def plan_last_modified(request, plan_slug, **kwargs):
    stamp = _stamp_for(request, plan_slug)
    return stamp.last_modified if stamp else None


def site_etag(request, *args, **kwargs):
    return _stamp_for(request, None).etag


def site_last_modified(request, *args, **kwargs):
    return _stamp_for(request, None).last_modified


def _validators_on_success_only(decorator):
    """`condition`, but an error (a 404 for a draft, a 422) carries no ETag to revalidate against."""

    def decorate(view):
        conditional_view = decorator(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = conditional_view(request, *args, **kwargs)
            if response.status_code >= 400:
                response.headers.pop("ETag", None)
                response.headers.pop("Last-Modified", None)
            return response

        return wrapper

    return decorate


# For views of one plan (or of a goal in it): /plans/<plan_slug>/...
plan_condition = _validators_on_success_only(
    condition(etag_func=plan_etag, last_modified_func=plan_last_modified)
)
# For the API, whose lists span every public plan.
site_condition = _validators_on_success_only(
    condition(etag_func=site_etag, last_modified_func=site_last_modified)
)
