from django.urls import path

from . import badges, exports, feeds, views
from .freshness import public_condition

app_name = "goals"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:plan_slug>/", views.plan_detail, name="plan"),
    path("plans/<slug:plan_slug>/goals/<slug:goal_slug>/", views.goal_detail, name="goal"),
    path(
        "plans/<slug:plan_slug>/goals/<slug:goal_slug>/objectives/<slug:objective_slug>/",
        views.objective_detail,
        name="objective",
    ),
    path("owners/<slug:owner_slug>/", views.owner_detail, name="owner"),
    # Open data: feeds, badges and downloads of public plans (the JSON API is in goals/api.py).
    path("plans/<slug:plan_slug>/feed.atom", public_condition(feeds.PlanFeed()), name="plan-feed"),
    path(
        "plans/<slug:plan_slug>/goals/<slug:goal_slug>/feed.atom",
        public_condition(feeds.GoalFeed()),
        name="goal-feed",
    ),
    path("plans/<slug:plan_slug>/badge.svg", badges.plan_badge, name="plan-badge"),
    path("plans/<slug:plan_slug>/goals/<slug:goal_slug>/badge.svg", badges.goal_badge, name="goal-badge"),
    path("plans/<slug:plan_slug>/plan.md", exports.plan_markdown, name="plan-markdown"),
    path("plans/<slug:plan_slug>/objectives.csv", exports.objectives_csv, name="plan-objectives-csv"),
]

# The board's review pages (issue 5): signed-in board members and founders only.
from . import review_views  # noqa: E402

urlpatterns += [
    path("review/", review_views.review_home, name="review-home"),
    path("review/plans/<slug:plan_slug>/", review_views.plan_review, name="review-plan"),
    path("review/plans/<slug:plan_slug>/record/", review_views.record_review, name="review-record-new"),
    path(
        "review/plans/<slug:plan_slug>/objectives.csv",
        review_views.objectives_csv,
        name="review-objectives-csv",
    ),
    path("review/records/<int:pk>/", review_views.review_detail, name="review-record"),
    path("review/records/<int:pk>/withdraw/", review_views.withdraw, name="review-withdraw"),
    path("review/records/<int:pk>/snapshot.csv", review_views.snapshot_csv, name="review-snapshot-csv"),
    path("review/compare/", review_views.compare, name="review-compare"),
]
