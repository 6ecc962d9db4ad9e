"""The real URLs plus two references: a constant view (the floor of any Django response) and the
plan page's three database queries with no HTML (the floor of a cold render that reads the data)."""

from django.http import HttpResponse
from django.urls import include, path

from goals.plan_page import GOALS, OBJECTIVES, PLAN_BY_SLUG

CONSTANT_BODY = b"<!DOCTYPE html><title>constant</title><p>A constant Django response.</p>\n"


def constant(request):
    return HttpResponse(CONSTANT_BODY)


def plan_queries(request, plan_slug):
    plan_id = PLAN_BY_SLUG.rows(slug=plan_slug)[0][0]
    GOALS.rows(plan_id=plan_id)
    OBJECTIVES.rows(plan_id=plan_id)
    return HttpResponse(CONSTANT_BODY)


urlpatterns = [
    path("__bench__/constant/", constant, name="bench-constant"),
    path("__bench__/queries/<slug:plan_slug>/", plan_queries, name="bench-queries"),
    path("", include("strategy_site.urls")),
]
