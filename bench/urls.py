"""The real URLs plus two references: a constant view (the floor of any Django response) and the
plan page's database reads with no HTML (the floor of a cold render that reads the data)."""

from django.http import HttpResponse
from django.urls import include, path

from goals.models import Plan

CONSTANT_BODY = b"<!DOCTYPE html><title>constant</title><p>A constant Django response.</p>\n"


def constant(request):
    return HttpResponse(CONSTANT_BODY)


def plan_queries(request, plan_slug):
    Plan.objects.public().with_standing().get(slug=plan_slug)
    return HttpResponse(CONSTANT_BODY)


urlpatterns = [
    path("__bench__/constant/", constant, name="bench-constant"),
    path("__bench__/queries/<slug:plan_slug>/", plan_queries, name="bench-queries"),
    path("", include("strategy_site.urls")),
]
