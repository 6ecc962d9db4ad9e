from django.urls import path

from goals.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:plan_slug>/", views.plan_detail, name="plan"),
    path("plans/<slug:plan_slug>/updates/", views.plan_updates, name="plan-updates"),
    path("plans/<slug:plan_slug>/goals/<slug:goal_slug>/", views.goal_detail, name="goal"),
    path("plans/<slug:plan_slug>/goals/<slug:goal_slug>/updates/", views.goal_updates, name="goal-updates"),
    path(
        "plans/<slug:plan_slug>/goals/<slug:goal_slug>/objectives/<slug:objective_slug>/",
        views.objective_detail,
        name="objective",
    ),
    path("owners/", views.owner_list, name="owner-list"),
    path("owners/<slug:owner_slug>/", views.owner_detail, name="owner"),
    path("search/", views.search_results, name="search"),
]
