"""Feeds, badges and downloads of public plans (the JSON API is goals/opendata/api.py)."""

from django.urls import path

from goals.opendata import badges, downloads, feeds
from goals.opendata.freshness import public_condition

app_name = "opendata"

urlpatterns = [
    path("plans/<slug:plan_slug>/feed.atom", public_condition(feeds.PlanFeed()), name="plan-feed"),
    path(
        "plans/<slug:plan_slug>/goals/<slug:goal_slug>/feed.atom",
        public_condition(feeds.GoalFeed()),
        name="goal-feed",
    ),
    path("plans/<slug:plan_slug>/badge.svg", badges.plan_badge, name="plan-badge"),
    path("plans/<slug:plan_slug>/goals/<slug:goal_slug>/badge.svg", badges.goal_badge, name="goal-badge"),
    path("plans/<slug:plan_slug>/plan.md", downloads.plan_markdown, name="plan-markdown"),
    path("plans/<slug:plan_slug>/objectives.csv", downloads.objectives_csv, name="plan-objectives-csv"),
]
