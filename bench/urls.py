"""The real URLs plus references: a constant view (the floor of any Django response), the plan
page's database reads with no HTML (the floor of a cold render that reads the data), and the search
page's reads with no HTML, as they are and as they were before the indexes of migration 0015."""

from functools import reduce

from django.http import HttpResponse
from django.urls import include, path

from goals.models import CheckIn, Evidence, Goal, Objective, Plan
from goals.public import search

CONSTANT_BODY = b"<!DOCTYPE html><title>constant</title><p>A constant Django response.</p>\n"


def constant(request):
    return HttpResponse(CONSTANT_BODY)


def plan_queries(request, plan_slug):
    Plan.objects.public().with_standing().get(slug=plan_slug)
    return HttpResponse(CONSTANT_BODY)


def search_before_0015(queryset, title, body, query):
    """goals.querysets.text_search as it was before migration 0015: one English vector, built on
    the fly for every row. Measured on the schema of 0014, which has no index it could use."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = reduce(
        lambda left, right: left + right,
        [SearchVector(title, weight="A", config="english")]
        + [SearchVector(field, weight="B", config="english") for field in body],
    )
    search_query = SearchQuery(query, search_type="websearch", config="english")
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    return (
        queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(search=search_query)
        .order_by("-rank", *ordering)
    )


BEFORE_0015 = [  # what search.search() read per kind, with the old expression
    (Plan, "title", ["introduction"], ()),
    (Goal, "title", ["rationale"], ("plan",)),
    (Objective, "statement", ["description"], ("goal__plan",)),
    (Evidence, "title", ["summary"], ("objective__goal__plan",)),
    (CheckIn, "note", [], ("objective__goal__plan",)),
]


def search_queries(request, expression):
    """The search page's queries for ?q=, with no HTML: `indexed` (today's) or `before` (0014's)."""
    query = request.GET["q"]
    if expression == "indexed":
        search.search(query)
    else:
        for model, title, body, related in BEFORE_0015:
            found = search_before_0015(model.objects.public(), title, body, query).select_related(*related)
            list(found[: search.RESULTS_PER_KIND + 1])
    return HttpResponse(CONSTANT_BODY)


urlpatterns = [
    path("__bench__/constant/", constant, name="bench-constant"),
    path("__bench__/queries/<slug:plan_slug>/", plan_queries, name="bench-queries"),
    path("__bench__/search/<str:expression>/", search_queries, name="bench-search"),
    path("", include("strategy_site.urls")),
]
